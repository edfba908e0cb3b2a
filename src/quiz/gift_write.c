/*
 * The GIFT writer: questions back to text Moodle imports, escaping every
 * character GIFT gives a meaning to, so that gift_parse() of the result gives
 * the same questions (gift.h).
 */
#include "core/base.h"
#include "quiz/gift.h"

#include <math.h>

/* s with ~ = # { } : \ escaped, newlines as \n, and "->" as "\->". */
static void add_escaped(struct buf *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\n')
            buf_adds(out, "\\n");
        else if (strchr("~=#{}:\\", *s) || (*s == '-' && s[1] == '>'))
            buf_addch(out, '\\'), buf_addch(out, *s);
        else
            buf_addch(out, *s);
    }
}

/* A number that reads back as the same double. */
static void add_number(struct buf *out, double v)
{
    char tmp[64];
    snprintf(tmp, sizeof(tmp), "%.15g", v);
    if (strtod(tmp, NULL) != v)
        snprintf(tmp, sizeof(tmp), "%.17g", v);
    buf_adds(out, tmp);
}

static void add_weight(struct buf *out, double fraction)
{
    buf_addch(out, '%');
    add_number(out, fraction * 100);
    buf_addch(out, '%');
}

/*
 * "[html]" before a part whose own format differs from the question's, as
 * Moodle writes it; a text that starts with '[' gets its format anyway so it
 * does not read as a marker.
 */
static void add_format(struct buf *out, const char *format, const char *qformat,
                       const char *text)
{
    if (!text || !*text)
        return; /* a matching distractor's empty stem, as Moodle writes it */
    if (format && !streq(format, qformat ? qformat : "moodle"))
        buf_addf(out, "[%s]", format);
    else if (text && text[0] == '[')
        buf_addf(out, "[%s]", qformat ? qformat : "moodle");
}

static void add_feedback(struct buf *out, const struct gift_answer *ans, const char *qformat)
{
    if (ans->feedback && *ans->feedback) {
        buf_addch(out, '#');
        add_format(out, ans->feedback_format, qformat, ans->feedback);
        add_escaped(out, ans->feedback);
    }
}

/*
 * One choice or short answer: marker, weight when not the marker's own (or
 * always, as Moodle writes short answers), text, feedback.
 */
static void add_choice(struct buf *out, const struct gift_answer *ans, char marker,
                       bool weight, const char *qformat)
{
    double plain = marker == '=' ? 1 : 0;
    const char *text = ans->text ? ans->text : "";
    buf_adds(out, "\n\t");
    buf_addch(out, marker);
    /* a text starting with % would read as a weight: give the weight anyway */
    if (weight || ans->fraction != plain || text[0] == '%')
        add_weight(out, ans->fraction);
    add_format(out, ans->format, qformat, text);
    add_escaped(out, text);
    add_feedback(out, ans, qformat);
}

static void add_truefalse(struct buf *out, const struct gift_question *q)
{
    const struct gift_answer *right = NULL, *wrong = NULL;
    bool truth = true;
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct gift_answer *ans = &q->answers[i];
        if (ans->fraction > 0) {
            right = ans;
            truth = streq(ans->text, "true");
        } else {
            wrong = ans;
        }
    }
    buf_adds(out, truth ? "TRUE" : "FALSE");
    const char *wfb = wrong && wrong->feedback && *wrong->feedback ? wrong->feedback : NULL;
    const char *rfb = right && right->feedback && *right->feedback ? right->feedback : NULL;
    /* the second # only when there is right-answer feedback: "#a#" + "####" would misread */
    if (wfb || rfb) {
        buf_addch(out, '#');
        if (wfb)
            add_format(out, wrong->feedback_format, q->format, wfb);
        add_escaped(out, wfb);
    }
    if (rfb) {
        buf_addch(out, '#');
        add_format(out, right->feedback_format, q->format, rfb);
        add_escaped(out, rfb);
    }
}

static int add_answers(struct buf *out, const struct gift_question *q)
{
    const char *t = q->type;
    if (streq(t, "essay"))
        return 0;
    if (streq(t, "truefalse")) {
        add_truefalse(out, q);
        return 0;
    }
    if (streq(t, "numerical")) {
        /* as Moodle writes it: "=%100%3:2#" with the weight and the '#' always there */
        buf_addch(out, '#');
        for (size_t i = 0; i < q->nanswers; i++) {
            const struct gift_answer *ans = &q->answers[i];
            if (streq(ans->text, "*") && ans->fraction == 0) {
                buf_adds(out, "\n\t~#"); /* the catch-all: any other number */
            } else {
                buf_adds(out, "\n\t=");
                add_weight(out, ans->fraction);
                if (streq(ans->text, "*")) {
                    buf_addch(out, '*');
                } else {
                    add_number(out, ans->value);
                    buf_addch(out, ':');
                    add_number(out, ans->tolerance);
                }
                buf_addch(out, '#');
            }
            if (ans->feedback && *ans->feedback) {
                add_format(out, ans->feedback_format, q->format, ans->feedback);
                add_escaped(out, ans->feedback);
            }
        }
        return 0;
    }
    if (streq(t, "matching")) {
        for (size_t i = 0; i < q->nanswers; i++) {
            buf_adds(out, "\n\t=");
            add_format(out, q->answers[i].format, q->format, q->answers[i].text);
            add_escaped(out, q->answers[i].text);
            buf_adds(out, " -> ");
            add_escaped(out, q->answers[i].match);
        }
        return 0;
    }
    if (streq(t, "short")) {
        for (size_t i = 0; i < q->nanswers; i++)
            add_choice(out, &q->answers[i], '=', true, q->format);
        return 0;
    }
    if (streq(t, "single")) {
        /* full-credit answers are '='; if none is, the best one carries '=' and its weight */
        size_t best = 0;
        bool any_full = false;
        for (size_t i = 0; i < q->nanswers; i++) {
            any_full |= q->answers[i].fraction == 1;
            if (q->answers[i].fraction > q->answers[best].fraction)
                best = i;
        }
        /* and at least one '~', or it would read as short answer: "~%100%" for the last */
        size_t neq = 0;
        for (size_t i = 0; i < q->nanswers; i++)
            neq += any_full ? q->answers[i].fraction == 1 : i == best;
        for (size_t i = 0; i < q->nanswers; i++) {
            bool eq = any_full ? q->answers[i].fraction == 1 : i == best;
            if (neq == q->nanswers && i + 1 == q->nanswers && i > 0)
                eq = false;
            add_choice(out, &q->answers[i], eq ? '=' : '~', false, q->format);
        }
        return 0;
    }
    if (streq(t, "multiple")) {
        /* never '=': that would make it single */
        for (size_t i = 0; i < q->nanswers; i++) {
            const struct gift_answer *ans = &q->answers[i];
            buf_adds(out, "\n\t~");
            add_weight(out, ans->fraction);
            add_format(out, ans->format, q->format, ans->text);
            add_escaped(out, ans->text);
            add_feedback(out, ans, q->format);
        }
        return 0;
    }
    return DARS_EINVALID;
}

int gift_write(struct buf *out, const struct gift_question *qs, size_t nq)
{
    const char *category = NULL;

    for (size_t i = 0; i < nq; i++) {
        const struct gift_question *q = &qs[i];
        const char *text = q->text ? q->text : "";
        bool description = streq(q->type, "description");

        if (q->category && !streq(q->category, category)) {
            buf_addf(out, "$CATEGORY: %s\n\n", q->category);
            category = q->category;
        }
        if (q->name && *q->name) {
            buf_adds(out, "::");
            add_escaped(out, q->name);
            buf_adds(out, "::");
        }
        /* the format also shields a text that would read as one, or as a comment */
        if ((q->format && !streq(q->format, "moodle")) || text[0] == '[' ||
            (!(q->name && *q->name) && text[0] == '/'))
            buf_addf(out, "[%s]", q->format ? q->format : "moodle");
        add_escaped(out, text);
        if (!description) {
            buf_addch(out, '{');
            if (add_answers(out, q) < 0)
                return DARS_EINVALID;
            bool inline_end = streq(q->type, "essay") || streq(q->type, "truefalse");
            if (q->general_feedback && *q->general_feedback) {
                buf_adds(out, inline_end ? "####" : "\n\t####");
                add_format(out, q->general_feedback_format, q->format, q->general_feedback);
                add_escaped(out, q->general_feedback);
            }
            buf_adds(out, inline_end ? "}" : "\n}");
        }
        buf_adds(out, "\n\n");
    }
    return 0;
}
