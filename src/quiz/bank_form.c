/*
 * One question's form, new and edit: first the type (radios with a hint
 * each), then the fields every type has and the answer rows that type needs.
 * A blank row is left out; "More answer rows" shows the form again with more
 * rows and everything typed kept. The store's checks (quiz_question_check)
 * name fields by API path ("answers[2].fraction"); they are mapped back onto
 * the rows here so the error summary links to the right input.
 */
#include "core/base.h"
#include "quiz/bank_int.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "core/url.h"
#include "view/view.h"

#include <math.h>

/* blank rows a new form shows, how many "More answer rows" adds, and the most a form takes */
#define ROWS_MIN 6
#define ROWS_MORE 3
#define ROWS_MAX 200

/* Moodle's choice of credits, in percent */
static const char *const credits[] = {
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
    "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
    "-5", "-10", "-11.11111", "-12.5", "-14.28571", "-16.66667", "-20", "-25", "-30",
    "-33.33333", "-40", "-50", "-60", "-66.66667", "-70", "-75", "-80", "-83.33333", "-90",
    "-100",
};

/* what each type is for, in the order of quiz_types[] names */
static const struct {
    const char *type, *hint;
} hints[] = {
    { "single", N_("Learners pick one answer. Each answer can carry its own credit.") },
    { "multiple", N_("Learners tick every answer they think is right. Wrong ticks can cost "
                     "credit.") },
    { "truefalse", N_("A statement that is either true or false.") },
    { "short", N_("Learners type a word or a phrase. Several answers can be accepted, each with "
                  "its own credit.") },
    { "numerical", N_("Learners type a number. An answer accepts a value give or take a "
                      "tolerance.") },
    { "matching", N_("Learners match each item with one of the answers.") },
    { "essay", N_("Learners write a free answer, which an instructor grades by hand.") },
    { "description", N_("Text only, with no answer and no grade: an introduction or "
                        "instructions.") },
};

/* The hint of a type in lang ("" for none: _() of "" would be the catalog's header). */
static const char *type_hint(const char *lang, const char *type)
{
    for (size_t i = 0; i < ARRAY_SIZE(hints); i++)
        if (streq(hints[i].type, type))
            return _(lang, hints[i].hint);
    return "";
}

/* One answer row as typed. */
struct row {
    const char *text, *match, *fraction, *feedback, *value, *tolerance;
};

/* The form as typed (or as filled from a question). */
struct qform {
    const char *type, *category, *name, *text, *format, *general_feedback;
    const char *correct; /* truefalse: "true", "false" or "" */
    bool case_sensitive; /* short */
    const char *feedback_true, *feedback_false;
    struct row *rows;
    size_t nrows;
};

static bool has_rows(const char *type)
{
    return !streq(type, "truefalse") && !streq(type, "essay") && !streq(type, "description");
}

static bool has_credit(const char *type)
{
    return streq(type, "single") || streq(type, "multiple") || streq(type, "short") ||
           streq(type, "numerical");
}

static int64_t pct_units(double pct)
{
    return llround(pct * (QUIZ_UNIT / 100.0));
}

/* A credit in percent as the form writes it ("50", "-33.33333"). */
static const char *units_pct(struct arena *a, int64_t fraction)
{
    for (size_t i = 0; i < ARRAY_SIZE(credits); i++)
        if (pct_units(strtod(credits[i], NULL)) == fraction)
            return credits[i];
    return arena_printf(a, "%.7g", fraction * 100.0 / QUIZ_UNIT);
}

static const char *num_str(struct arena *a, double v)
{
    return arena_printf(a, "%.15g", v);
}

/* ---- reading ---- */

static const char *row_field(struct req *r, const char *what, size_t i)
{
    return form_value(r, arena_printf(&r->arena, "answer_%s_%zu", what, i));
}

static void form_read(struct req *r, struct qform *f, const char *type, const char *format)
{
    int64_t rows;
    if (!form_count(form_value(r, "rows"), ROWS_MAX, &rows) || rows < 1)
        rows = ROWS_MIN;
    memset(f, 0, sizeof(*f));
    f->type = type;
    f->category = form_value(r, "category");
    f->name = form_value(r, "name");
    f->text = form_value(r, "text");
    f->general_feedback = form_value(r, "general_feedback");
    f->format = format;
    f->case_sensitive = streq(form_value(r, "case_sensitive"), "1");
    f->correct = form_value(r, "correct");
    f->feedback_true = form_value(r, "feedback_true");
    f->feedback_false = form_value(r, "feedback_false");
    f->nrows = (size_t)rows;
    f->rows = ARENA_NEW_N(&r->arena, struct row, f->nrows);
    for (size_t i = 0; i < f->nrows; i++) {
        struct row *w = &f->rows[i];
        w->text = row_field(r, "text", i);
        w->match = row_field(r, "match", i);
        w->fraction = row_field(r, "fraction", i);
        w->feedback = row_field(r, "feedback", i);
        w->value = row_field(r, "value", i);
        w->tolerance = row_field(r, "tolerance", i);
    }
}

/* A blank form of a type. */
static void form_blank(struct arena *a, struct qform *f, const char *type)
{
    memset(f, 0, sizeof(*f));
    f->type = type;
    f->category = f->name = f->text = f->general_feedback = "";
    f->format = "moodle";
    f->correct = "true";
    f->feedback_true = f->feedback_false = "";
    f->nrows = ROWS_MIN;
    f->rows = ARENA_NEW_N(a, struct row, f->nrows);
    for (size_t i = 0; i < f->nrows; i++) {
        struct row *w = &f->rows[i];
        w->text = w->match = w->feedback = w->value = w->tolerance = "";
        /* the first choice or accepted answer is the right one until the author says not */
        w->fraction = i == 0 && (streq(type, "single") || streq(type, "short") ||
                                 streq(type, "numerical"))
                          ? "100"
                          : "0";
    }
}

/* The form of an existing question, with room for more answers. */
static void form_from_question(struct arena *a, struct qform *f, const struct quiz_question *q)
{
    form_blank(a, f, q->type);
    f->category = q->category;
    f->name = q->name;
    f->text = q->text;
    f->format = q->format;
    f->general_feedback = q->general_feedback;
    f->case_sensitive = q->case_sensitive;
    if (streq(q->type, "truefalse")) {
        for (size_t i = 0; i < q->nanswers; i++) {
            const struct quiz_answer *x = &q->answers[i];
            bool is_true = streq(x->text, "true");
            if (is_true)
                f->feedback_true = x->feedback ? x->feedback : "";
            else
                f->feedback_false = x->feedback ? x->feedback : "";
            if (x->fraction > 0)
                f->correct = is_true ? "true" : "false";
        }
        return;
    }
    if (!has_rows(q->type))
        return;
    size_t n = q->nanswers + ROWS_MORE > ROWS_MIN ? q->nanswers + ROWS_MORE : ROWS_MIN;
    f->nrows = n;
    f->rows = ARENA_NEW_N(a, struct row, n);
    for (size_t i = 0; i < n; i++) {
        struct row *w = &f->rows[i];
        w->text = w->match = w->feedback = w->value = w->tolerance = "";
        w->fraction = "0";
        if (i >= q->nanswers)
            continue;
        const struct quiz_answer *x = &q->answers[i];
        w->text = x->text ? x->text : "";
        w->match = x->match ? x->match : "";
        w->feedback = x->feedback ? x->feedback : "";
        w->fraction = units_pct(a, x->fraction);
        if (streq(q->type, "numerical")) {
            w->value = num_str(a, x->value);
            w->tolerance = num_str(a, x->tolerance);
        }
    }
}

static bool row_blank(const char *type, const struct row *w)
{
    if (streq(type, "numerical"))
        return !*w->value && !*w->tolerance && !*w->feedback;
    if (streq(type, "matching"))
        return !*w->text && !*w->match;
    return !*w->text && !*w->feedback;
}

static const char *opt(const char *s)
{
    return s && *s ? s : NULL;
}

/*
 * The question a form describes; rowof[k] gets the row of answer k. Numbers
 * that are not numbers go into errors under their inputs' names.
 */
static void form_question(struct arena *a, const struct qform *f, int64_t course_id,
                          struct quiz_question *q, size_t *rowof, json_t *errors)
{
    memset(q, 0, sizeof(*q));
    q->course_id = course_id;
    q->type = f->type;
    q->name = f->name;
    q->text = f->text;
    q->format = f->format;
    q->category = f->category;
    q->general_feedback = f->general_feedback;
    q->case_sensitive = f->case_sensitive;
    if (streq(f->type, "truefalse")) {
        q->nanswers = 2;
        q->answers = ARENA_NEW_N(a, struct quiz_answer, 2);
        q->answers[0].text = "true";
        q->answers[0].fraction = streq(f->correct, "true") ? QUIZ_UNIT : 0;
        q->answers[0].feedback = opt(f->feedback_true);
        q->answers[1].text = "false";
        q->answers[1].fraction = streq(f->correct, "false") ? QUIZ_UNIT : 0;
        q->answers[1].feedback = opt(f->feedback_false);
        if (!streq(f->correct, "true") && !streq(f->correct, "false"))
            form_error(errors, "correct", N_("Choose whether the statement is true or false"));
        return;
    }
    if (!has_rows(f->type))
        return;
    q->answers = ARENA_NEW_N(a, struct quiz_answer, f->nrows);
    for (size_t i = 0; i < f->nrows; i++) {
        const struct row *w = &f->rows[i];
        if (row_blank(f->type, w))
            continue;
        struct quiz_answer *x = &q->answers[q->nanswers];
        rowof[q->nanswers++] = i;
        x->feedback = opt(w->feedback);
        if (streq(f->type, "matching")) {
            x->text = w->text;
            x->match = w->match;
            x->fraction = QUIZ_UNIT;
            continue;
        }
        double pct = 0;
        if (!quiz_number_parse(a, w->fraction, &pct) || pct < -100 || pct > 100)
            form_error(errors, arena_printf(a, "answer_fraction_%zu", i),
                       N_("Choose a credit from the list"));
        x->fraction = pct_units(pct);
        if (!streq(f->type, "numerical")) {
            x->text = w->text;
            continue;
        }
        if (!quiz_number_parse(a, w->value, &x->value))
            form_error(errors, arena_printf(a, "answer_value_%zu", i),
                       N_("Enter the answer as a number, like 3.14"));
        if (*w->tolerance && !quiz_number_parse(a, w->tolerance, &x->tolerance))
            form_error(errors, arena_printf(a, "answer_tolerance_%zu", i),
                       N_("Enter the tolerance as a number, like 0.01"));
    }
}

/* The input that shows a store error's field ("answers[2].fraction" -> answer_fraction_5). */
static const char *field_of(struct arena *a, const struct qform *f, const size_t *rowof,
                            size_t nanswers, const char *path)
{
    size_t k = 0;
    int used = 0;
    char what[32];
    if (sscanf(path, "answers[%zu].%31[a-z_]%n", &k, what, &used) != 2 || path[used] ||
        k >= nanswers) {
        size_t k2;
        int used2 = 0;
        /* "answers[3]" as a whole: its first input */
        if (sscanf(path, "answers[%zu]%n", &k2, &used2) == 1 && !path[used2] && k2 < nanswers) {
            k = k2;
            snprintf(what, sizeof(what), "%s", streq(f->type, "numerical") ? "value" : "text");
        } else {
            return path;
        }
    }
    if (streq(f->type, "truefalse"))
        return streq(what, "feedback") ? (k == 0 ? "feedback_true" : "feedback_false")
                                       : "correct";
    if (streq(what, "tolerance") || streq(what, "value") || streq(what, "match") ||
        streq(what, "fraction") || streq(what, "feedback") || streq(what, "text"))
        return arena_printf(a, "answer_%s_%zu", what, rowof[k]);
    return arena_printf(a, "answer_%s_%zu", streq(f->type, "numerical") ? "value" : "text",
                        rowof[k]);
}

/*
 * The form edits no formats: an edited question keeps its own, and each
 * answer those of the answer it was filled from (row i shows old answer i).
 */
static void keep_formats(const struct quiz_question *old, struct quiz_question *q,
                         const size_t *rowof)
{
    q->general_feedback_format = old->general_feedback_format;
    if (streq(q->type, "truefalse")) {
        for (size_t k = 0; k < q->nanswers && k < old->nanswers; k++) {
            q->answers[k].format = old->answers[k].format;
            q->answers[k].feedback_format = old->answers[k].feedback_format;
        }
        return;
    }
    for (size_t k = 0; k < q->nanswers; k++) {
        if (rowof[k] >= old->nanswers)
            continue;
        q->answers[k].format = old->answers[rowof[k]].format;
        q->answers[k].feedback_format = old->answers[rowof[k]].feedback_format;
    }
}

/* Store errors (API paths) into form errors (input names). */
static void map_errors(struct arena *a, const struct qform *f, const size_t *rowof,
                       size_t nanswers, json_t *from, json_t *into)
{
    const char *key;
    json_t *v;
    json_object_foreach(from, key, v) {
        if (json_is_string(v))
            form_error(into, field_of(a, f, rowof, nanswers, key), json_string_value(v));
    }
}

/* ---- showing ---- */

static struct val *credit_options(struct arena *a, const char *current)
{
    struct val *out = val_list(a);
    double pct = 0;
    bool known = false;
    int64_t cur = quiz_number_parse(a, current, &pct) ? pct_units(pct) : 0;
    for (size_t i = 0; i < ARRAY_SIZE(credits); i++)
        known |= pct_units(strtod(credits[i], NULL)) == cur;
    /* a credit from a GIFT file that Moodle's list lacks stays as it is, first */
    if (!known)
        val_push(out, val_pack(a, "{s:s, s:b}", "value", units_pct(a, cur), "selected", 1));
    /* every row has the whole list: the credits are literals, not copied */
    for (size_t i = 0; i < ARRAY_SIZE(credits); i++)
        val_push(out, val_pack(a, "{s:o, s:b}", "value", val_str_ref(a, credits[i]), "selected",
                               pct_units(strtod(credits[i], NULL)) == cur));
    return out;
}

/* The error shown at an input, from ctx.errors; NULL when none. */
static const char *error_at(const struct val *ctx, const char *field)
{
    return val_get_str(val_get(ctx, "errors"), field);
}

static void set_error(struct val *row, const struct val *ctx, const char *key, const char *field)
{
    const char *e = error_at(ctx, field);
    if (e)
        val_set_str(row, key, e);
}

static struct val *rows_list(struct req *r, const struct qform *f, const struct val *ctx)
{
    struct val *rows = val_list(&r->arena);
    static const char *const parts[] = { "text", "match", "fraction", "feedback", "value",
                                         "tolerance" };
    for (size_t i = 0; i < f->nrows; i++) {
        const struct row *w = &f->rows[i];
        struct val *row = val_pack(&r->arena, "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "i",
                                   (json_int_t)i, "number", (json_int_t)(i + 1), "text",
                                   w->text, "match", w->match, "feedback", w->feedback,
                                   "value", w->value, "tolerance", w->tolerance, "credits",
                                   credit_options(&r->arena, w->fraction));
        for (size_t p = 0; p < ARRAY_SIZE(parts); p++)
            set_error(row, ctx, arena_printf(&r->arena, "%s_error", parts[p]),
                      arena_printf(&r->arena, "answer_%s_%zu", parts[p], i));
        val_push(rows, row);
    }
    return rows;
}

static struct val *category_list(struct req *r, int64_t course_id)
{
    struct quiz_category *cats = NULL;
    size_t n = 0;
    struct val *out = val_list(&r->arena);
    if (quiz_categories(r->db, &r->arena, course_id, &cats, &n) < 0)
        return out; /* only suggestions: the form works without them */
    for (size_t i = 0; i < n; i++)
        if (*cats[i].path)
            val_push(out, val_str_ref(&r->arena, cats[i].path)); /* an arena copy already */
    return out;
}

/* The form of a type; id 0 for a new question. */
static int question_form(struct req *r, int status, const struct catalog_course *c, int64_t id,
                         const struct qform *f, json_t *errors)
{
    const char *base = bank_url(r, c);
    const char *type_label = _(r->lang, quiz_type_label(f->type));
    const char *title = id ? _(r->lang, "Edit a question")
                           : i18n_fill(&r->arena, _(r->lang, "New question: {type}"), "{type}",
                                       type_label);
    struct val *ctx = val_pack(
        &r->arena,
        "{s:s, s:s, s:s, s:s, s:s, s:b, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}, "
        "s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:I, s:s, s:o}",
        "title", title, "course", c->own_title, "type_label", type_label, "type_hint",
        type_hint(r->lang, f->type), "action",
        id ? arena_printf(&r->arena, "%s/%lld", base, (long long)id)
           : arena_printf(&r->arena, "%s/new", base),
        "is_new", id == 0, "f", "type", f->type, "category", f->category, "name", f->name, "text",
        f->text, "format", f->format, "general_feedback", f->general_feedback, "correct",
        f->correct, "feedback_true", f->feedback_true, "feedback_false", f->feedback_false,
        "is_choice", streq(f->type, "single") || streq(f->type, "multiple"), "is_multiple",
        streq(f->type, "multiple"), "is_truefalse", streq(f->type, "truefalse"), "is_short",
        streq(f->type, "short"), "is_numerical", streq(f->type, "numerical"), "is_matching",
        streq(f->type, "matching"), "has_rows", has_rows(f->type), "has_credit",
        has_credit(f->type), "nrows", (json_int_t)f->nrows, "back_url", base, "categories",
        category_list(r, c->id));
    val_set_bool(ctx, "is_true", streq(f->correct, "true"));
    val_set_bool(ctx, "case_sensitive", f->case_sensitive);
    val_set_bool(ctx, "is_false", streq(f->correct, "false"));
    val_set_bool(ctx, "is_description", streq(f->type, "description"));
    view_form_errors(r, ctx, errors);
    if (has_rows(f->type))
        val_set(ctx, "rows", rows_list(r, f, ctx));
    bank_crumbs(r, ctx, c, false);
    return view_page_status(r, status, "quiz_bank_form", ctx);
}

/* The type picker; error set when a choice was sent and is not a type. */
static int type_form(struct req *r, int status, const struct catalog_course *c, bool error)
{
    struct val *types = val_list(&r->arena);
    for (size_t i = 0; quiz_types[i]; i++)
        val_push(types, val_pack(&r->arena, "{s:s, s:s, s:s, s:b}", "value", quiz_types[i],
                                 "label", _(r->lang, quiz_type_label(quiz_types[i])), "hint",
                                 type_hint(r->lang, quiz_types[i]), "first", i == 0));
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:o, s:s}", "title",
                               _(r->lang, "What type of question?"), "course", c->own_title,
                               "action", arena_printf(&r->arena, "%s/new", bank_url(r, c)),
                               "types", types, "back_url", bank_url(r, c));
    /* view_form_errors refers to the messages in errors: free them after the page is made */
    json_t *errors = error ? json_pack("{s:s}", "type", N_("Choose the type of question")) : NULL;
    view_form_errors(r, ctx, errors);
    bank_crumbs(r, ctx, c, false);
    int rc = view_page_status(r, status, "quiz_bank_type", ctx);
    json_decref(errors);
    return rc;
}

/* GET /admin/courses/:code/questions/new (?type=) */
int quiz_bank_new_page(struct req *r)
{
    struct catalog_course c;
    struct qform f;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    const char *type = http_query(r, "type");
    /* "chosen" comes with the picker's answer, so sending it without a choice is an error */
    if (!type && !http_query(r, "chosen"))
        return type_form(r, 200, &c, false);
    if (!quiz_type_ok(type))
        return type_form(r, 422, &c, true);
    form_blank(&r->arena, &f, type);
    return question_form(r, 200, &c, 0, &f, NULL);
}

/*
 * Save the form as a new question (old NULL) or over old: the form again
 * with more rows, with its errors (422), or the bank with a message.
 */
static int save(struct req *r, const struct catalog_course *c, const struct quiz_question *old,
                const char *type, const char *format)
{
    struct actor who = accounts_actor(r);
    struct quiz_question q;
    struct qform f;
    json_t *errors = json_object(), *raw = json_object();
    int64_t id = old ? old->id : 0, new_id = 0;
    int rc;

    form_read(r, &f, type, format);
    if (*form_value(r, "more")) {
        size_t n = f.nrows + ROWS_MORE <= ROWS_MAX ? f.nrows + ROWS_MORE : f.nrows;
        struct row *rows = ARENA_NEW_N(&r->arena, struct row, n);
        memcpy(rows, f.rows, f.nrows * sizeof(*rows));
        for (size_t i = f.nrows; i < n; i++)
            rows[i] = (struct row){ "", "", "0", "", "", "" };
        f.rows = rows;
        f.nrows = n;
        rc = question_form(r, 200, c, id, &f, NULL);
        goto out;
    }
    size_t *rowof = ARENA_NEW_N(&r->arena, size_t, f.nrows ? f.nrows : 1);
    form_question(&r->arena, &f, c->id, &q, rowof, errors);
    if (old)
        keep_formats(old, &q, rowof);
    if (json_object_size(errors)) {
        /* show every problem at once: the store's checks too */
        quiz_question_check(&q, raw);
        rc = DARS_EINVALID;
    } else if ((rc = db_tx_begin(r->db)) == 0) {
        rc = db_tx_end(r->db, quiz_question_write(r->db, &r->arena, &who, c->id, old, &q, raw,
                                                  &new_id));
    }
    if (rc == DARS_EINVALID) {
        map_errors(&r->arena, &f, rowof, q.nanswers, raw, errors);
        if (!json_object_size(errors))
            form_error(errors, "text", N_("Check the question"));
        rc = question_form(r, 422, c, id, &f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    view_flash(r, N_("The question has been saved"));
    rc = http_redirect(r, *q.category ? arena_printf(&r->arena, "%s?category=%s#question-%lld",
                                                     bank_url(r, c),
                                                     url_encode(&r->arena, q.category),
                                                     (long long)new_id)
                                      : bank_url(r, c));
out:
    json_decref(errors);
    json_decref(raw);
    return rc;
}

/* POST /admin/courses/:code/questions/new (field type) */
int quiz_bank_new_submit(struct req *r)
{
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    const char *type = form_value(r, "type");
    if (!quiz_type_ok(type))
        return type_form(r, 422, &c, true);
    const char *format = form_value(r, "format");
    return save(r, &c, NULL, type, *format ? format : "moodle");
}

/* GET /admin/courses/:code/questions/:id */
int quiz_bank_edit_page(struct req *r)
{
    struct catalog_course c;
    struct quiz_question q;
    struct qform f;
    int rc = bank_question(r, &c, &q);

    if (rc < 0)
        return rc;
    form_from_question(&r->arena, &f, &q);
    return question_form(r, 200, &c, q.id, &f, NULL);
}

/* POST /admin/courses/:code/questions/:id: the type stays the question's own */
int quiz_bank_edit_submit(struct req *r)
{
    struct catalog_course c;
    struct quiz_question q;
    int rc = bank_question(r, &c, &q);

    if (rc < 0)
        return rc;
    return save(r, &c, &q, q.type, q.format);
}
