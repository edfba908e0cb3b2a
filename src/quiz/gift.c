/*
 * The GIFT parser: split the file into question blocks (blank lines between,
 * comment lines dropped, $CATEGORY: lines noted), then read each block's
 * title, format, text and {answers}. A bad block gives one error with its
 * line and parsing goes on; nothing here trusts the input (gift.h). The
 * reasons are N_() msgids: pages show them through _().
 */
#include "core/base.h"
#include "quiz/gift.h"

#include "core/utf8.h"
#include "core/i18n.h"

#include <ctype.h>
#include <math.h>
#include <strings.h>

struct parser {
    struct arena *a;
    struct gift_question *qs;
    size_t nq, qcap;
    struct gift_error *errs;
    size_t nerr, ecap;
    const char *category;
};

/* One block's raw bytes (NUL-terminated) and where it starts. */
struct block {
    const char *s;
    size_t len;
    int line;
};

static int fail(struct parser *p, int line, const char *reason)
{
    p->errs = arena_grow(p->a, p->errs, p->nerr, &p->ecap, sizeof(*p->errs));
    p->errs[p->nerr].line = line;
    p->errs[p->nerr].reason = reason;
    p->nerr++;
    return DARS_EINVALID;
}

static bool is_blank(int c)
{
    return isspace((unsigned char)c);
}

/* Narrow [*b, *e) of s to exclude surrounding whitespace. */
static void trim(const char *s, size_t *b, size_t *e)
{
    while (*b < *e && is_blank(s[*b]))
        (*b)++;
    while (*e > *b && is_blank(s[*e - 1]))
        (*e)--;
}

/* Index of the first unescaped c in s[from, end), or end. A backslash escapes the next byte. */
static size_t find_unesc(const char *s, size_t from, size_t end, char c)
{
    for (size_t i = from; i < end; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == c)
            return i;
    }
    return end;
}

/* Index of the first unescaped occurrence of str in s[from, end), or end. */
static size_t find_str_unesc(const char *s, size_t from, size_t end, const char *str)
{
    size_t n = strlen(str);
    for (size_t i = from; i < end; i++) {
        if (s[i] == '\\')
            i++;
        else if (end - i >= n && !memcmp(s + i, str, n))
            return i;
    }
    return end;
}

/*
 * s[b, e) trimmed and unescaped. \~ \= \# \{ \} \: \\ \- give the character,
 * \n a newline; any other backslash stays as it is.
 */
static char *unesc(struct arena *a, const char *s, size_t b, size_t e)
{
    trim(s, &b, &e);
    char *out = arena_alloc(a, e - b + 1);
    size_t n = 0;
    for (size_t i = b; i < e; i++) {
        if (s[i] == '\\' && i + 1 < e) {
            char c = s[i + 1];
            if (strchr("~=#{}:\\-", c)) {
                out[n++] = c;
                i++;
                continue;
            }
            if (c == 'n') {
                out[n++] = '\n';
                i++;
                continue;
            }
        }
        out[n++] = s[i];
    }
    out[n] = '\0';
    return out;
}

/* As unesc(), but NULL for nothing. */
static const char *unesc_opt(struct arena *a, const char *s, size_t b, size_t e)
{
    char *t = unesc(a, s, b, e);
    return *t ? t : NULL;
}

static const char *const formats[] = { "markdown", "html", "plain", "moodle" };

/*
 * Take a leading [format] marker off *text (an answer, a feedback, a stem):
 * *format gets it, or stays NULL. Moodle gives each of these its own format.
 */
static void strip_format(const char **text, const char **format)
{
    const char *t = *text;
    if (!t || t[0] != '[')
        return;
    for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
        size_t n = strlen(formats[i]);
        if (!strncmp(t + 1, formats[i], n) && t[n + 1] == ']') {
            *format = formats[i];
            t += n + 2;
            while (is_blank(*t))
                t++;
            *text = t;
            return;
        }
    }
}

/* The whole of s[b, e) (trimmed) as a finite number. */
static bool parse_double(struct arena *a, const char *s, size_t b, size_t e, double *out)
{
    trim(s, &b, &e);
    if (b == e)
        return false;
    char *t = arena_strndup(a, s + b, e - b);
    char *end;
    double v = strtod(t, &end);
    if (*end || end == t || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* "3.14", "3.14:0.01" or "1..5" into value and tolerance. */
static const char *parse_numeric(struct arena *a, const char *spec, double *value,
                                 double *tolerance)
{
    size_t n = strlen(spec);
    const char *dots = strstr(spec, "..");
    const char *colon = strchr(spec, ':');
    if (dots) {
        double lo, hi;
        size_t d = (size_t)(dots - spec);
        if (!parse_double(a, spec, 0, d, &lo) || !parse_double(a, spec, d + 2, n, &hi))
            return N_("numerical answer must be a number");
        if (lo > hi)
            return N_("numerical range must go from the lower to the higher number");
        *value = lo / 2 + hi / 2;
        *tolerance = hi / 2 - lo / 2;
    } else if (colon) {
        size_t c = (size_t)(colon - spec);
        if (!parse_double(a, spec, 0, c, value) || !parse_double(a, spec, c + 1, n, tolerance))
            return N_("numerical answer must be a number");
        if (*tolerance < 0)
            return N_("numerical tolerance must not be negative");
    } else {
        if (!parse_double(a, spec, 0, n, value))
            return N_("numerical answer must be a number");
        *tolerance = 0;
    }
    return NULL;
}

/*
 * Read "%50%" at s[*b] if there is one, moving *b past it. Returns an error
 * reason, or NULL (fraction untouched when there is no weight).
 */
static const char *parse_weight(struct arena *a, const char *s, size_t *b, size_t e,
                                double *fraction)
{
    while (*b < e && is_blank(s[*b]))
        (*b)++;
    if (*b >= e || s[*b] != '%')
        return NULL;
    const char *close = memchr(s + *b + 1, '%', e - *b - 1);
    if (!close)
        return N_("answer weight has no closing %");
    double w;
    size_t c = (size_t)(close - s);
    if (!parse_double(a, s, *b + 1, c, &w))
        return N_("answer weight must be a number");
    if (w < -100 || w > 100)
        /* xgettext:no-c-format */
        return N_("answer weight must be between -100% and 100%");
    *fraction = w / 100;
    *b = c + 1;
    return NULL;
}

/* The answers of one {...}: markers ('=' or '~') and their raw segments. */
struct segs {
    size_t n;
    char *marker;
    size_t *b, *e;
};

/* Split s[b, e) at unescaped '=' and '~'; only whitespace may come before the first. */
static const char *split_answers(struct arena *a, const char *s, size_t b, size_t e,
                                 struct segs *sg)
{
    size_t n = 0;
    for (size_t i = b; i < e; i++) {
        if (!n && !is_blank(s[i]) && s[i] != '=' && s[i] != '~')
            return N_("answers must start with = or ~");
        if (s[i] == '\\')
            i++;
        else if (s[i] == '=' || s[i] == '~')
            n++;
    }
    if (!n)
        return N_("answers must start with = or ~");
    sg->n = n;
    sg->marker = ARENA_NEW_N(a, char, n + 1);
    sg->b = ARENA_NEW_N(a, size_t, n + 1);
    sg->e = ARENA_NEW_N(a, size_t, n + 1);
    size_t k = 0;
    for (size_t i = b; i < e; i++) {
        if (s[i] == '\\') {
            i++;
        } else if (s[i] == '=' || s[i] == '~') {
            if (k)
                sg->e[k - 1] = i;
            sg->marker[k] = s[i];
            sg->b[k] = i + 1;
            k++;
        }
    }
    if (k)
        sg->e[k - 1] = e;
    return NULL;
}

/* Weight, text and #feedback of one choice or short answer. */
static const char *parse_choice(struct arena *a, const char *s, size_t b, size_t e, char marker,
                                struct gift_answer *ans)
{
    ans->fraction = marker == '=' ? 1 : 0;
    const char *why = parse_weight(a, s, &b, e, &ans->fraction);
    if (why)
        return why;
    size_t h = find_unesc(s, b, e, '#');
    ans->text = unesc(a, s, b, h);
    ans->feedback = h < e ? unesc_opt(a, s, h + 1, e) : NULL;
    strip_format(&ans->text, &ans->format);
    strip_format(&ans->feedback, &ans->feedback_format);
    if (ans->feedback && !*ans->feedback)
        ans->feedback = NULL;
    if (!*ans->text)
        return N_("answer has no text");
    return NULL;
}

static const char *parse_numerical(struct arena *a, const char *s, size_t b, size_t e,
                                   struct gift_question *q)
{
    struct segs sg;
    const char *why;
    trim(s, &b, &e);
    size_t tilde = find_unesc(s, b, e, '~'), eq = find_unesc(s, b, e, '=');
    if (b < e && (s[b] == '=' || s[b] == '~')) {
        if ((why = split_answers(a, s, b, e, &sg)))
            return why;
    } else if (tilde < e || eq < e) {
        /* "{#3:2~#Completely wrong}": a first answer without its '=', then others */
        size_t m = tilde < eq ? tilde : eq;
        struct segs rest;
        if ((why = split_answers(a, s, m, e, &rest)))
            return why;
        sg.n = rest.n + 1;
        sg.marker = ARENA_NEW_N(a, char, sg.n + 1);
        sg.b = ARENA_NEW_N(a, size_t, sg.n);
        sg.e = ARENA_NEW_N(a, size_t, sg.n);
        sg.marker[0] = '=';
        sg.b[0] = b;
        sg.e[0] = m;
        memcpy(sg.marker + 1, rest.marker, rest.n);
        memcpy(sg.b + 1, rest.b, rest.n * sizeof(*sg.b));
        memcpy(sg.e + 1, rest.e, rest.n * sizeof(*sg.e));
    } else {
        /* one answer, full credit, no marker */
        sg.n = 1;
        sg.marker = arena_strdup(a, "=");
        sg.b = ARENA_NEW_N(a, size_t, 1);
        sg.e = ARENA_NEW_N(a, size_t, 1);
        sg.b[0] = b;
        sg.e[0] = e;
    }
    q->type = "numerical";
    q->nanswers = sg.n;
    q->answers = ARENA_NEW_N(a, struct gift_answer, sg.n);
    for (size_t i = 0; i < sg.n; i++) {
        struct gift_answer *ans = &q->answers[i];
        size_t ab = sg.b[i];
        ans->fraction = sg.marker[i] == '=' ? 1 : 0;
        if ((why = parse_weight(a, s, &ab, sg.e[i], &ans->fraction)))
            return why;
        size_t h = find_unesc(s, ab, sg.e[i], '#');
        ans->feedback = h < sg.e[i] ? unesc_opt(a, s, h + 1, sg.e[i]) : NULL;
        strip_format(&ans->feedback, &ans->feedback_format);
        if (ans->feedback && !*ans->feedback)
            ans->feedback = NULL;
        const char *spec = unesc(a, s, ab, h);
        /* "~#feedback" or "*": any other number, Moodle's catch-all */
        if (!*spec || streq(spec, "*")) {
            ans->text = "*";
            continue;
        }
        if ((why = parse_numeric(a, spec, &ans->value, &ans->tolerance)))
            return why;
    }
    return NULL;
}

static const char *parse_truefalse(struct arena *a, const char *s, size_t b, size_t e,
                                   bool right, struct gift_question *q)
{
    /* {T#shown for the wrong pick#shown for the right pick}, as Moodle reads it */
    size_t h1 = find_unesc(s, b, e, '#');
    size_t h2 = h1 < e ? find_unesc(s, h1 + 1, e, '#') : e;
    const char *wrong = h1 < e ? unesc_opt(a, s, h1 + 1, h2) : NULL;
    const char *good = h2 < e ? unesc_opt(a, s, h2 + 1, e) : NULL;
    const char *wrong_format = NULL, *good_format = NULL;
    strip_format(&wrong, &wrong_format);
    strip_format(&good, &good_format);
    wrong = wrong && *wrong ? wrong : NULL;
    good = good && *good ? good : NULL;
    q->type = "truefalse";
    q->nanswers = 2;
    q->answers = ARENA_NEW_N(a, struct gift_answer, 2);
    q->answers[0].text = "true";
    q->answers[0].fraction = right ? 1 : 0;
    q->answers[0].feedback = right ? good : wrong;
    q->answers[0].feedback_format = right ? good_format : wrong_format;
    q->answers[1].text = "false";
    q->answers[1].fraction = right ? 0 : 1;
    q->answers[1].feedback = right ? wrong : good;
    q->answers[1].feedback_format = right ? wrong_format : good_format;
    return NULL;
}

static const char *parse_matching(struct arena *a, const char *s, size_t b, size_t e,
                                  struct gift_question *q)
{
    struct segs sg;
    const char *why = split_answers(a, s, b, e, &sg);
    if (why)
        return why;
    q->type = "matching";
    q->nanswers = sg.n;
    q->answers = ARENA_NEW_N(a, struct gift_answer, sg.n);
    size_t pairs = 0;
    for (size_t i = 0; i < sg.n; i++) {
        size_t arrow = find_str_unesc(s, sg.b[i], sg.e[i], "->");
        if (arrow == sg.e[i])
            return N_("matching pair needs ->");
        struct gift_answer *ans = &q->answers[i];
        ans->text = unesc(a, s, sg.b[i], arrow);
        ans->match = unesc(a, s, arrow + 2, sg.e[i]);
        strip_format(&ans->text, &ans->format);
        ans->fraction = 1;
        if (!*ans->match)
            return N_("matching pair needs an answer after ->");
        if (*ans->text)
            pairs++;
    }
    if (pairs < 2)
        return N_("matching question needs at least two pairs");
    return NULL;
}

static const char *parse_choices(struct arena *a, const char *s, size_t b, size_t e,
                                 bool has_tilde, struct gift_question *q)
{
    struct segs sg;
    const char *why = split_answers(a, s, b, e, &sg);
    if (why)
        return why;
    q->nanswers = sg.n;
    q->answers = ARENA_NEW_N(a, struct gift_answer, sg.n);
    bool has_equals = false;
    double positive = 0;
    for (size_t i = 0; i < sg.n; i++) {
        if ((why = parse_choice(a, s, sg.b[i], sg.e[i], sg.marker[i], &q->answers[i])))
            return why;
        has_equals |= sg.marker[i] == '=';
        if (q->answers[i].fraction > 0)
            positive += q->answers[i].fraction;
    }
    if (!has_tilde) {
        q->type = "short";
        return NULL;
    }
    if (has_equals) {
        q->type = "single";
        return NULL;
    }
    q->type = "multiple";
    if (positive <= 0)
        return N_("choice question needs a right answer");
    if (fabs(positive - 1) > 0.001)
        return N_("weights of the right answers must add up to 100%");
    return NULL;
}

static bool is_word(const char *s, size_t b, size_t e, const char *w)
{
    return e - b == strlen(w) && !strncasecmp(s + b, w, e - b);
}

/* The {...} part, s[b, e) without the braces. */
static const char *parse_answers(struct arena *a, const char *s, size_t b, size_t e,
                                 struct gift_question *q)
{
    size_t g = find_str_unesc(s, b, e, "####");
    q->general_feedback = g < e ? unesc_opt(a, s, g + 4, e) : NULL;
    strip_format(&q->general_feedback, &q->general_feedback_format);
    if (q->general_feedback && !*q->general_feedback)
        q->general_feedback = NULL;
    e = g;
    trim(s, &b, &e);
    if (b == e) {
        q->type = "essay";
        return NULL;
    }
    if (s[b] == '#')
        return parse_numerical(a, s, b + 1, e, q);
    size_t h = find_unesc(s, b, e, '#'), he = h;
    trim(s, &b, &he);
    if (is_word(s, b, he, "T") || is_word(s, b, he, "TRUE"))
        return parse_truefalse(a, s, b, e, true, q);
    if (is_word(s, b, he, "F") || is_word(s, b, he, "FALSE"))
        return parse_truefalse(a, s, b, e, false, q);
    bool tilde = find_unesc(s, b, e, '~') < e;
    if (!tilde && find_str_unesc(s, b, e, "->") < e)
        return parse_matching(a, s, b, e, q);
    return parse_choices(a, s, b, e, tilde, q);
}

static const char *parse_question(struct parser *p, const struct block *bl,
                                  struct gift_question *q)
{
    struct arena *a = p->a;
    const char *s = bl->s;
    size_t b = 0, e = bl->len;

    if (memchr(s, '\0', e))
        return N_("question contains a NUL byte");
    if (!utf8_is_valid(s, e))
        return N_("question is not valid UTF-8");
    q->line = bl->line;
    q->format = "moodle";
    q->category = p->category;
    trim(s, &b, &e);
    if (e - b >= 2 && !memcmp(s + b, "::", 2)) {
        size_t end = find_str_unesc(s, b + 2, e, "::");
        if (end == e)
            return N_("question title has no closing ::");
        q->name = unesc_opt(a, s, b + 2, end);
        b = end + 2;
        trim(s, &b, &e);
    }
    for (size_t i = 0; i < ARRAY_SIZE(formats) && b < e && s[b] == '['; i++) {
        size_t n = strlen(formats[i]);
        if (e - b >= n + 2 && !memcmp(s + b + 1, formats[i], n) && s[b + n + 1] == ']') {
            q->format = formats[i];
            b += n + 2;
            break;
        }
    }
    size_t open = find_unesc(s, b, e, '{');
    if (find_unesc(s, b, open, '}') < open)
        return N_("} without {");
    if (open == e) {
        q->type = "description";
        q->text = unesc(a, s, b, e);
        return *q->text ? NULL : N_("question has no text");
    }
    size_t close = find_unesc(s, open + 1, e, '}');
    if (close == e)
        return N_("unclosed {");
    if (find_unesc(s, open + 1, close, '{') < close)
        return N_("{ inside the answers");
    if (find_unesc(s, close + 1, e, '{') < e || find_unesc(s, close + 1, e, '}') < e)
        return N_("a question can have only one {...}");
    /* fill-in-the-middle: the blank marker where the answers were */
    size_t after = close + 1;
    while (after < e && is_blank(s[after]))
        after++;
    if (after < e) {
        char *t = arena_printf(a, "%.*s%s%.*s", (int)(open - b), s + b, GIFT_BLANK,
                               (int)(e - close - 1), s + close + 1);
        q->text = unesc(a, t, 0, strlen(t));
    } else {
        q->text = unesc(a, s, b, open);
    }
    return parse_answers(a, s, open + 1, close, q);
}

static void add_block(struct parser *p, const struct block *bl)
{
    struct gift_question q = { 0 };
    const char *why = parse_question(p, bl, &q);
    if (why) {
        fail(p, bl->line, why);
        return;
    }
    p->qs = arena_grow(p->a, p->qs, p->nq, &p->qcap, sizeof(*p->qs));
    p->qs[p->nq++] = q;
}

/* Parse the lines gathered in cur (copied whole: they may hold NUL bytes) and empty it. */
static void end_block(struct parser *p, struct block *bl, struct buf *cur)
{
    char *s = arena_alloc(p->a, cur->len + 1);
    memcpy(s, cur->ptr, cur->len + 1);
    bl->s = s;
    bl->len = cur->len;
    add_block(p, bl);
    buf_reset(cur);
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !memcmp(s, prefix, k);
}

int gift_parse(struct arena *a, const char *src, size_t len, struct gift_question **qs,
               size_t *nq, struct gift_error **errs, size_t *nerr)
{
    struct parser p = { .a = a };
    struct buf cur = BUF_INIT;
    struct block bl = { 0 };
    int line = 0;
    size_t pos = 0;

    while (pos <= len) {
        const char *ls = src + pos;
        const char *nl = pos < len ? memchr(ls, '\n', len - pos) : NULL;
        size_t n = nl ? (size_t)(nl - ls) : len - pos;
        size_t b = 0, e = n;
        line++;
        pos += n + 1;
        trim(ls, &b, &e);
        if (b == e) {
            /* a blank line (or the end) ends the question */
            if (cur.len) {
                end_block(&p, &bl, &cur);
            }
            continue;
        }
        if (starts_with(ls + b, e - b, "//"))
            continue;
        if (starts_with(ls + b, e - b, "$CATEGORY:")) {
            /* the category of the block it ends or starts, and of those after */
            if (cur.len) {
                end_block(&p, &bl, &cur);
            }
            size_t cb = b + strlen("$CATEGORY:");
            trim(ls, &cb, &e);
            p.category = arena_strndup(a, ls + cb, e - cb);
            continue;
        }
        if (!cur.len)
            bl.line = line;
        else
            buf_addch(&cur, '\n');
        if (n && ls[n - 1] == '\r')
            n--;
        buf_add(&cur, ls, n);
    }
    if (cur.len)
        end_block(&p, &bl, &cur);
    buf_release(&cur);
    *qs = p.qs;
    *nq = p.nq;
    *errs = p.errs;
    *nerr = p.nerr;
    return p.nerr ? DARS_EINVALID : 0;
}
