/*
 * Questions in and out: between the bank's model and GIFT's (import,
 * export) and the API's JSON. Import checks every question before it writes
 * any, so a file goes in whole or not at all.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"

#include "audit/audit.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "catalog/markdown.h"
#include "view/form.h"
#include "view/sanitize.h"
#include "core/i18n.h"

#include <math.h>

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static const char *or_null(const char *s)
{
    return s && *s ? s : NULL;
}

static int64_t to_unit(double f)
{
    return (int64_t)llround(f * QUIZ_UNIT);
}

void quiz_from_gift(struct arena *a, const struct gift_question *g, struct quiz_question *q)
{
    memset(q, 0, sizeof(*q));
    q->type = g->type;
    q->name = or_empty(g->name);
    q->text = or_empty(g->text);
    q->format = g->format ? g->format : "moodle";
    q->category = or_empty(g->category);
    q->general_feedback = or_empty(g->general_feedback);
    q->general_feedback_format = g->general_feedback_format;
    q->nanswers = g->nanswers;
    q->answers = arena_zalloc(a, (g->nanswers + 1) * sizeof(*q->answers));
    for (size_t i = 0; i < g->nanswers; i++) {
        const struct gift_answer *ga = &g->answers[i];
        struct quiz_answer *qa = &q->answers[i];
        qa->text = ga->text;
        qa->match = ga->match;
        qa->feedback = ga->feedback;
        qa->fraction = to_unit(ga->fraction);
        qa->value = ga->value;
        qa->tolerance = ga->tolerance;
        qa->format = ga->format;
        qa->feedback_format = ga->feedback_format;
    }
}

static void quiz_to_gift(struct arena *a, const struct quiz_question *q, struct gift_question *g)
{
    memset(g, 0, sizeof(*g));
    g->type = q->type;
    g->name = or_null(q->name);
    g->text = q->text;
    g->format = q->format;
    g->category = or_null(q->category);
    g->general_feedback = or_null(q->general_feedback);
    g->general_feedback_format = q->general_feedback_format;
    g->nanswers = q->nanswers;
    g->answers = arena_zalloc(a, (q->nanswers + 1) * sizeof(*g->answers));
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *qa = &q->answers[i];
        struct gift_answer *ga = &g->answers[i];
        ga->text = streq(q->type, "numerical") && !streq(qa->text, "*") ? NULL : qa->text;
        ga->match = qa->match;
        ga->feedback = qa->feedback;
        ga->fraction = (double)qa->fraction / QUIZ_UNIT;
        ga->value = qa->value;
        ga->tolerance = qa->tolerance;
        ga->format = qa->format;
        ga->feedback_format = qa->feedback_format;
    }
}

/* ---- HTML ---- */

int quiz_text_html(struct arena *a, const char *text, const char *format, const char **out)
{
    size_t n = strlen(text);

    if (streq(format, "markdown"))
        return catalog_markdown_html(a, text, n, out);
    if (streq(format, "html") || streq(format, "moodle")) {
        view_html_sanitize(a, text, n, streq(format, "moodle"), out);
        return 0;
    }
    struct buf b = BUF_INIT;
    for (const char *p = text; *p;) {
        size_t k = strcspn(p, "\n");
        buf_add_html(&b, p, k);
        p += k;
        if (*p == '\n') {
            buf_adds(&b, "<br>\n");
            p++;
        }
    }
    *out = arena_strndup(a, b.ptr, b.len);
    buf_release(&b);
    return 0;
}

/* ---- GIFT ---- */

static int by_line(const void *x, const void *y)
{
    const struct gift_error *a = x, *b = y;
    return (a->line > b->line) - (a->line < b->line);
}

int quiz_gift_read(struct arena *a, const char *src, size_t len, struct gift_question **gq,
                   struct quiz_question **qs, size_t *nq, struct gift_error **errs, size_t *nerr)
{
    struct gift_error *parsed;
    size_t nparsed;

    gift_parse(a, src, len, gq, nq, &parsed, &nparsed);
    /* room for every parser error, one per question, and the limit's */
    struct gift_error *out = ARENA_NEW_N(a, struct gift_error, nparsed + *nq + 1);
    size_t n = nparsed;
    if (nparsed)
        memcpy(out, parsed, nparsed * sizeof(*out));
    *qs = ARENA_NEW_N(a, struct quiz_question, *nq + 1);
    for (size_t i = 0; i < *nq; i++) {
        json_t *problems = json_object();
        quiz_from_gift(a, &(*gq)[i], &(*qs)[i]);
        if (quiz_question_check(&(*qs)[i], problems) < 0) {
            const char *key, *why = N_("the question is not valid");
            json_t *v;
            json_object_foreach(problems, key, v) {
                if (json_is_string(v)) {
                    /* check's messages are msgids too (copied: problems goes) */
                    why = arena_strdup(a, json_string_value(v));
                    break;
                }
            }
            out[n++] = (struct gift_error){ (*gq)[i].line, why };
        }
        json_decref(problems);
    }
    if (*nq > QUIZ_IMPORT_MAX_QUESTIONS)
        out[n++] = (struct gift_error){ (*gq)[QUIZ_IMPORT_MAX_QUESTIONS].line,
                                        N_("a file may hold at most 5000 questions") };
    /* the parser's errors and the checks' interleave */
    qsort(out, n, sizeof(*out), by_line);
    *errs = out;
    *nerr = n;
    return n ? DARS_EINVALID : 0;
}

int quiz_import_gift(struct db *db, struct arena *a, const struct actor *who, int64_t course_id,
                     const char *src, size_t len, struct gift_error **errs, size_t *nerr,
                     size_t *imported)
{
    struct gift_question *gq;
    struct quiz_question *qs;
    size_t nq;
    int rc;

    if (imported)
        *imported = 0;
    /* the bank's own rules too, each under its question's line, before anything is written */
    if ((rc = quiz_gift_read(a, src, len, &gq, &qs, &nq, errs, nerr)) < 0)
        return rc;
    for (size_t i = 0; i < nq; i++)
        if ((rc = quiz_question_write(db, a, who, course_id, NULL, &qs[i], NULL, NULL)) < 0)
            return rc;
    if (imported)
        *imported = nq;
    return 0;
}

static int cmp_category(const void *x, const void *y)
{
    const struct quiz_question *a = x, *b = y;
    int c = strcmp(a->category, b->category);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

int quiz_export_gift(struct db *db, struct arena *a, int64_t course_id, const char *category,
                     struct buf *out)
{
    struct quiz_question *qs;
    size_t n;
    int rc;

    if ((rc = quiz_question_list(db, a, course_id, category, 0, INT64_MAX / 2, &qs, &n)) < 0)
        return rc;
    if (n) /* qs is NULL when the bank has none */
        qsort(qs, n, sizeof(*qs), cmp_category);
    struct gift_question *gq = arena_alloc(a, (n + 1) * sizeof(*gq));
    for (size_t i = 0; i < n; i++)
        quiz_to_gift(a, &qs[i], &gq[i]);
    return gift_write(out, gq, n);
}

/* ---- JSON ---- */

json_t *quiz_question_json(const struct quiz_question *q)
{
    json_t *answers = json_array();

    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        json_t *o = json_pack("{s:I, s:f, s:o}", "id", (json_int_t)ans->id, "fraction",
                              (double)ans->fraction / QUIZ_UNIT, "feedback",
                              ans->feedback ? json_string(ans->feedback) : json_null());
        if (streq(q->type, "numerical") && streq(ans->text, "*")) {
            /* Moodle's catch-all: any other number */
            json_object_set_new(o, "text", json_string("*"));
            json_object_set_new(o, "value", json_null());
            json_object_set_new(o, "tolerance", json_null());
        } else if (streq(q->type, "numerical")) {
            json_object_set_new(o, "text", json_null());
            json_object_set_new(o, "value", json_real(ans->value));
            json_object_set_new(o, "tolerance", json_real(ans->tolerance));
        } else {
            json_object_set_new(o, "text", json_string(or_empty(ans->text)));
        }
        json_object_set_new(o, "format", json_string(ans->format ? ans->format : q->format));
        json_object_set_new(o, "feedback_format",
                            json_string(ans->feedback_format ? ans->feedback_format : q->format));
        if (streq(q->type, "matching"))
            json_object_set_new(o, "match", json_string(or_empty(ans->match)));
        json_array_append_new(answers, o);
    }
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "id",
                     (json_int_t)q->id, "type", q->type, "name", q->name, "text", q->text,
                     "format", q->format, "category", q->category, "general_feedback",
                     q->general_feedback, "general_feedback_format",
                     q->general_feedback_format ? q->general_feedback_format : q->format,
                     "answers", answers, "created_at", q->created_at ? q->created_at : "",
                     "updated_at", q->updated_at ? q->updated_at : "");
    if (streq(q->type, "short"))
        json_object_set_new(o, "case_sensitive", json_boolean(q->case_sensitive));
    return o;
}

static const char *str_member(struct arena *a, json_t *o, const char *name, const char *field,
                              json_t *errors, const char *def)
{
    json_t *v = json_object_get(o, name);

    if (!v || json_is_null(v))
        return def;
    if (!json_is_string(v)) {
        form_error(errors, field, N_("Must be text"));
        return def;
    }
    return arena_strdup(a, json_string_value(v));
}

static double num_member(json_t *o, const char *name, const char *field, json_t *errors,
                         double def)
{
    json_t *v = json_object_get(o, name);

    if (!v || json_is_null(v))
        return def;
    if (!json_is_number(v)) {
        form_error(errors, field, N_("Must be a number"));
        return NAN;
    }
    return json_number_value(v);
}

int quiz_question_from_json(struct arena *a, json_t *body, struct quiz_question *q,
                            json_t *errors)
{
    size_t before = json_object_size(errors);

    memset(q, 0, sizeof(*q));
    if (!json_is_object(body)) {
        form_error(errors, "type", N_("Send a JSON object"));
        return DARS_EINVALID;
    }
    q->type = str_member(a, body, "type", "type", errors, "");
    q->name = str_member(a, body, "name", "name", errors, "");
    q->text = str_member(a, body, "text", "text", errors, "");
    q->format = str_member(a, body, "format", "format", errors, "moodle");
    q->category = str_member(a, body, "category", "category", errors, "");
    q->general_feedback =
        str_member(a, body, "general_feedback", "general_feedback", errors, "");
    q->general_feedback_format = str_member(a, body, "general_feedback_format",
                                            "general_feedback_format", errors, NULL);
    json_t *answers = json_object_get(body, "answers"), *e;
    if (answers && !json_is_array(answers) && !json_is_null(answers)) {
        form_error(errors, "answers", N_("Must be a list"));
        answers = NULL;
    }
    q->nanswers = json_array_size(answers);
    q->answers = arena_zalloc(a, (q->nanswers + 1) * sizeof(*q->answers));
    size_t i;
    json_array_foreach(answers, i, e) {
        struct quiz_answer *ans = &q->answers[i];
        const char *base = arena_printf(a, "answers[%zu]", i);
        if (!json_is_object(e)) {
            form_error(errors, base, N_("Must be an object"));
            continue;
        }
        ans->text = str_member(a, e, "text", arena_printf(a, "%s.text", base), errors, NULL);
        ans->match = str_member(a, e, "match", arena_printf(a, "%s.match", base), errors, NULL);
        ans->feedback =
            str_member(a, e, "feedback", arena_printf(a, "%s.feedback", base), errors, NULL);
        ans->format = str_member(a, e, "format", arena_printf(a, "%s.format", base), errors, NULL);
        ans->feedback_format = str_member(
            a, e, "feedback_format", arena_printf(a, "%s.feedback_format", base), errors, NULL);
        double f = num_member(e, "fraction", arena_printf(a, "%s.fraction", base), errors, 0);
        ans->fraction = isfinite(f) ? to_unit(fmax(-2, fmin(2, f))) : 0;
        ans->value = num_member(e, "value", arena_printf(a, "%s.value", base), errors, 0);
        ans->tolerance =
            num_member(e, "tolerance", arena_printf(a, "%s.tolerance", base), errors, 0);
    }
    json_t *cs = json_object_get(body, "case_sensitive");
    if (cs && !json_is_boolean(cs) && !json_is_null(cs))
        form_error(errors, "case_sensitive", N_("Must be true or false"));
    q->case_sensitive = json_is_true(cs);
    /* truefalse the API's way: {"type": "truefalse", "correct": true} also works */
    json_t *correct = json_object_get(body, "correct");
    if (streq(q->type, "truefalse") && json_is_boolean(correct) && !q->nanswers) {
        q->nanswers = 2;
        q->answers = arena_zalloc(a, 3 * sizeof(*q->answers));
        q->answers[0].text = "true";
        q->answers[1].text = "false";
        q->answers[json_is_true(correct) ? 0 : 1].fraction = QUIZ_UNIT;
    }
    return json_object_size(errors) > before ? DARS_EINVALID : 0;
}
