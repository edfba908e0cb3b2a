/*
 * Tests for src/quiz/gift.c and gift_write.c: each GIFT construct from Moodle's
 * documentation with exact expectations, line-numbered errors for malformed
 * files, and a round trip (write, parse) over a corpus of every type.
 */
#include "core/base.h"
#include "quiz/gift.h"
#include "core/arena.h"
#include "core/buf.h"

#include <criterion/criterion.h>
#include <math.h>

static struct arena arena = ARENA_INIT;

static void teardown(void)
{
    arena_release(&arena);
}

TestSuite(gift, .fini = teardown);

static struct gift_question *parse_all(const char *src, size_t *nq)
{
    struct gift_question *qs;
    struct gift_error *errs;
    size_t nerr;
    int rc = gift_parse(&arena, src, strlen(src), &qs, nq, &errs, &nerr);
    for (size_t i = 0; i < nerr; i++)
        cr_log_error("line %d: %s", errs[i].line, errs[i].reason);
    cr_assert_eq(rc, 0, "parsing '%s'", src);
    cr_assert_eq(nerr, 0);
    return qs;
}

static const struct gift_question *parse1(const char *src)
{
    size_t nq;
    struct gift_question *qs = parse_all(src, &nq);
    cr_assert_eq(nq, 1, "'%s' gives %zu questions", src, nq);
    return &qs[0];
}

static void expect_answer(const struct gift_answer *ans, const char *text, double fraction,
                          const char *feedback)
{
    cr_assert_str_eq(ans->text, text);
    cr_assert_float_eq(ans->fraction, fraction, 1e-9, "'%s' has %g", text, ans->fraction);
    if (feedback)
        cr_assert_str_eq(ans->feedback, feedback);
    else
        cr_assert_null(ans->feedback, "'%s' has feedback '%s'", text, ans->feedback);
}

/* Exactly one error, on this line, for this reason. */
static void expect_error(const char *src, int line, const char *reason)
{
    struct gift_question *qs;
    struct gift_error *errs;
    size_t nq, nerr;
    int rc = gift_parse(&arena, src, strlen(src), &qs, &nq, &errs, &nerr);
    cr_assert_eq(rc, DARS_EINVALID, "'%s' parsed", src);
    cr_assert_eq(nerr, 1, "'%s' gives %zu errors", src, nerr);
    cr_assert_eq(errs[0].line, line, "'%s': line %d", src, errs[0].line);
    cr_assert_str_eq(errs[0].reason, reason);
}

Test(gift, multiple_choice_with_title_feedback_and_comment)
{
    const struct gift_question *q = parse1(
        "// question: 1 name: Grants tomb\n"
        "::Grants tomb::Who is buried in Grant's tomb in New York City? {\n"
        "=Grant\n"
        "~No one\n"
        "#Was true for 12 years, but Grant's remains were buried in the tomb in 1897\n"
        "~Napoleon\n"
        "#He was buried in France\n"
        "~Churchill\n"
        "#He was buried in England\n"
        "~Mother Teresa\n"
        "#She was buried in India\n"
        "}\n");
    cr_assert_eq(q->line, 2);
    cr_assert_str_eq(q->type, "single");
    cr_assert_str_eq(q->name, "Grants tomb");
    cr_assert_str_eq(q->text, "Who is buried in Grant's tomb in New York City?");
    cr_assert_str_eq(q->format, "moodle");
    cr_assert_null(q->category);
    cr_assert_null(q->general_feedback);
    cr_assert_eq(q->nanswers, 5);
    expect_answer(&q->answers[0], "Grant", 1, NULL);
    expect_answer(&q->answers[1], "No one", 0,
                  "Was true for 12 years, but Grant's remains were buried in the tomb in 1897");
    expect_answer(&q->answers[2], "Napoleon", 0, "He was buried in France");
    expect_answer(&q->answers[4], "Mother Teresa", 0, "She was buried in India");
}

Test(gift, single_choice_on_one_line)
{
    const struct gift_question *q =
        parse1("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}");
    cr_assert_str_eq(q->type, "single");
    cr_assert_null(q->name);
    cr_assert_eq(q->nanswers, 3);
    expect_answer(&q->answers[0], "Grant", 0, NULL);
    expect_answer(&q->answers[1], "Jefferson", 0, NULL);
    expect_answer(&q->answers[2], "no one", 1, NULL);
}

Test(gift, fill_in_the_middle_keeps_a_blank)
{
    const struct gift_question *q = parse1(
        "Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.");
    cr_assert_str_eq(q->type, "single");
    cr_assert_str_eq(q->text, "Moodle costs _____ to download from moodle.org.");
    expect_answer(&q->answers[1], "nothing", 1, NULL);
}

Test(gift, several_right_answers_are_multiple_with_weights)
{
    const struct gift_question *q = parse1("What two people are entombed in Grant's tomb? {\n"
                                           "   ~%-100%No one\n"
                                           "   ~%50%Grant\n"
                                           "   ~%50%Grant's wife\n"
                                           "   ~%-100%Grant's father\n"
                                           "}");
    cr_assert_str_eq(q->type, "multiple");
    cr_assert_eq(q->nanswers, 4);
    expect_answer(&q->answers[0], "No one", -1, NULL);
    expect_answer(&q->answers[1], "Grant", 0.5, NULL);
    expect_answer(&q->answers[2], "Grant's wife", 0.5, NULL);
    expect_answer(&q->answers[3], "Grant's father", -1, NULL);
}

Test(gift, fractional_weights)
{
    const struct gift_question *q =
        parse1("Pick three {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-33.333%d}");
    cr_assert_str_eq(q->type, "multiple");
    expect_answer(&q->answers[0], "a", 0.3333333, NULL);
    expect_answer(&q->answers[3], "d", -0.33333, NULL);
}

Test(gift, true_false_all_spellings)
{
    const char *srcs[] = { "Grant is buried in Grant's tomb.{F}", "The sun rises in the East.{T}",
                           "The sun rises in the East.{TRUE}", "Grant is buried here.{FALSE}" };
    const bool truth[] = { false, true, true, false };
    for (size_t i = 0; i < ARRAY_SIZE(srcs); i++) {
        const struct gift_question *q = parse1(srcs[i]);
        cr_assert_str_eq(q->type, "truefalse");
        cr_assert_eq(q->nanswers, 2);
        expect_answer(&q->answers[0], "true", truth[i] ? 1 : 0, NULL);
        expect_answer(&q->answers[1], "false", truth[i] ? 0 : 1, NULL);
    }
}

Test(gift, true_false_feedback_wrong_then_right)
{
    const struct gift_question *q =
        parse1("Grant is buried in Grant's tomb.{FALSE#No, he is.#Right, he is not.}");
    cr_assert_str_eq(q->type, "truefalse");
    /* picking "true" is wrong: it shows the first feedback */
    expect_answer(&q->answers[0], "true", 0, "No, he is.");
    expect_answer(&q->answers[1], "false", 1, "Right, he is not.");
    q = parse1("The sun rises in the East.{T#Look again}");
    expect_answer(&q->answers[0], "true", 1, NULL);
    expect_answer(&q->answers[1], "false", 0, "Look again");
}

Test(gift, short_answer_with_weights)
{
    const struct gift_question *q =
        parse1("Who's buried in Grant's tomb?{=Grant =Ulysses S. Grant =Ulysses Grant}");
    cr_assert_str_eq(q->type, "short");
    cr_assert_eq(q->nanswers, 3);
    expect_answer(&q->answers[1], "Ulysses S. Grant", 1, NULL);
    q = parse1("Two plus two equals {=four =4}.");
    cr_assert_str_eq(q->type, "short");
    cr_assert_str_eq(q->text, "Two plus two equals _____.");
    q = parse1("Who? {=%100%Grant#Yes =%50%Ulysses#Half right}");
    expect_answer(&q->answers[0], "Grant", 1, "Yes");
    expect_answer(&q->answers[1], "Ulysses", 0.5, "Half right");
}

Test(gift, matching_pairs_and_general_feedback)
{
    const struct gift_question *q =
        parse1("Match the following countries with their corresponding capitals. {\n"
               "   =Canada -> Ottawa\n"
               "   =Italy  -> Rome\n"
               "   =Japan  -> Tokyo\n"
               "   =India  -> New Delhi\n"
               "   ####It's good to know the capitals\n"
               "}");
    cr_assert_str_eq(q->type, "matching");
    cr_assert_eq(q->nanswers, 4);
    cr_assert_str_eq(q->answers[1].text, "Italy");
    cr_assert_str_eq(q->answers[1].match, "Rome");
    cr_assert_str_eq(q->answers[3].match, "New Delhi");
    cr_assert_str_eq(q->general_feedback, "It's good to know the capitals");
}

Test(gift, numerical_tolerance_range_and_several_answers)
{
    const struct gift_question *q = parse1("When was Ulysses S. Grant born?{#1822:5}");
    cr_assert_str_eq(q->type, "numerical");
    cr_assert_eq(q->nanswers, 1);
    cr_assert_null(q->answers[0].text);
    cr_assert_float_eq(q->answers[0].value, 1822, 1e-9);
    cr_assert_float_eq(q->answers[0].tolerance, 5, 1e-9);
    cr_assert_float_eq(q->answers[0].fraction, 1, 1e-9);

    q = parse1("What is the value of pi (to 3 decimal places)? {#3.141..3.142}.");
    cr_assert_str_eq(q->text, "What is the value of pi (to 3 decimal places)? _____.");
    cr_assert_float_eq(q->answers[0].value, 3.1415, 1e-9);
    cr_assert_float_eq(q->answers[0].tolerance, 0.0005, 1e-9);

    q = parse1("When was Ulysses S. Grant born? {#\n"
               "    =1822:0      # Correct! Full credit.\n"
               "    =%50%1822:2  # He was born in 1822. Half credit for being close.\n"
               "}");
    cr_assert_eq(q->nanswers, 2);
    cr_assert_float_eq(q->answers[0].tolerance, 0, 1e-9);
    cr_assert_str_eq(q->answers[0].feedback, "Correct! Full credit.");
    cr_assert_float_eq(q->answers[1].fraction, 0.5, 1e-9);
    cr_assert_float_eq(q->answers[1].tolerance, 2, 1e-9);
    cr_assert_str_eq(q->answers[1].feedback, "He was born in 1822. Half credit for being close.");

    q = parse1("Minus five? {#-5}");
    cr_assert_float_eq(q->answers[0].value, -5, 1e-9);
    cr_assert_float_eq(q->answers[0].tolerance, 0, 1e-9);
}

Test(gift, essay_and_description)
{
    const struct gift_question *q = parse1("Write a short biography of Dag Hammarskjöld. {}");
    cr_assert_str_eq(q->type, "essay");
    cr_assert_str_eq(q->text, "Write a short biography of Dag Hammarskjöld.");
    cr_assert_eq(q->nanswers, 0);
    q = parse1("::Essay::Explain.{####Look for clarity.}");
    cr_assert_str_eq(q->type, "essay");
    cr_assert_str_eq(q->general_feedback, "Look for clarity.");
    q = parse1("You can use your pencil and paper for these next math questions.");
    cr_assert_str_eq(q->type, "description");
    cr_assert_str_eq(q->text, "You can use your pencil and paper for these next math questions.");
    cr_assert_eq(q->nanswers, 0);
}

Test(gift, categories_apply_to_following_questions)
{
    size_t nq;
    struct gift_question *qs = parse_all("Before.{T}\n\n"
                                         "$CATEGORY: $course$/top/Maths\n\n"
                                         "One.{T}\n\n"
                                         "Two.{F}\n\n"
                                         "$CATEGORY:tom/dick/harry\n"
                                         "Three.{T}\n",
                                         &nq);
    cr_assert_eq(nq, 4);
    cr_assert_null(qs[0].category);
    cr_assert_str_eq(qs[1].category, "$course$/top/Maths");
    cr_assert_str_eq(qs[2].category, "$course$/top/Maths");
    cr_assert_str_eq(qs[3].category, "tom/dick/harry");
    cr_assert_eq(qs[3].line, 10);
}

Test(gift, text_formats)
{
    const struct gift_question *q = parse1("::Bold::[markdown]Which is **bold**?{=yes ~no}");
    cr_assert_str_eq(q->format, "markdown");
    cr_assert_str_eq(q->name, "Bold");
    cr_assert_str_eq(q->text, "Which is **bold**?");
    cr_assert_str_eq(parse1("[html]<p>Hi</p>{T}")->format, "html");
    cr_assert_str_eq(parse1("[plain]Hi{T}")->format, "plain");
    cr_assert_str_eq(parse1("[moodle]Hi{T}")->format, "moodle");
    q = parse1("[other]Hi{T}");
    cr_assert_str_eq(q->format, "moodle");
    cr_assert_str_eq(q->text, "[other]Hi");
}

Test(gift, escapes)
{
    const struct gift_question *q =
        parse1("Which answer equals 5? {\n"
               "   ~ \\= 2 + 2\n"
               "   =  \\= 2 + 3\n"
               "   ~ \\= 2 + 4\n"
               "}");
    cr_assert_str_eq(q->type, "single");
    cr_assert_eq(q->nanswers, 3);
    expect_answer(&q->answers[1], "= 2 + 3", 1, NULL);
    q = parse1("::Time\\: 2\\:30::Braces \\{ and \\} and \\~ and \\# here\\nnext line"
               "{=a\\#b#c\\=d}");
    cr_assert_str_eq(q->name, "Time: 2:30");
    cr_assert_str_eq(q->text, "Braces { and } and ~ and # here\nnext line");
    expect_answer(&q->answers[0], "a#b", 1, "c=d");
    /* a backslash before anything else stays */
    cr_assert_str_eq(parse1("C:\\temp is a path")->text, "C:\\temp is a path");
}

Test(gift, multi_line_questions_and_comments)
{
    size_t nq;
    struct gift_question *qs = parse_all("// a file of two questions\n"
                                         "\n"
                                         "First line\n"
                                         "second line\n"
                                         "// a comment inside\n"
                                         "{\n"
                                         "=yes\n"
                                         "~no\n"
                                         "}\n"
                                         "   \n"
                                         "\r\n"
                                         "::Q2:: Next {T}\r\n",
                                         &nq);
    cr_assert_eq(nq, 2);
    cr_assert_eq(qs[0].line, 3);
    cr_assert_str_eq(qs[0].text, "First line\nsecond line");
    cr_assert_eq(qs[0].nanswers, 2);
    cr_assert_eq(qs[1].line, 12);
    cr_assert_str_eq(qs[1].text, "Next");
}

Test(gift, empty_input_has_no_questions)
{
    size_t nq;
    parse_all("", &nq);
    cr_assert_eq(nq, 0);
    parse_all("// only a comment\n\n\n", &nq);
    cr_assert_eq(nq, 0);
}

Test(gift, errors_name_the_line)
{
    expect_error("Good.{T}\n\nBad {=a ~b\n", 3, "unclosed {");
    expect_error("Bad } here", 1, "} without {");
    expect_error("// c\n\nPick {~%150%a =b}", 3, "answer weight must be between -100% and 100%");
    expect_error("Pick {~%-101%a =b}", 1, "answer weight must be between -100% and 100%");
    expect_error("Pick {~%abc%a =b}", 1, "answer weight must be a number");
    expect_error("Pick {~%50 a =b}", 1, "answer weight has no closing %");
    expect_error("Match {=a -> b}", 1, "matching question needs at least two pairs");
    expect_error("Match {=a -> b =c}", 1, "matching pair needs ->");
    expect_error("Match {=a -> b =c -> }", 1, "matching pair needs an answer after ->");
    expect_error("Year? {#abc}", 1, "numerical answer must be a number");
    expect_error("Year? {#1822:-1}", 1, "numerical tolerance must not be negative");
    expect_error("Year? {#5..1}", 1, "numerical range must go from the lower to the higher number");
    expect_error("Year? {#nan}", 1, "numerical answer must be a number");
    expect_error("Pick {~a ~b}", 1, "choice question needs a right answer");
    expect_error("Pick {~%50%a ~%20%b}", 1, "weights of the right answers must add up to 100%");
    expect_error("Pick {hello}", 1, "answers must start with = or ~");
    expect_error("e{\\}}", 1, "answers must start with = or ~");
    expect_error("Pick {=a ~}", 1, "answer has no text");
    expect_error("::Title without end{T}", 1, "question title has no closing ::");
    expect_error("::Only a title::", 1, "question has no text");
    expect_error("Two {T} blocks {F}", 1, "a question can have only one {...}");
    expect_error("Nested {=a {b}}", 1, "{ inside the answers");
    expect_error("Bad \xff byte", 1, "question is not valid UTF-8");
}

Test(gift, an_error_does_not_stop_the_next_questions)
{
    const char *src = "One.{T}\n\n"
                      "Two {=a ~b\n"
                      "more\n\n"
                      "Three.{F}\n\n"
                      "Four {#x}\n\n"
                      "Five.{T}\n";
    struct gift_question *qs;
    struct gift_error *errs;
    size_t nq, nerr;
    cr_assert_eq(gift_parse(&arena, src, strlen(src), &qs, &nq, &errs, &nerr), DARS_EINVALID);
    cr_assert_eq(nq, 3);
    cr_assert_str_eq(qs[2].text, "Five.");
    cr_assert_eq(qs[2].line, 10);
    cr_assert_eq(nerr, 2);
    cr_assert_eq(errs[0].line, 3);
    cr_assert_str_eq(errs[0].reason, "unclosed {");
    cr_assert_eq(errs[1].line, 8);
    cr_assert_str_eq(errs[1].reason, "numerical answer must be a number");
}

Test(gift, any_bytes_are_safe)
{
    const char nul[] = "Q {=a\0 ~b}\n\nNext.{T}";
    struct gift_question *qs;
    struct gift_error *errs;
    size_t nq, nerr;
    cr_assert_eq(gift_parse(&arena, nul, sizeof(nul) - 1, &qs, &nq, &errs, &nerr),
                 DARS_EINVALID);
    cr_assert_eq(nq, 1);
    cr_assert_eq(nerr, 1);
    cr_assert_str_eq(errs[0].reason, "question contains a NUL byte");
    const char *odd[] = { "{", "}", "::", "{#", "{#=", "%", "{~%", "{=%1", "\\", "{\\}", "{T#",
                          "$CATEGORY:", "[html]", "{=->->}", "{####}" };
    for (size_t i = 0; i < ARRAY_SIZE(odd); i++)
        gift_parse(&arena, odd[i], strlen(odd[i]), &qs, &nq, &errs, &nerr);
}

/* Every type and construct; the round trip must keep all of it. */
static const char corpus[] =
    "$CATEGORY: $course$/top/Tombs\n\n"
    "::Grants tomb::Who is buried in Grant's tomb?{=Grant#Right ~No one#Wrong ~Napoleon}\n\n"
    "Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.\n\n"
    "What two people are entombed in Grant's tomb? {~%-100%No one ~%50%Grant "
    "~%50%Grant's wife#Yes ~%-100%Grant's father}\n\n"
    "Pick {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-33.333%d}\n\n"
    "Grant is buried in Grant's tomb.{FALSE#No, he is.#Right, he is not.####Think}\n\n"
    "True?{T}\n\n"
    "Right feedback only{T##Right}\n\n"
    "$CATEGORY: Short\n\n"
    "Who's buried in Grant's tomb?{=Grant =%50%Ulysses#Half =%-10%Nobody}\n\n"
    "Match the capitals. {=Canada -> Ottawa =Italy -> Rome = -> Paris ####Capitals}\n\n"
    "When was Grant born? {#=1822:0#Correct =%50%1822:2#Close ####Born 1822}\n\n"
    "Pi {#3.141..3.142}\n\n"
    "Negative {#-5.5:0.25}\n\n"
    "::Essay::[html]<p>Write a short biography.</p>{####Look for clarity}\n\n"
    "Essay.{}\n\n"
    "::Intro::[markdown]Use **pencil** and paper.\n\n"
    "::Time\\: 2\\:30::Braces \\{ \\} \\~ \\# \\= \\n a\\-> b \\\\ end{=x\\#y#f\\=g ~%100%%odd}\n\n"
    "[moodle][weird] text{=a ~b}\n\n"
    "[moodle]// not a comment{T}\n\n"
    "Which answer equals 5? {~ \\= 2 + 2 = \\= 2 + 3 ~ \\= 2 + 4 ####General}\n\n"
    "Short with arrow {=a\\->b}\n\n"
    "::Only weight::{~%50%a =%80%b}\n";

static void expect_same(const struct gift_question *a, const struct gift_question *b)
{
    cr_assert_str_eq(a->type, b->type, "line %d", a->line);
    cr_assert(streq(a->name, b->name), "line %d name '%s' '%s'", a->line, a->name, b->name);
    cr_assert_str_eq(a->text, b->text, "line %d", a->line);
    cr_assert_str_eq(a->format, b->format, "line %d", a->line);
    cr_assert(streq(a->category, b->category), "line %d", a->line);
    cr_assert(streq(a->general_feedback, b->general_feedback), "line %d", a->line);
    cr_assert_eq(a->nanswers, b->nanswers, "line %d", a->line);
    for (size_t i = 0; i < a->nanswers; i++) {
        const struct gift_answer *x = &a->answers[i], *y = &b->answers[i];
        cr_assert(streq(x->text, y->text), "line %d answer %zu", a->line, i);
        cr_assert(streq(x->feedback, y->feedback), "line %d answer %zu", a->line, i);
        cr_assert(streq(x->match, y->match), "line %d answer %zu", a->line, i);
        cr_assert_float_eq(x->fraction, y->fraction, 1e-12, "line %d answer %zu", a->line, i);
        cr_assert_eq(x->value, y->value, "line %d answer %zu", a->line, i);
        cr_assert_eq(x->tolerance, y->tolerance, "line %d answer %zu", a->line, i);
    }
}

Test(gift, round_trip_keeps_every_question_and_answer)
{
    size_t n1, n2;
    struct gift_question *q1 = parse_all(corpus, &n1);
    cr_assert_eq(n1, 21);
    const char *types[] = { "single", "multiple", "truefalse", "short", "numerical",
                            "matching", "essay", "description" };
    for (size_t t = 0; t < ARRAY_SIZE(types); t++) {
        bool seen = false;
        for (size_t i = 0; i < n1; i++)
            seen |= streq(q1[i].type, types[t]);
        cr_assert(seen, "the corpus has no %s question", types[t]);
    }
    cr_assert_str_eq(q1[15].name, "Time: 2:30");
    cr_assert_str_eq(q1[15].text, "Braces { } ~ # = \n a-> b \\ end");
    cr_assert_str_eq(q1[17].text, "// not a comment");
    cr_assert_str_eq(q1[19].type, "short");

    struct buf out = BUF_INIT;
    cr_assert_eq(gift_write(&out, q1, n1), 0);
    struct gift_question *q2 = parse_all(out.ptr, &n2);
    cr_assert_eq(n2, n1, "%s", out.ptr);
    for (size_t i = 0; i < n1; i++)
        expect_same(&q1[i], &q2[i]);

    /* and writing again gives the same text */
    struct buf again = BUF_INIT;
    cr_assert_eq(gift_write(&again, q2, n2), 0);
    cr_assert_str_eq(again.ptr, out.ptr);
    buf_release(&out);
    buf_release(&again);
}

Test(gift, writes_what_moodle_reads)
{
    const struct gift_question *q = parse1("::T::Pick {=a#yes ~%50%b ~c}");
    struct buf out = BUF_INIT;
    cr_assert_eq(gift_write(&out, q, 1), 0);
    cr_assert_str_eq(out.ptr, "::T::Pick{\n\t=a#yes\n\t~%50%b\n\t~c\n}\n\n");
    buf_reset(&out);
    q = parse1("Year {#1822:2}");
    cr_assert_eq(gift_write(&out, q, 1), 0);
    cr_assert_str_eq(out.ptr, "Year{#\n\t=%100%1822:2#\n}\n\n");
    buf_reset(&out);
    struct gift_question bad = { .type = "poll", .text = "x" };
    cr_assert_eq(gift_write(&out, &bad, 1), DARS_EINVALID);
    buf_release(&out);
}
