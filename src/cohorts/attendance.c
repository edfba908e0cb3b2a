/*
 * Attendance: a session's roll taken on a phone (one tap per learner, a note,
 * everyone present at once), a cohort's marks and rates with a CSV export,
 * the API of a session's marks, and the minimum-attendance completion rule.
 * Instructors of the cohort or session, managers in scope and admins take it.
 */
#include "core/base.h"
#include "cohorts/attendance_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "enrol/enrol.h"
#include "view/export.h"
#include "view/fmt.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <stdlib.h>

static const char *const statuses[] = { "present", "late", "absent", "excused" };
static const char *const status_labels[] = { N_("Present"), N_("Late"), N_("Absent"),
                                             N_("Excused") };

/* The index of a known status, or -1. */
static int status_index(const char *s)
{
    for (size_t i = 0; s && i < ARRAY_SIZE(statuses); i++)
        if (streq(statuses[i], s))
            return (int)i;
    return -1;
}

static bool is_attended(const char *status)
{
    return streq(status, "present") || streq(status, "late");
}

/* A session as its pages show it; strings from the arena. */
struct att_session {
    int64_t id, cohort_id, centre_id;
    const char *starts_at, *ends_at, *room, *course_code, *course_title, *tz, *cohort_title;
    bool teaches; /* the user is its instructor or one of the cohort's */
};

/* A cohort as the summary shows it. */
struct att_cohort {
    int64_t id, centre_id, min_rate; /* min_rate -1: no rule */
    const char *course_code, *course_title, *title, *tz;
    bool teaches;
};

/*
 * Load the session of the URL and check that the user may take its
 * attendance: DARS_ENOTFOUND, DARS_EDENIED or 0.
 */
static int session_load(struct req *r, struct att_session *s /* OUT */)
{
    struct db_stmt *st;
    int64_t id = api_id(r->params[0]), uid = r->user->id;
    int rc;

    if (!id)
        return DARS_ENOTFOUND;
    if ((rc = db_query_row(r->db, &st, attendance_session_sql,
                           DB_ARGS(DB_INT(uid), DB_INT(uid), DB_TEXT(r->lang), DB_INT(id)))) < 0)
        return rc;
    struct arena *a = &r->arena;
    *s = (struct att_session){ db_col_int(st, 0),
                               db_col_int(st, 1),
                               db_col_int(st, 2),
                               arena_strdup(a, db_col_text(st, 3)),
                               arena_strdup(a, db_col_text(st, 4)),
                               arena_strdup(a, db_col_text(st, 5)),
                               arena_strdup(a, db_col_text(st, 6)),
                               arena_strdup(a, db_col_text(st, 7)),
                               arena_strdup(a, db_col_text(st, 8)),
                               arena_strdup(a, db_col_text(st, 9)),
                               db_col_int(st, 10) != 0 };
    db_done(st);
    return s->teaches || accounts_can_manage_centre(r, s->centre_id) ? 0 : DARS_EDENIED;
}

/* The same for the cohort of the URL and its summary. */
static int cohort_load(struct req *r, struct att_cohort *c /* OUT */)
{
    struct db_stmt *st;
    int64_t id = api_id(r->params[0]), uid = r->user->id;
    int rc;

    if (!id)
        return DARS_ENOTFOUND;
    if ((rc = db_query_row(r->db, &st, attendance_cohort_sql,
                           DB_ARGS(DB_INT(uid), DB_INT(uid), DB_TEXT(r->lang), DB_INT(id)))) < 0)
        return rc;
    struct arena *a = &r->arena;
    *c = (struct att_cohort){ db_col_int(st, 0),
                              db_col_int(st, 1),
                              db_col_int(st, 6),
                              arena_strdup(a, db_col_text(st, 2)),
                              arena_strdup(a, db_col_text(st, 3)),
                              arena_strdup(a, db_col_text(st, 4)),
                              arena_strdup(a, db_col_text(st, 5)),
                              db_col_int(st, 7) != 0 };
    db_done(st);
    return c->teaches || accounts_can_manage_centre(r, c->centre_id) ? 0 : DARS_EDENIED;
}

static const char *when(struct req *r, const char *iso, const char *tz)
{
    struct buf b = BUF_INIT;
    fmt_datetime(&b, r->lang, iso, tz);
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

/* The roll page; errors (may be NULL, reference not taken) for a refused mark. */
static int roll_page(struct req *r, const struct att_session *s, int status, json_t *errors)
{
    struct db_stmt *st;
    int64_t marked = 0, attended = 0;
    int rc;

    if ((rc = db_query(r->db, &st, attendance_roll_sql,
                       DB_ARGS(DB_INT(s->id), DB_INT(s->cohort_id)))) < 0)
        return rc;
    /* statuses and translations live as long as the request: referenced, not copied */
    struct val *items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *mark = db_col_text(st, 3);
        int k = status_index(mark);
        struct val *buttons = val_list(&r->arena);
        for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
            val_push(buttons,
                     val_pack(&r->arena, "{s:o, s:o, s:b}", "value",
                              val_str_ref(&r->arena, statuses[i]), "label",
                              val_str_ref(&r->arena, _(r->lang, status_labels[i])), "on",
                              (int)i == k));
        marked += k >= 0;
        attended += is_attended(mark);
        val_push(items,
                 val_pack(&r->arena, "{s:I, s:s, s:o, s:s, s:o}", "id",
                          (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 2), "mark",
                          val_str_ref(&r->arena, k >= 0 ? _(r->lang, status_labels[k])
                                                        : _(r->lang, "Not marked")),
                          "note", db_col_text(st, 4), "buttons", buttons));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    int64_t total = (int64_t)val_len(items);
    const char *url = arena_printf(&r->arena, "/sessions/%lld/attendance", (long long)s->id);
    const char *summary = arena_printf(&r->arena, "/cohorts/%lld/attendance",
                                       (long long)s->cohort_id);
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:I, s:I, s:I}", "title",
        _(r->lang, "Attendance"), "course", s->course_title, "when",
        when(r, s->starts_at, s->tz), "room", s->room, "url", url, "summary_url", summary,
        "items", items, "has_items", total > 0, "has_unmarked", marked < total, "marked",
        (json_int_t)marked, "total", (json_int_t)total, "attended", (json_int_t)attended);
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, s->course_title,
                arena_printf(&r->arena, "/cohorts/%lld", (long long)s->cohort_id),
                _(r->lang, "Attendance of the cohort"), summary, NULL);
    return view_page_status(r, status, "cohorts_attendance", ctx);
}

/* GET /sessions/:id/attendance */
static int roll_show(struct req *r)
{
    struct att_session s;
    int rc = session_load(r, &s);
    return rc < 0 ? rc : roll_page(r, &s, 200, NULL);
}

/* What one mark changes, for the audit log. */
static int audit_mark(struct db *db, struct arena *a, const struct actor *who, int64_t session,
                      int64_t user, const char *before, const char *after,
                      const char *note_before, const char *note_after)
{
    json_t *changes = json_object();
    audit_diff(changes, "status", before, after);
    audit_diff(changes, "note", note_before, note_after);
    int rc = audit_record(db, who, "attendance.mark", "attendance",
                          arena_printf(a, "%lld:%lld", (long long)session, (long long)user),
                          changes);
    json_decref(changes);
    return rc;
}

/* A learner of the session's cohort and their present mark. */
struct att_learner {
    int64_t id, course_id;
    const char *email, *status, *note;
};

/* Find a learner of the cohort by user id or e-mail key; DARS_ENOTFOUND when none. */
static int learner_find(struct req *r, const struct att_session *s, int64_t user_id,
                        const char *email_key, struct att_learner *out /* OUT */)
{
    struct db_stmt *st;
    int rc = db_query_row(r->db, &st, attendance_learner_sql,
                          DB_ARGS(DB_INT(s->id), DB_INT(s->cohort_id), DB_INT(user_id),
                                  DB_TEXT(email_key ? email_key : "")));
    if (rc < 0)
        return rc;
    *out = (struct att_learner){ db_col_int(st, 0), db_col_int(st, 2),
                                 arena_strdup(&r->arena, db_col_text(st, 1)),
                                 arena_strdup(&r->arena, db_col_text(st, 3)),
                                 arena_strdup(&r->arena, db_col_text(st, 4)) };
    db_done(st);
    return 0;
}

/*
 * Set one mark inside the caller's transaction: audited, and the learner's
 * completion looked at again since their rate may have changed.
 */
static int mark_write(struct req *r, const struct att_session *s, const struct att_learner *l,
                      const char *status, const char *note)
{
    char now[TIME_ISO_LEN];
    struct actor who = accounts_actor(r);
    int rc;

    if (streq(l->status, status) && streq(l->note, note))
        return 0;
    time_now_iso(now);
    if ((rc = db_exec(r->db, attendance_upsert_sql,
                      DB_ARGS(DB_INT(s->id), DB_INT(l->id), DB_TEXT(status), DB_TEXT(note),
                              DB_INT(r->user->id), DB_TEXT(now), DB_TEXT(now)))) < 0 ||
        (rc = audit_mark(r->db, &r->arena, &who, s->id, l->id, l->status, status, l->note,
                         note)) < 0)
        return rc;
    return enrol_recheck(r->db, &r->arena, &who, l->id, l->course_id);
}

static const char note_not_text[] = N_("Enter the note as text");
static const char note_too_long[] = N_("Enter a note of 500 characters or fewer");

/* A note as stored: trimmed, NFC, at most ATTENDANCE_NOTE_MAX characters; a msgid on error. */
static const char *note_check(struct req *r, const char *in, const char **out /* OUT */)
{
    *out = form_text_norm(&r->arena, in ? in : "");
    if (!*out)
        return note_not_text;
    if (utf8_len(*out) > ATTENDANCE_NOTE_MAX)
        return note_too_long;
    return NULL;
}

/* POST /sessions/:id/attendance (user, status, note) */
static int roll_mark(struct req *r)
{
    struct att_session s;
    struct att_learner l = { 0 };
    const char *note, *problem;
    int rc = session_load(r, &s);

    if (rc < 0)
        return rc;
    const char *user = http_form(r, "user"), *status = http_form(r, "status");
    int64_t uid = api_id(user);
    json_t *errors = json_object();
    rc = uid > 0 ? learner_find(r, &s, uid, NULL, &l) : DARS_ENOTFOUND;
    if (rc == DARS_ENOTFOUND)
        form_error(errors, "learners", N_("Choose a learner of this cohort"));
    else if (rc < 0)
        goto out;
    if (status_index(status) < 0)
        form_error(errors, "learners", N_("Choose present, late, absent or excused"));
    /* without a note field (a tap elsewhere), the learner's note stays */
    const char *note_in = http_form(r, "note");
    if (json_object_size(errors) == 0 && !note_in)
        note_in = l.note;
    if ((problem = note_check(r, note_in, &note)))
        form_error(errors, arena_printf(&r->arena, "note-%lld", (long long)uid), problem);
    if (json_object_size(errors)) {
        rc = roll_page(r, &s, 422, errors);
        goto out;
    }
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, mark_write(r, &s, &l, status, note))) < 0)
        goto out;
    rc = http_redirect(r, arena_printf(&r->arena, "/sessions/%lld/attendance#learner-%lld",
                                       (long long)s.id, (long long)l.id));
out:
    json_decref(errors);
    return rc;
}

/* Everyone not yet marked present, audited one by one, completion looked at again. */
static int mark_all(struct req *r, const struct att_session *s, int64_t *count /* OUT */)
{
    char now[TIME_ISO_LEN];
    struct actor who = accounts_actor(r);
    struct db_stmt *st;
    int64_t *ids = NULL, *courses = NULL;
    size_t n = 0, cap = 0;
    int rc;

    time_now_iso(now);
    if ((rc = db_query(r->db, &st, attendance_mark_all_sql,
                       DB_ARGS(DB_INT(s->id), DB_INT(r->user->id), DB_TEXT(now), DB_TEXT(now),
                               DB_INT(s->cohort_id), DB_INT(s->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        ids = arena_grow(&r->arena, ids, n, &cap, sizeof(*ids));
        ids[n++] = db_col_int(st, 0);
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *count = (int64_t)n;
    if (!n)
        return 0;
    /* each learner's course, in one statement, for the completion rule */
    courses = ARENA_NEW_N(&r->arena, int64_t, n);
    if ((rc = db_query(r->db, &st, attendance_courses_sql, DB_ARGS(DB_INT(s->cohort_id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        for (size_t i = 0; i < n; i++)
            if (ids[i] == db_col_int(st, 0))
                courses[i] = db_col_int(st, 1);
    db_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = audit_mark(r->db, &r->arena, &who, s->id, ids[i], "", "present", "", "")) < 0)
            return rc;
        if (courses[i] &&
            (rc = enrol_recheck(r->db, &r->arena, &who, ids[i], courses[i])) < 0)
            return rc;
    }
    return 0;
}

/* POST /sessions/:id/attendance/all */
static int roll_mark_all(struct req *r)
{
    struct att_session s;
    int64_t count = 0;
    int rc = session_load(r, &s);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 || (rc = db_tx_end(r->db, mark_all(r, &s, &count))) < 0)
        return rc;
    if (count)
        view_flash(r, N_("Everyone not yet marked is marked present"));
    return http_redirect(r, arena_printf(&r->arena, "/sessions/%lld/attendance",
                                         (long long)s.id));
}

/* A cohort's marks, learners by sessions, and the rates; four statements. */
struct att_grid {
    size_t nsessions, nlearners;
    int64_t *session_ids, *learner_ids;
    const char **session_starts, **learner_emails, **learner_names;
    bool *begun;
    const char **marks; /* [learner * nsessions + session]: a status or NULL */
    size_t nbegun;
};

static int grid_load(struct req *r, const struct att_cohort *c, struct att_grid *g /* OUT */)
{
    char now[TIME_ISO_LEN];
    struct arena *a = &r->arena;
    struct db_stmt *st;
    size_t cap;
    int rc;

    memset(g, 0, sizeof(*g));
    time_now_iso(now);
    if ((rc = db_query(r->db, &st, attendance_sessions_sql,
                       DB_ARGS(DB_TEXT(now), DB_INT(c->id)))) < 0)
        return rc;
    cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (g->nsessions == cap) {
            size_t n = g->nsessions;
            cap = cap ? cap * 2 : 16;
            int64_t *ids = arena_alloc(a, cap * sizeof(*ids));
            const char **starts = arena_alloc(a, cap * sizeof(*starts));
            bool *begun = arena_alloc(a, cap * sizeof(*begun));
            if (n) {
                memcpy(ids, g->session_ids, n * sizeof(*ids));
                memcpy(starts, g->session_starts, n * sizeof(*starts));
                memcpy(begun, g->begun, n * sizeof(*begun));
            }
            g->session_ids = ids, g->session_starts = starts, g->begun = begun;
        }
        g->session_ids[g->nsessions] = db_col_int(st, 0);
        g->session_starts[g->nsessions] = arena_strdup(a, db_col_text(st, 1));
        g->begun[g->nsessions] = db_col_int(st, 2) != 0;
        g->nbegun += g->begun[g->nsessions];
        g->nsessions++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    /* the learners: the roll of any session gives them; session 0 has no marks */
    if ((rc = db_query(r->db, &st, attendance_roll_sql, DB_ARGS(DB_INT(0), DB_INT(c->id)))) < 0)
        return rc;
    cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        if (g->nlearners == cap) {
            size_t n = g->nlearners;
            cap = cap ? cap * 2 : 32;
            int64_t *ids = arena_alloc(a, cap * sizeof(*ids));
            const char **emails = arena_alloc(a, cap * sizeof(*emails));
            const char **names = arena_alloc(a, cap * sizeof(*names));
            if (n) {
                memcpy(ids, g->learner_ids, n * sizeof(*ids));
                memcpy(emails, g->learner_emails, n * sizeof(*emails));
                memcpy(names, g->learner_names, n * sizeof(*names));
            }
            g->learner_ids = ids, g->learner_emails = emails, g->learner_names = names;
        }
        g->learner_ids[g->nlearners] = db_col_int(st, 0);
        g->learner_emails[g->nlearners] = arena_strdup(a, db_col_text(st, 1));
        g->learner_names[g->nlearners] = arena_strdup(a, db_col_text(st, 2));
        g->nlearners++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    size_t cells = g->nlearners * g->nsessions;
    g->marks = ARENA_NEW_N(a, const char *, cells ? cells : 1);
    if ((rc = db_query(r->db, &st, attendance_marks_sql, DB_ARGS(DB_INT(c->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t sid = db_col_int(st, 0), uid = db_col_int(st, 1);
        int k = status_index(db_col_text(st, 2));
        size_t i, j;
        /* cohorts are tens of sessions and learners: a linear search is fine */
        for (i = 0; i < g->nlearners && g->learner_ids[i] != uid; i++)
            ;
        for (j = 0; j < g->nsessions && g->session_ids[j] != sid; j++)
            ;
        if (i < g->nlearners && j < g->nsessions && k >= 0)
            g->marks[i * g->nsessions + j] = statuses[k];
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Sessions begun that learner i attended, and the rate in percent (-1: none begun). */
static int64_t grid_rate(const struct att_grid *g, size_t i, int64_t *attended /* OUT */)
{
    int64_t n = 0;
    for (size_t j = 0; j < g->nsessions; j++) {
        const char *m = g->marks[i * g->nsessions + j];
        n += g->begun[j] && m && is_attended(m);
    }
    *attended = n;
    return g->nbegun ? n * 100 / (int64_t)g->nbegun : -1;
}

/* The cohort's rate: the average of its learners' (-1 when it has none yet). */
static int64_t grid_cohort_rate(const struct att_grid *g)
{
    int64_t sum = 0, attended;
    if (!g->nbegun || !g->nlearners)
        return -1;
    for (size_t i = 0; i < g->nlearners; i++)
        sum += grid_rate(g, i, &attended);
    return sum / (int64_t)g->nlearners;
}

/* One sign per mark, the same in every language, keeps a wide table readable on a phone. */
static const char *mark_sign(const char *status)
{
    static const char *const signs[] = { "\u2713", "\u25F7", "\u2717", "\u2013" };
    int k = status_index(status);
    return k >= 0 ? signs[k] : "";
}

/* GET /cohorts/:id/attendance */
static int summary_show(struct req *r)
{
    struct att_cohort c;
    struct att_grid g;
    int rc = cohort_load(r, &c);

    if (rc < 0 || (rc = grid_load(r, &c, &g)) < 0)
        return rc;
    /* the grid's strings, signs and translations live as long as the request: no copies */
    struct val *sessions = val_list(&r->arena), *learners = val_list(&r->arena);
    for (size_t j = 0; j < g.nsessions; j++)
        val_push(sessions, val_pack(&r->arena, "{s:I, s:o}", "id", (json_int_t)g.session_ids[j],
                                    "when",
                                    val_str_ref(&r->arena, when(r, g.session_starts[j], c.tz))));
    for (size_t i = 0; i < g.nlearners; i++) {
        int64_t attended, rate = grid_rate(&g, i, &attended);
        struct val *cells = val_list(&r->arena);
        for (size_t j = 0; j < g.nsessions; j++) {
            const char *m = g.marks[i * g.nsessions + j];
            int k = status_index(m);
            val_push(cells, val_pack(&r->arena, "{s:o, s:o}", "short",
                                     val_str_ref(&r->arena, mark_sign(m)), "label",
                                     val_str_ref(&r->arena,
                                                 k >= 0 ? _(r->lang, status_labels[k]) : "")));
        }
        bool below = rate >= 0 && c.min_rate >= 0 && rate < c.min_rate;
        val_push(learners,
                 val_pack(&r->arena, "{s:o, s:o, s:b, s:I, s:b}", "name",
                          val_str_ref(&r->arena, g.learner_names[i]), "cells", cells, "has_rate",
                          rate >= 0, "rate", (json_int_t)(rate < 0 ? 0 : rate), "below", below));
    }
    int64_t cohort_rate = grid_cohort_rate(&g);
    const char *url = arena_printf(&r->arena, "/cohorts/%lld/attendance", (long long)c.id);
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:I, s:b, s:I, s:I, s:s}", "title",
        _(r->lang, "Attendance"), "course", c.course_title, "cohort", c.title, "sessions",
        sessions, "learners", learners, "has_learners", g.nlearners > 0, "has_rate",
        cohort_rate >= 0, "rate", (json_int_t)(cohort_rate < 0 ? 0 : cohort_rate), "has_min",
        c.min_rate >= 0, "min_rate", (json_int_t)c.min_rate, "begun", (json_int_t)g.nbegun,
        "csv_url", arena_printf(&r->arena, "%s.csv", url));
    form_crumbs(r, ctx, c.course_title, arena_printf(&r->arena, "/cohorts/%lld", (long long)c.id),
                NULL);
    return view_page(r, "cohorts_attendance_summary", ctx);
}

/*
 * GET /cohorts/:id/attendance.csv: a row per learner with e-mail, name, the
 * sessions attended, those begun and the rate, then one column per session
 * (its UTC start) holding the mark.
 */
static int summary_csv(struct req *r)
{
    static const char *const fixed[] = { "email", "full_name", "attended", "sessions_begun",
                                         "rate" };
    const size_t nfixed = ARRAY_SIZE(fixed);
    struct att_cohort c;
    struct att_grid g;
    struct export_table t;
    int rc = cohort_load(r, &c);

    if (rc < 0 || (rc = grid_load(r, &c, &g)) < 0)
        return rc;
    const char **header = arena_alloc(&r->arena, (nfixed + g.nsessions) * sizeof(*header));
    memcpy(header, fixed, sizeof(fixed));
    memcpy(header + nfixed, g.session_starts, g.nsessions * sizeof(*header));
    export_init(&t, &r->arena, header, nfixed + g.nsessions);
    for (size_t i = 0; i < g.nlearners; i++) {
        int64_t attended, rate = grid_rate(&g, i, &attended);
        const char **row = export_row(&t);
        export_set(&t, row, 0, g.learner_emails[i]);
        export_set(&t, row, 1, g.learner_names[i]);
        row[2] = arena_printf(&r->arena, "%lld", (long long)attended);
        row[3] = arena_printf(&r->arena, "%zu", g.nbegun);
        if (rate >= 0)
            row[4] = arena_printf(&r->arena, "%lld", (long long)rate);
        for (size_t j = 0; j < g.nsessions; j++)
            export_set(&t, row, nfixed + j, g.marks[i * g.nsessions + j]);
    }
    return export_send_csv(r, &t,
                           arena_printf(&r->arena, "%s-cohort-%lld-attendance", c.course_code,
                                        (long long)c.id));
}

static json_t *api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    UNUSED(r), UNUSED(data);
    *id = db_col_int(st, 0);
    return json_pack("{s:s, s:o, s:s, s:o}", "user", db_col_text(st, 1), "status",
                     db_col_is_null(st, 2) ? json_null() : json_string(db_col_text(st, 2)),
                     "note", db_col_text(st, 3), "updated_at",
                     db_col_is_null(st, 4) ? json_null() : json_string(db_col_text(st, 4)));
}

/* GET /api/v1/sessions/:id/attendance: every learner of the cohort, status null if unmarked */
static int api_list(struct req *r)
{
    struct att_session s;
    struct api_page p;
    struct db_stmt *st;
    int rc = session_load(r, &s);

    if (rc < 0)
        return rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, attendance_roll_api_sql,
                       DB_ARGS(DB_INT(s.id), DB_INT(s.cohort_id), DB_INT(p.after),
                               DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, api_row, NULL);
}

/* PUT /api/v1/sessions/:id/attendance {"user": email, "status": ..., "note": ...} */
static int api_put(struct req *r)
{
    struct att_session s;
    struct att_learner l = { 0 };
    json_t *body, *errors = NULL;
    const char *user = NULL, *status = NULL, *note_in = NULL, *note, *problem;
    int rc = session_load(r, &s);

    if (rc < 0)
        return rc;
    if (!(body = http_json_body(r)))
        return 0;
    errors = json_object();
    api_str(body, "user", errors, &user);
    api_str(body, "status", errors, &status);
    api_str(body, "note", errors, &note_in);
    if (!json_object_get(errors, "user") && (!user || !*user))
        form_error(errors, "user", "is required");
    if (!json_object_get(errors, "status") && status_index(status) < 0)
        form_error(errors, "status", "must be present, late, absent or excused");
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    const char *key = utf8_fold(&r->arena, user);
    rc = key ? learner_find(r, &s, 0, key, &l) : DARS_ENOTFOUND;
    if (rc == DARS_ENOTFOUND) {
        form_error(errors, "user", "is not a learner of this cohort");
        return http_problem_fields(r, errors);
    }
    if (rc < 0)
        goto fail;
    if ((problem = note_check(r, note_in ? note_in : l.note, &note))) {
        form_error(errors, "note", problem == note_too_long ? "is longer than 500 characters"
                                                            : "is not valid text");
        return http_problem_fields(r, errors);
    }
    json_decref(errors);
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, mark_write(r, &s, &l, status, note))) < 0)
        return rc;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return http_json(r, 200, json_pack("{s:s, s:s, s:s, s:s}", "user", l.email, "status", status,
                                       "note", note, "updated_at", now));
fail:
    json_decref(errors);
    return rc;
}

int cohorts_attendance_ok(struct db *db, int64_t cohort_id, int64_t user_id, bool *ok)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int64_t min = -1, begun = 0, attended = 0;
    int rc;

    time_now_iso(now);
    rc = db_query_row(db, &st, attendance_rule_sql,
                      DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(user_id), DB_INT(cohort_id)));
    if (rc < 0 && rc != DARS_ENOTFOUND) /* no such cohort: no rule */
        return rc;
    if (rc == 0) {
        min = db_col_int(st, 0);
        begun = db_col_int(st, 1);
        attended = db_col_int(st, 2);
        db_done(st);
    }
    /* no rule: met; a rule but no session begun yet: not met, nothing was attended */
    *ok = min < 0 || (begun > 0 && attended * 100 >= min * begun);
    return 0;
}

/* cohorts_attendance_criterion's met: it asks nothing by itself */
static int attendance_met(struct db *db, int64_t user_id, int64_t course_id, int64_t cohort_id,
                          bool *ok, int64_t *asks)
{
    UNUSED(course_id);
    *ok = true;
    *asks = 0;
    return cohort_id ? cohorts_attendance_ok(db, cohort_id, user_id, ok) : 0;
}

const struct enrol_criterion cohorts_attendance_criterion = { "attendance", true,
                                                              attendance_met };

static const struct route routes[] = {
    /* who may take attendance is checked by the handlers (session_load, cohort_load) */
    { HTTP_GET, "/sessions/:id/attendance", roll_show, ROUTE_USER },
    { HTTP_POST, "/sessions/:id/attendance", roll_mark, ROUTE_USER },
    { HTTP_POST, "/sessions/:id/attendance/all", roll_mark_all, ROUTE_USER },
    { HTTP_GET, "/cohorts/:id/attendance", summary_show, ROUTE_USER },
    { HTTP_GET, "/cohorts/:id/attendance.csv", summary_csv, ROUTE_USER },
    { HTTP_GET, "/api/v1/sessions/:id/attendance", api_list, ROUTE_API | ROUTE_USER },
    { HTTP_PUT, "/api/v1/sessions/:id/attendance", api_put, ROUTE_API | ROUTE_USER },
};

const struct route_table cohorts_attendance_routes = ROUTE_TABLE(routes);
