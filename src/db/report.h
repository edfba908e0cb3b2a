/*
 * The report registry's two kinds of entry (DESIGN.md 6a, "Reports"), which
 * the modules that own the data fill and the reports module composes into
 * one statement. Types only, here in the db layer because every module that
 * answers for numbers includes it and reports sits above them all: a module
 * exports its entries in its header, the table of modules (modules.c) lists
 * them for reports (reports.h), and reports reads no module's tables.
 *
 * A source is a SELECT over its module's own tables giving one row per fact
 * with exactly these columns, in this order:
 *
 *   user_id    who
 *   centre_id  where they trained (a cohort's centre, else the course's; NULL: none)
 *   course_id  in what
 *   at         when, as stored ("YYYY-MM-DDTHH:MM:SSZ", UTC)
 *   kind       REPORT_ENROLLED, REPORT_COMPLETED, REPORT_CERTIFIED, REPORT_MINUTES,
 *              REPORT_ATTENDED or REPORT_ABSENT
 *   amount     minutes of learning (REPORT_MINUTES, REPORT_ATTENDED), else 0
 *
 * and '?' parameters in pairs: the earliest and the latest-but-one instant
 * that can matter (at >= ? AND at < ?), so that its own indexes narrow the
 * rows before the time zones decide per centre. Each of its WHEREs ends with
 * "$SCOPE(expr)", expr the centre's column there, which becomes nothing or
 * " AND (expr) IN (ids)" for a reader of some centres only: the planner
 * cannot carry that condition into a UNION of sources, so each source takes
 * it itself, where an index can use it. Each WHERE also ends with
 * "$PERSON(expr)", expr the person's column there, which becomes nothing or
 * " AND (expr) = ?" when the summary (summary.c) recounts one person.
 *
 * A dimension is what rows are grouped or filtered by. Its SQL may name the
 * facts (f), their centre (ce, LEFT JOINed: NULL without one), the person
 * (u) and the period (p: bucket, the month or quarter); "$LANG" in label and
 * join is replaced by the reader's language code (two letters from the
 * catalogue of languages, never user input).
 */
#ifndef DARS_DB_REPORT_H
#define DARS_DB_REPORT_H

#include <stdbool.h>
#include <stddef.h>

/* the kinds of fact, as the sources write them */
#define REPORT_ENROLLED "'enrolled'"
#define REPORT_COMPLETED "'completed'"
#define REPORT_MINUTES "'minutes'"
#define REPORT_ATTENDED "'attended'"
#define REPORT_ABSENT "'absent'"
#define REPORT_CERTIFIED "'certified'"

/* what a source counts, so that a report asking for less reads less */
enum report_need {
    REPORT_NEED_PEOPLE = 1 << 0, /* enrolled, completed */
    REPORT_NEED_TIME = 1 << 1,   /* learning hours, attendance */
    /*
     * certified: not held in the summary's cells (summary.c reads only the
     * two above), so a report counts it from the records every time
     */
    REPORT_NEED_CERTS = 1 << 2,
    REPORT_NEED_ALL = REPORT_NEED_PEOPLE | REPORT_NEED_TIME | REPORT_NEED_CERTS,
};

struct report_source {
    const char *name;  /* for the reader of the code and the logs: "enrolments" */
    enum report_need gives;
    const char *sql;   /* the facts, as above */
};

struct report_dim {
    const char *name;   /* the by and filter parameter: "region" */
    const char *join;   /* "" or the joins the key, label and filter need */
    const char *key;    /* SQL: the row's key (NULL for the "none" row) */
    const char *label;  /* SQL: its label, or NULL when the key is translated in C */
    /*
     * The filter, a condition with one '?' (the value), or NULL when the
     * dimension cannot be filtered on (month, quarter: use from and to).
     */
    const char *filter;
    /*
     * The values it takes, NULL-ended, in the order rows are shown; NULL: codes,
     * that a filter must name one that exists (exists), shown in code order.
     */
    const char *const *values;
    /* SQL with one '?': a row when the code exists; with values NULL and filter set */
    const char *exists;
    /* its SQL names the person (u), whom a report then joins; else it does not */
    bool person;
    /*
     * Rows read from the summary (summary.c) when the dimension is a level of
     * it: the level ("centre", "region"), and the join that makes a cell's
     * unit (x.unit) what key and label name. NULL: counted from the facts.
     */
    const char *cell_level;
    const char *cell_join;
};

/*
 * A metric: one number a donor's indicator follows (DESIGN.md 6a, "Donor
 * projects"), over a period and a filter, answered by the module that owns
 * its records. The table of modules lists each module's metrics for reports
 * (report_registry_metrics in reports.h); a metric that no module lists is
 * refused (422, reports_metric_check). The people metrics (people_enrolled,
 * people_completed, people_certified, learning_hours) are the reports module's own, counted
 * from the sources above exactly as a report counts them.
 *
 * Any other metric gives its facts as a SELECT with exactly these columns,
 * in this order:
 *
 *   subject    what is counted: an event's id, a registration's id, a
 *              mentor's user id, a centre's id (text or integer)
 *   user_id    the person the fact is about, or NULL (then no filter or split
 *              on who people are applies to it)
 *   centre_id  where it happened (NULL: nowhere, counted in UTC days)
 *   course_id  in what, or NULL
 *   at         when, as stored ("YYYY-MM-DDTHH:MM:SSZ", UTC)
 *   amount     what REPORT_METRIC_SUM adds up (hours), else 0
 *
 * with the same conventions as a source: '?' in pairs (the earliest and the
 * latest-but-one instant that can matter), "$SCOPE(expr)" and
 * "$PERSON(expr)" at the end of each WHERE, and also "$PROJECT(expr)", which
 * becomes " AND (expr) = ?" bound to the asking project's id (nothing when
 * none asks): equipment counts for the project that paid for it.
 */
enum report_metric_how {
    REPORT_METRIC_DISTINCT, /* distinct subjects with a fact in the period */
    REPORT_METRIC_SUM,      /* the sum of amount over the facts in the period */
    /* distinct subjects with a fact on or before the period's last day (a stock, not a flow) */
    REPORT_METRIC_DISTINCT_TO_DATE,
};

struct report_metric {
    const char *name;   /* as the contract spells it: "events_held" */
    enum report_metric_how how;
    const char *sql;    /* the facts, as above */
    bool person;        /* user_id is set: filters on who people are, and the split by sex, apply */
    bool course;        /* course_id is set: the programme and course filters apply */
    const char *unit;   /* "people", "events", "hours", "centres": how the number is read */
};

#endif
