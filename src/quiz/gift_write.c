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

static void add_feedback(struct buf *out, const char *feedback)
{
    if (feedback && *feedback) {
        buf_addch(out, '#');
        add_escaped(out, feedback);
    }
}

/* One choice or short answer: marker, weight when not the marker's own, text, feedback. */
static void add_choice(struct buf *out, const struct gift_answer *ans, char marker)
{
    double plain = marker == '=' ? 1 : 0;
    const char *text = ans->text ? ans->text : "";
    buf_adds(out, "\n\t");
    buf_addch(out, marker);
    /* a text starting with % would read as a weight: give the weight anyway */
    if (ans->fraction != plain || text[0] == '%')
        add_weight(out, ans->fraction);
    add_escaped(out, text);
    add_feedback(out, ans->feedback);
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
        add_escaped(out, wfb);
    }
    if (rfb) {
        buf_addch(out, '#');
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
        buf_addch(out, '#');
        for (size_t i = 0; i < q->nanswers; i++) {
            const struct gift_answer *ans = &q->answers[i];
            buf_adds(out, "\n\t=");
            if (ans->fraction != 1)
                add_weight(out, ans->fraction);
            add_number(out, ans->value);
            buf_addch(out, ':');
            add_number(out, ans->tolerance);
            add_feedback(out, ans->feedback);
        }
        return 0;
    }
    if (streq(t, "matching")) {
        for (size_t i = 0; i < q->nanswers; i++) {
            buf_adds(out, "\n\t=");
            add_escaped(out, q->answers[i].text);
            buf_adds(out, " -> ");
            add_escaped(out, q->answers[i].match);
        }
        return 0;
    }
    if (streq(t, "short")) {
        for (size_t i = 0; i < q->nanswers; i++)
            add_choice(out, &q->answers[i], '=');
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
            add_choice(out, &q->answers[i], eq ? '=' : '~');
        }
        return 0;
    }
    if (streq(t, "multiple")) {
        /* never '=': that would make it single */
        for (size_t i = 0; i < q->nanswers; i++) {
            struct gift_answer ans = q->answers[i];
            buf_adds(out, "\n\t~");
            add_weight(out, ans.fraction);
            add_escaped(out, ans.text);
            add_feedback(out, ans.feedback);
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
            if (q->general_feedback && *q->general_feedback) {
                buf_adds(out, streq(q->type, "essay") ? "####" : "\n\t####");
                add_escaped(out, q->general_feedback);
            }
            buf_adds(out, streq(q->type, "essay") || streq(q->type, "truefalse") ? "}" : "\n}");
        }
        buf_adds(out, "\n\n");
    }
    return 0;
}
