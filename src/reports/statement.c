/*
 * A report's statement and its arguments, built together: the registry's
 * fragments with their markers made ($LANG, $YEAR, $SCOPE, $PERSON,
 * $PROJECT, and each source's '?' pairs of period bounds). Everything put
 * into the text is a registry literal, a language code from the catalogue or
 * an integer; values from the request are bound.
 */
#include "core/base.h"
#include "reports/reports_int.h"

#include <stdio.h>
#include <string.h>

void report_sql_arg(struct report_sql *s, struct db_arg v)
{
    s->args = arena_grow(s->a, s->args, s->nargs, &s->cap, sizeof(*s->args));
    s->args[s->nargs++] = v;
}

void report_sql_frag(struct report_sql *s, const char *text, const char *lang, int year)
{
    char y[16];
    snprintf(y, sizeof(y), "%d", year);
    report_sql_frag_at(s, text, lang, y);
}

void report_sql_frag_at(struct report_sql *s, const char *text, const char *lang,
                        const char *year)
{
    for (const char *p = text; *p;) {
        if (strncmp(p, "$LANG", 5) == 0) {
            buf_adds(&s->sql, lang);
            p += 5;
        } else if (strncmp(p, "$YEAR", 5) == 0) {
            buf_adds(&s->sql, year);
            p += 5;
        } else {
            buf_addch(&s->sql, *p++);
        }
    }
}

/* The expression of a marker "$NAME(expr)" at p: its start, and *end at the ')'. */
static const char *marker_expr(const char *p, size_t name_len, const char **end)
{
    const char *expr = p + name_len, *close = strchr(expr, ')');
    /* a registry entry written wrong: keep the text, the statement fails loudly */
    *end = close ? close : expr + strlen(expr);
    return expr;
}

void report_sql_source(struct report_sql *s, const struct report_source *src,
                       const struct report_query *q, const char *lo, const char *hi,
                       int64_t person)
{
    report_sql_facts(s, src->sql, q, lo, hi, person, 0);
}

void report_sql_facts(struct report_sql *s, const char *sql, const struct report_query *q,
                      const char *lo, const char *hi, int64_t person, int64_t project)
{
    size_t params = 0;
    for (const char *p = sql; *p;) {
        const char *expr, *end;
        if (*p == '?') {
            report_sql_arg(s, DB_TEXT(params++ % 2 ? hi : lo));
            buf_addch(&s->sql, *p++);
        } else if (strncmp(p, "$SCOPE(", 7) == 0) {
            expr = marker_expr(p, 7, &end);
            if (q && !q->all_centres) {
                buf_adds(&s->sql, " AND (");
                buf_add(&s->sql, expr, (size_t)(end - expr));
                buf_adds(&s->sql, ") IN (");
                for (size_t i = 0; i < q->ncentres; i++)
                    buf_addf(&s->sql, "%s%lld", i ? ", " : "", (long long)q->centres[i]);
                buf_adds(&s->sql, q->ncentres ? ")" : "NULL)");
            }
            p = *end ? end + 1 : end;
        } else if (strncmp(p, "$PERSON(", 8) == 0 || strncmp(p, "$PROJECT(", 9) == 0) {
            bool is_person = strncmp(p, "$PERSON(", 8) == 0;
            int64_t id = is_person ? person : project;
            expr = marker_expr(p, is_person ? 8 : 9, &end);
            if (id) {
                buf_adds(&s->sql, " AND (");
                buf_add(&s->sql, expr, (size_t)(end - expr));
                buf_adds(&s->sql, ") = ?");
                report_sql_arg(s, DB_INT(id));
            }
            p = *end ? end + 1 : end;
        } else {
            buf_addch(&s->sql, *p++);
        }
    }
}
