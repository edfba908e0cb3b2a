/*
 * The GIFT reader and writer against Moodle's own expectations
 * (../shared/testdata/moodle-gift, transcribed from Moodle 4.5's tests): each
 * import case read as Moodle reads it, each export case written as Moodle
 * writes it (the answer block byte for byte), and the fixture files imported
 * or refused as Moodle does. Skipped where that folder is absent.
 */
#include "core/base.h"
#include "quiz/gift.h"
#include "core/arena.h"
#include "core/buf.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>

#define DIR "../shared/testdata/moodle-gift/"

static struct arena arena = ARENA_INIT;
static json_t *expected;

static void setup(void)
{
    expected = json_load_file(DIR "expected.json", 0, NULL);
}

static void teardown(void)
{
    json_decref(expected);
    arena_release(&arena);
}

TestSuite(moodle, .init = setup, .fini = teardown);

static void need_data(void)
{
    if (!expected)
        cr_skip_test("Moodle's GIFT test data not found at '%s' (run from the repository root)",
                     DIR);
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* Moodle's qtype names onto Dars's types. */
static const char *dars_type(json_t *expect)
{
    const char *t = str(expect, "qtype");
    if (streq(t, "multichoice"))
        return json_is_true(json_object_get(expect, "single")) ? "single" : "multiple";
    if (streq(t, "shortanswer"))
        return "short";
    if (streq(t, "match"))
        return "matching";
    return t; /* essay, truefalse, numerical */
}

static const char *fmt(const char *f, const char *dflt)
{
    return f ? f : dflt;
}

static void check_answers(const char *id, json_t *expect, const struct gift_question *q)
{
    json_t *answers = json_object_get(expect, "answers"), *e;
    size_t i;

    if (streq(q->type, "truefalse")) {
        bool right = json_is_true(json_object_get(expect, "correctanswer"));
        cr_assert_eq(q->answers[0].fraction, right ? 1 : 0, "%s", id);
        json_t *ft = json_object_get(expect, "feedbacktrue");
        json_t *ff = json_object_get(expect, "feedbackfalse");
        cr_assert_str_eq(q->answers[0].feedback ? q->answers[0].feedback : "", str(ft, "text"),
                         "%s: feedback when true is picked", id);
        cr_assert_str_eq(q->answers[1].feedback ? q->answers[1].feedback : "", str(ff, "text"),
                         "%s: feedback when false is picked", id);
        return;
    }
    if (streq(q->type, "matching")) {
        json_t *pairs = json_object_get(expect, "pairs");
        cr_assert_eq(q->nanswers, json_array_size(pairs), "%s", id);
        json_array_foreach(pairs, i, e) {
            cr_assert_str_eq(q->answers[i].text, str(e, "question"), "%s pair %zu", id, i);
            cr_assert_str_eq(q->answers[i].match, str(e, "answer"), "%s pair %zu", id, i);
            cr_assert_str_eq(fmt(q->answers[i].format, q->format), str(e, "questionformat"),
                             "%s pair %zu format", id, i);
        }
        return;
    }
    cr_assert_eq(q->nanswers, json_array_size(answers), "%s: %zu answers", id, q->nanswers);
    json_array_foreach(answers, i, e) {
        const struct gift_answer *ans = &q->answers[i];
        cr_assert(fabs(ans->fraction - json_number_value(json_object_get(e, "fraction"))) < 1e-6,
                  "%s answer %zu: fraction %g", id, i, ans->fraction);
        cr_assert_str_eq(ans->feedback ? ans->feedback : "", str(e, "feedback"),
                         "%s answer %zu feedback", id, i);
        if (json_object_get(e, "feedbackformat"))
            cr_assert_str_eq(fmt(ans->feedback_format, q->format), str(e, "feedbackformat"),
                             "%s answer %zu feedback format", id, i);
        if (streq(q->type, "numerical")) {
            const char *value = str(e, "value");
            if (streq(value, "*")) {
                cr_assert_str_eq(ans->text, "*", "%s: the catch-all", id);
            } else {
                cr_assert_null(ans->text);
                cr_assert_float_eq(ans->value, strtod(value, NULL), 1e-9, "%s", id);
                cr_assert_float_eq(ans->tolerance,
                                   json_number_value(json_object_get(e, "tolerance")), 1e-9,
                                   "%s", id);
            }
            continue;
        }
        cr_assert_str_eq(ans->text, str(e, "text"), "%s answer %zu", id, i);
        if (json_object_get(e, "format"))
            cr_assert_str_eq(fmt(ans->format, q->format), str(e, "format"),
                             "%s answer %zu format", id, i);
    }
}

Test(moodle, import_cases_read_as_moodle_reads_them)
{
    json_t *c;
    size_t i, checked = 0;

    need_data();
    json_array_foreach(json_object_get(expected, "import_cases"), i, c) {
        const char *id = str(c, "id"), *gift = str(c, "gift");
        json_t *expect = json_object_get(c, "expect");
        struct gift_question *qs;
        struct gift_error *errs;
        size_t nq, nerr;

        int rc = gift_parse(&arena, gift, strlen(gift), &qs, &nq, &errs, &nerr);
        cr_assert_eq(rc, 0, "%s: %s", id, nerr ? errs[0].reason : "");
        cr_assert_eq(nq, 1, "%s", id);
        const struct gift_question *q = &qs[0];
        cr_assert_str_eq(q->type, dars_type(expect), "%s", id);
        cr_assert_str_eq(q->name ? q->name : "", str(expect, "name"), "%s", id);
        /* Moodle's unit test keeps indentation, its file import trims lines: either */
        const char *alt = str(expect, "questiontext_file_import");
        if (!streq(q->text, alt))
            cr_assert_str_eq(q->text, str(expect, "questiontext"), "%s", id);
        cr_assert_str_eq(q->format, str(expect, "questiontextformat"), "%s", id);
        cr_assert_str_eq(q->general_feedback ? q->general_feedback : "",
                         str(expect, "generalfeedback"), "%s", id);
        cr_assert_str_eq(fmt(q->general_feedback_format, q->format),
                         str(expect, "generalfeedbackformat"), "%s", id);
        check_answers(id, expect, q);
        checked++;
    }
    cr_assert_eq(checked, 14);
}

/* What follows the "// question: ..." header line Moodle writes. */
static const char *without_header(const char *s)
{
    while (!strncmp(s, "//", 2)) {
        const char *nl = strchr(s, '\n');
        s = nl ? nl + 1 : s + strlen(s);
    }
    return s;
}

static struct gift_answer *answer(double fraction, const char *text, const char *feedback)
{
    struct gift_answer *a = arena_zalloc(&arena, sizeof(*a));
    a->fraction = fraction;
    a->text = text;
    a->feedback = feedback && *feedback ? feedback : NULL;
    return a;
}

/* Moodle's question record as Dars's model. */
static void from_moodle(json_t *m, struct gift_question *q)
{
    json_t *e;
    size_t i;

    memset(q, 0, sizeof(*q));
    q->name = str(m, "name");
    q->text = str(m, "questiontext");
    q->format = str(m, "questiontextformat");
    q->general_feedback = *str(m, "generalfeedback") ? str(m, "generalfeedback") : NULL;
    q->general_feedback_format = str(m, "generalfeedbackformat");
    q->type = dars_type(m);
    json_t *answers = json_object_get(m, "answers");
    json_t *pairs = json_object_get(m, "pairs");
    size_t n = json_array_size(answers) + json_array_size(pairs);
    if (streq(q->type, "truefalse"))
        n = 2;
    q->answers = arena_zalloc(&arena, (n + 1) * sizeof(*q->answers));
    q->nanswers = n;
    if (streq(q->type, "truefalse") && !answers) {
        bool right = json_is_true(json_object_get(m, "correctanswer"));
        json_t *ft = json_object_get(m, "feedbacktrue"), *ff = json_object_get(m, "feedbackfalse");
        q->answers[0] = *answer(right, "true", str(ft, "text"));
        q->answers[0].feedback_format = str(ft, "format");
        q->answers[1] = *answer(!right, "false", str(ff, "text"));
        q->answers[1].feedback_format = str(ff, "format");
        return;
    }
    json_array_foreach(answers, i, e) {
        const char *text = str(e, "text");
        if (streq(q->type, "truefalse"))
            text = streq(text, "True") ? "true" : "false";
        struct gift_answer *a =
            answer(json_number_value(json_object_get(e, "fraction")), text, str(e, "feedback"));
        a->format = json_object_get(e, "format") ? str(e, "format") : NULL;
        a->feedback_format = str(e, "feedbackformat");
        if (streq(q->type, "numerical") && !streq(text, "*")) {
            a->value = strtod(text, NULL);
            a->tolerance = json_number_value(json_object_get(e, "tolerance"));
            a->text = NULL;
        }
        q->answers[i] = *a;
    }
    json_array_foreach(pairs, i, e) {
        struct gift_answer *a = answer(1, str(e, "question"), NULL);
        a->match = str(e, "answer");
        a->format = str(e, "questionformat");
        q->answers[i] = *a;
    }
}

Test(moodle, export_cases_write_what_moodle_writes)
{
    json_t *c;
    size_t i, checked = 0;

    need_data();
    json_array_foreach(json_object_get(expected, "export_cases"), i, c) {
        const char *id = str(c, "id");
        struct gift_question q;
        struct buf out = BUF_INIT;

        from_moodle(json_object_get(c, "question"), &q);
        cr_assert_eq(gift_write(&out, &q, 1), 0, "%s", id);
        const char *want = without_header(str(c, "expected_gift"));
        /* Dars writes no // header; the rest must be Moodle's text exactly */
        cr_assert_str_eq(out.ptr, want, "%s:\n%s\nwanted:\n%s", id, out.ptr, want);
        buf_release(&out);
        checked++;
    }
    cr_assert_eq(checked, 10);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;

    cr_assert_not_null(f, "%s", path);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&b, chunk, n);
    fclose(f);
    *len = b.len;
    char *s = arena_strndup(&arena, b.ptr, b.len);
    buf_release(&b);
    return s;
}

Test(moodle, fixture_files_import_or_are_refused_as_in_moodle)
{
    struct gift_question *qs;
    struct gift_error *errs;
    size_t nq, nerr, len;
    const char *s;

    need_data();
    s = slurp(DIR "fixtures/questions.gift.txt", &len);
    cr_assert_eq(gift_parse(&arena, s, len, &qs, &nq, &errs, &nerr), 0,
                 "line %d: %s", nerr ? errs[0].line : 0, nerr ? errs[0].reason : "");
    cr_assert_eq(nq, 9);

    s = slurp(DIR "fixtures/questions_in_category.gift.txt", &len);
    cr_assert_eq(gift_parse(&arena, s, len, &qs, &nq, &errs, &nerr), 0);
    cr_assert_eq(nq, 4);
    for (size_t i = 0; i < nq; i++)
        cr_assert_str_eq(qs[i].category, "$course$/Default for New Features");

    s = slurp(DIR "fixtures/questions_encoding_windows-1252.gift.txt", &len);
    cr_assert_eq(gift_parse(&arena, s, len, &qs, &nq, &errs, &nerr), DARS_EINVALID);
    cr_assert_geq(nerr, 1);
    cr_assert_not_null(strstr(errs[0].reason, "UTF-8"), "%s", errs[0].reason);
}
