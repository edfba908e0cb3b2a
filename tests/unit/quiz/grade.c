/*
 * Tests for src/quiz/grade.c (every type's grading rule, with partial and
 * negative credit), the API's response forms, src/quiz/stats.c (facility and
 * discrimination against values worked out by hand) and the bank's checks in
 * question.c. Questions come from GIFT so the cases read like the files
 * instructors write.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>
#include <math.h>

static struct arena arena = ARENA_INIT;

static void teardown(void)
{
    arena_release(&arena);
}

TestSuite(grade, .fini = teardown);

/* One GIFT question as the bank holds it, its answers numbered 1, 2, ... */
static struct quiz_question *question(const char *gift)
{
    struct gift_question *gq;
    struct gift_error *errs;
    size_t nq, nerr;

    cr_assert_eq(gift_parse(&arena, gift, strlen(gift), &gq, &nq, &errs, &nerr), 0, "%s", gift);
    cr_assert_eq(nq, 1);
    struct quiz_question *q = arena_zalloc(&arena, sizeof(*q));
    quiz_from_gift(&arena, &gq[0], q);
    for (size_t i = 0; i < q->nanswers; i++)
        q->answers[i].id = (int64_t)i + 1;
    cr_assert_eq(quiz_question_check(q, NULL), 0, "%s", gift);
    return q;
}

static int64_t grade(const struct quiz_question *q, const char *response)
{
    int64_t f = 12345;
    cr_assert(quiz_grade(&arena, q, response, &f), "'%s' needs a person", response);
    return f;
}

#define U QUIZ_UNIT

Test(grade, single_with_partial_and_negative_credit)
{
    struct quiz_question *q = question("Capital of Azerbaijan? {=Baku ~%50%Ganja ~%-25%Paris ~Oslo}");
    cr_assert_eq(grade(q, "1"), U);
    cr_assert_eq(grade(q, "2"), U / 2);
    cr_assert_eq(grade(q, "3"), -U / 4);
    cr_assert_eq(grade(q, "4"), 0);
    cr_assert_eq(grade(q, NULL), 0, "unanswered earns nothing");
    cr_assert_eq(grade(q, "99"), 0, "an answer of another question earns nothing");
    cr_assert_eq(grade(q, "1x"), 0);
}

Test(grade, multiple_sums_and_is_kept_within_zero_and_one)
{
    struct quiz_question *q = question(
        "Strong passwords? {~%50%long ~%50%unique ~%-100%your birthday ~%-50%written down}");
    cr_assert_eq(grade(q, "1,2"), U);
    cr_assert_eq(grade(q, "1"), U / 2);
    cr_assert_eq(grade(q, "1,2,4"), U / 2, "a wrong pick costs");
    cr_assert_eq(grade(q, "1,3"), 0, "never below nothing");
    cr_assert_eq(grade(q, "1,2,3,4"), 0);
    cr_assert_eq(grade(q, ""), 0);
}

Test(grade, multiple_with_thirds_adds_up_to_full_credit)
{
    struct quiz_question *q =
        question("Pick three {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d}");
    cr_assert_eq(grade(q, "1,2,3"), U);
    cr_assert_eq(grade(q, "1"), 3333333);
}

Test(grade, truefalse)
{
    struct quiz_question *q = question("The sun rises in the east.{T#Yes it does#No, it does}");
    cr_assert_eq(grade(q, "1"), U, "answer 1 is \"true\"");
    cr_assert_eq(grade(q, "2"), 0);
    cr_assert_str_eq(quiz_response_answer(&arena, q, "2")->feedback, "Yes it does",
                     "the feedback for a wrong pick comes first in GIFT");
}

Test(grade, short_answer_ignores_case_and_form_and_takes_the_best)
{
    struct quiz_question *q =
        question("Who wrote it? {=Nizami Ganjavi =%50%Nizami =%25%Ganj* #close}");
    cr_assert_eq(grade(q, "nizami ganjavi"), U);
    cr_assert_eq(grade(q, "  NIZAMI GANJAVI "), U);
    cr_assert_eq(grade(q, "Nizami"), U / 2);
    cr_assert_eq(grade(q, "ganjavi"), U / 4, "'*' matches any text");
    cr_assert_eq(grade(q, "Fuzuli"), 0);
    cr_assert_eq(grade(q, ""), 0);

    struct quiz_question *ru = question("Столица? {=Москва =Ёлки}");
    cr_assert_eq(grade(ru, "МОСКВА"), U, "Cyrillic folds too");
    cr_assert_eq(grade(ru, "ёЛКИ"), U);
    struct quiz_question *az = question("Şəhər? {=Şəki}");
    cr_assert_eq(grade(az, "ŞƏKİ"), U, "Azerbaijani capital İ is the same letter as i");
    cr_assert_eq(grade(az, "şəki"), U);
    /* the same word typed with a combining cedilla (NFD) is the same answer */
    cr_assert_eq(grade(az, "S\xcc\xa7\xc9\x99ki"), U);
}

Test(grade, short_answer_can_compare_letter_case)
{
    struct quiz_question *q = question("Chemical symbol of sodium? {=Na =%50%NA}");
    cr_assert_eq(grade(q, "na"), U, "case-insensitive by default: the best match counts");
    q->case_sensitive = true;
    cr_assert_eq(grade(q, "Na"), U);
    cr_assert_eq(grade(q, "NA"), U / 2);
    cr_assert_eq(grade(q, "na"), 0);
    cr_assert_eq(grade(q, " Na "), U, "still trimmed");
}

Test(grade, numerical_tolerance_range_and_partial_credit)
{
    struct quiz_question *q = question("Pi? {#=3.1416:0.0001 =%50%3.14:0.01}");
    cr_assert_eq(grade(q, "3.1416"), U);
    cr_assert_eq(grade(q, "3,14159"), U, "a decimal comma");
    cr_assert_eq(grade(q, "3.14"), U / 2);
    cr_assert_eq(grade(q, "3.15"), U / 2, "the edge of the tolerance counts");
    cr_assert_eq(grade(q, "3.2"), 0);
    cr_assert_eq(grade(q, "pi"), 0);
    cr_assert_eq(grade(q, "3.14abc"), 0);

    struct quiz_question *r = question("A number from 1 to 5 {#1..5}");
    cr_assert_eq(grade(r, "1"), U);
    cr_assert_eq(grade(r, "5"), U);
    cr_assert_eq(grade(r, "5.01"), 0);
    cr_assert_eq(grade(r, "0.9"), 0);
    cr_assert_eq(grade(question("Zero {#0}"), "-0"), U);
}

Test(grade, matching_gives_the_share_of_right_pairs)
{
    struct quiz_question *q =
        question("Match {=Baku -> Azerbaijan =Tashkent -> Uzbekistan =Seoul -> Korea}");
    cr_assert_eq(grade(q, "{\"1\":\"Azerbaijan\",\"2\":\"Uzbekistan\",\"3\":\"Korea\"}"), U);
    cr_assert_eq(grade(q, "{\"1\":\"Azerbaijan\",\"2\":\"Korea\",\"3\":\"Uzbekistan\"}"), U / 3);
    cr_assert_eq(grade(q, "{\"1\":\"Azerbaijan\"}"), U / 3);
    cr_assert_eq(grade(q, "{}"), 0);
    cr_assert_eq(grade(q, "not json"), 0);
}

Test(grade, essay_waits_for_a_person_unless_empty)
{
    struct quiz_question *q = question("Describe phishing. {}");
    int64_t f;
    cr_assert_not(quiz_grade(&arena, q, "It is a trick.", &f));
    cr_assert(quiz_grade(&arena, q, "   ", &f));
    cr_assert_eq(f, 0);
    cr_assert(quiz_grade(&arena, q, NULL, &f));
    cr_assert_eq(f, 0);
    cr_assert_eq(grade(question("Read this first."), "anything"), 0, "a description");
}

static const char *parse(const struct quiz_question *q, const char *json, int expect_rc)
{
    json_t *v = json_loads(json, JSON_DECODE_ANY, NULL);
    const char *out = "unset", *why = NULL;
    int rc = quiz_response_parse(&arena, q, v, &out, &why);
    json_decref(v);
    cr_assert_eq(rc, expect_rc, "%s", json);
    if (rc < 0)
        cr_assert_not_null(why);
    return out;
}

Test(grade, responses_from_the_api_and_back)
{
    struct quiz_question *single = question("Q {=a ~b ~c}");
    cr_assert_str_eq(parse(single, "2", 0), "2");
    cr_assert_str_eq(parse(single, "\"3\"", 0), "3");
    parse(single, "7", DARS_EINVALID);
    parse(single, "[1]", DARS_EINVALID);
    cr_assert_null(parse(single, "null", 0), "null clears");

    struct quiz_question *multi = question("Q {~%50%a ~%50%b ~%-100%c}");
    cr_assert_str_eq(parse(multi, "[3, 1, 1]", 0), "1,3", "sorted, once each");
    cr_assert_str_eq(parse(multi, "[]", 0), "");
    parse(multi, "[9]", DARS_EINVALID);
    json_t *back = quiz_response_json(multi, "1,3");
    cr_assert_eq(json_array_size(back), 2);
    cr_assert_eq(json_integer_value(json_array_get(back, 1)), 3);
    json_decref(back);

    struct quiz_question *tf = question("Q {FALSE}");
    cr_assert_str_eq(parse(tf, "false", 0), "2");
    cr_assert_eq(grade(tf, parse(tf, "false", 0)), U);

    struct quiz_question *num = question("Q {#2}");
    cr_assert_str_eq(parse(num, "2", 0), "2");
    cr_assert_str_eq(parse(num, "\"2,0\"", 0), "2,0");
    cr_assert_eq(grade(num, "2,0"), U);
    parse(num, "\"two\"", DARS_EINVALID);
    parse(num, "\"0x2\"", DARS_EINVALID);
    cr_assert_str_eq(parse(num, "\"\"", 0), "", "blank is no answer yet");

    struct quiz_question *m = question("Match {=a -> x =b -> y =c -> z}");
    cr_assert_str_eq(parse(m, "{\"2\": \"y\", \"1\": \"x\"}", 0), "{\"1\":\"x\",\"2\":\"y\"}");
    parse(m, "{\"1\": \"nowhere\"}", DARS_EINVALID);
    parse(m, "{\"9\": \"x\"}", DARS_EINVALID);
    parse(question("Read me."), "\"x\"", DARS_EINVALID);
}

/* One reader of numbers for answers, credits and marks; anything else is refused. */
Test(grade, numbers_as_people_type_them)
{
    static const struct {
        const char *s;
        double v;
    } good[] = { { "3.14", 3.14 }, { "3,14", 3.14 }, { " -2 ", -2 }, { "+2", 2 },
                 { "1e3", 1000 }, { "1E-2", 0.01 }, { ".5", 0.5 }, { "5.", 5 } };
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        double v = -99;
        cr_assert(quiz_number_parse(&arena, good[i].s, &v), "'%s'", good[i].s);
        cr_assert_float_eq(v, good[i].v, 1e-12, "'%s'", good[i].s);
    }
    static const char *const bad[] = { "", "  ", "-", ".", "e3", "1.2.3", "1,2,3", "3 4", "0x1A",
                                       "nan", "inf", "infinity", "1e999", "٣", "3\u00a04", NULL };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        double v = -99;
        cr_assert_not(quiz_number_parse(&arena, bad[i], &v), "'%s'", bad[i] ? bad[i] : "NULL");
        cr_assert_eq(v, -99, "left alone");
    }
}

/* Stored id lists: ids in order; anything that is not one is passed over. */
Test(grade, id_lists_read_in_order)
{
    int64_t want[] = { 12, 15, 7 }, id;
    size_t n = 0;
    for (const char *p = "12,15,x,,-3,7,"; quiz_ids_next(&p, &id);) {
        cr_assert_lt(n, ARRAY_SIZE(want));
        cr_assert_eq(id, want[n++]);
    }
    cr_assert_eq(n, 3);
    const char *empty = "";
    cr_assert_not(quiz_ids_next(&empty, &id));
}

Test(grade, checks_refuse_what_cannot_be_graded)
{
    struct quiz_question q = { .type = "single", .name = "", .text = "Q", .format = "moodle",
                               .category = "", .general_feedback = "" };
    struct quiz_answer two[2] = { { .text = "a", .fraction = 0 }, { .text = "b", .fraction = 0 } };
    q.answers = two;
    q.nanswers = 2;
    json_t *errors = json_object();
    cr_assert_eq(quiz_question_check(&q, errors), DARS_EINVALID);
    cr_assert_not_null(json_object_get(errors, "answers"), "no choice earns credit");
    json_object_clear(errors);
    two[0].fraction = 2 * U;
    cr_assert_eq(quiz_question_check(&q, errors), DARS_EINVALID);
    cr_assert_not_null(json_object_get(errors, "answers[0].fraction"));
    json_object_clear(errors);
    two[0].fraction = U;
    q.text = "  ";
    cr_assert_eq(quiz_question_check(&q, errors), DARS_EINVALID);
    cr_assert_not_null(json_object_get(errors, "text"));
    json_object_clear(errors);
    q.text = "Q";
    q.type = "essay";
    cr_assert_eq(quiz_question_check(&q, errors), DARS_EINVALID, "an essay has no answers");
    q.nanswers = 0;
    cr_assert_eq(quiz_question_check(&q, NULL), 0);
    q.type = "riddle";
    cr_assert_eq(quiz_question_check(&q, errors), DARS_EINVALID);
    cr_assert_not_null(json_object_get(errors, "type"));
    json_decref(errors);
}

Test(grade, item_analysis_matches_the_hand_computed_values)
{
    /* four attempts, three questions; -1: the attempt did not get the question */
    const double s[] = {
        1, 1, 0,
        1, 0, 1,
        0, 0, 1,
        1, 1, -1,
    };
    double fac[3], dis[3];
    quiz_item_analysis(s, 4, 3, fac, dis);
    cr_assert_float_eq(fac[0], 75.0, 1e-9);
    cr_assert_float_eq(fac[1], 50.0, 1e-9);
    cr_assert_float_eq(fac[2], 100.0 * 2 / 3, 1e-9);
    /* q1 against the rest: x = 1,1,0,1, rest = 1,1,1,1: no spread in the rest */
    cr_assert(isnan(dis[0]));
    /* q2: x = 1,0,0,1, rest = 1,2,1,1 -> cov -0.5, var 1 and 0.75 -> r = -1/sqrt(3) */
    cr_assert_float_eq(dis[1], -100.0 / sqrt(3), 1e-9);
    /* q3 over the three attempts that got it: x = 0,1,1, rest = 2,1,0 -> r = -sqrt(3)/2 */
    cr_assert_float_eq(dis[2], -100.0 * sqrt(3) / 2, 1e-9);

    double one[] = { 1 }, f1, d1;
    quiz_item_analysis(one, 1, 1, &f1, &d1);
    cr_assert_float_eq(f1, 100.0, 1e-9);
    cr_assert(isnan(d1), "one attempt says nothing");
}
