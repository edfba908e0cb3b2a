/*
 * Automatic grading: a stored response to a question gives a fraction of its
 * mark (quiz_int.h says the rule per type), and the conversions between the
 * attempt API's JSON and the stored form of a response. No database here, so
 * the unit tests can walk every rule.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "core/i18n.h"

#include <errno.h>
#include <math.h>

static int64_t clamp(int64_t f, int64_t lo, int64_t hi)
{
    return f < lo ? lo : f > hi ? hi : f;
}

const struct quiz_answer *quiz_answer_by_id(const struct quiz_question *q, int64_t id)
{
    for (size_t i = 0; i < q->nanswers; i++)
        if (q->answers[i].id == id)
            return &q->answers[i];
    return NULL;
}

/* A whole decimal id, else 0. */
static int64_t parse_id(const char *s, size_t n)
{
    int64_t v = 0;

    if (!n || n > 18)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool quiz_ids_next(const char **p, int64_t *id)
{
    while (**p) {
        size_t n = strcspn(*p, ",");
        int64_t v = parse_id(*p, n);
        *p += n + ((*p)[n] == ',');
        if (v) {
            *id = v;
            return true;
        }
    }
    return false;
}

/* Glob match with '*' standing for any text (Moodle's short answer wildcard). */
static bool glob(const char *p, const char *s)
{
    const char *star = NULL, *resume = NULL;

    while (*s) {
        if (*p == '*') {
            star = p++;
            resume = s;
        } else if (*p == *s) {
            p++;
            s++;
        } else if (star) {
            p = star + 1;
            s = ++resume;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return !*p;
}

/*
 * What a short answer or response is compared as: trimmed, NFC, case-folded.
 * Folding turns the Azerbaijani and Uzbek capital İ into "i" plus a combining
 * dot; the dot goes, so that "ŞƏKİ" is "şəki" as its writer means.
 */
static const char *short_key(struct arena *a, const char *s, bool case_sensitive)
{
    if (case_sensitive) {
        const char *n = utf8_nfc(a, utf8_trim(a, s));
        return n ? n : "";
    }
    char *t = utf8_fold(a, utf8_trim(a, s)), *w = t;

    if (!t)
        return "";
    for (const char *r = t; *r;) {
        if (r[0] == 'i' && r[1] == '\xcc' && r[2] == '\x87') {
            *w++ = 'i';
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return t;
}

bool quiz_number_parse(struct arena *a, const char *s, double *out)
{
    char *t = utf8_trim(a, s ? s : ""), *end;

    if (!*t)
        return false;
    /* strtod alone would also read "0x1A", "nan", "infinity" and a locale's own forms */
    for (char *c = t; *c; c++) {
        if (*c == ',')
            *c = '.';
        else if (!strchr("0123456789.+-eE", *c))
            return false;
    }
    errno = 0;
    double v = strtod(t, &end);
    if (end == t || *end || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static const struct quiz_answer *short_match(struct arena *a, const struct quiz_question *q,
                                             const char *response)
{
    const struct quiz_answer *best = NULL;
    const char *key = short_key(a, response, q->case_sensitive);

    if (!*key)
        return NULL;
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        if (ans->text && glob(short_key(a, ans->text, q->case_sensitive), key) &&
            (!best || ans->fraction > best->fraction))
            best = ans;
    }
    return best;
}

static const struct quiz_answer *numerical_match(struct arena *a, const struct quiz_question *q,
                                                 const char *response)
{
    const struct quiz_answer *best = NULL, *other = NULL;
    double v = 0;

    for (size_t i = 0; i < q->nanswers; i++)
        if (streq(q->answers[i].text, "*"))
            other = &q->answers[i];
    if (!quiz_number_parse(a, response, &v))
        return *utf8_trim(a, response) ? other : NULL;
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        if (ans == other)
            continue;
        /* a little slack so that 0.1 + 0.2 style rounding in the bounds does not cost credit */
        double slack = 1e-9 * fmax(1.0, fabs(ans->value));
        if (fabs(v - ans->value) <= ans->tolerance + slack &&
            (!best || ans->fraction > best->fraction))
            best = ans;
    }
    /* Moodle's "*": the answer (and feedback) for any number no other answer holds */
    return best ? best : other;
}

const struct quiz_answer *quiz_response_answer(struct arena *a, const struct quiz_question *q,
                                               const char *response)
{
    if (!response)
        return NULL;
    if (streq(q->type, "single") || streq(q->type, "truefalse"))
        return quiz_answer_by_id(q, parse_id(response, strlen(response)));
    if (streq(q->type, "short"))
        return short_match(a, q, response);
    if (streq(q->type, "numerical"))
        return numerical_match(a, q, response);
    return NULL;
}

static int64_t grade_multiple(const struct quiz_question *q, const char *response)
{
    int64_t sum = 0, id;

    for (const char *p = response; quiz_ids_next(&p, &id);) {
        const struct quiz_answer *ans = quiz_answer_by_id(q, id);
        if (ans)
            sum += ans->fraction;
    }
    return clamp(sum, 0, QUIZ_UNIT);
}

static int64_t grade_matching(const struct quiz_question *q, const char *response)
{
    json_t *obj = json_loads(response, 0, NULL);
    size_t stems = 0, right = 0;

    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        /* a pair with no stem is a distractor: a choice to pick, nothing to match */
        if (!ans->text || !*ans->text)
            continue;
        stems++;
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)ans->id);
        const char *picked = json_string_value(json_object_get(obj, key));
        if (picked && ans->match && streq(picked, ans->match))
            right++;
    }
    json_decref(obj);
    return stems ? (int64_t)((double)right / (double)stems * QUIZ_UNIT + 0.5) : 0;
}

bool quiz_grade(struct arena *a, const struct quiz_question *q, const char *response,
                int64_t *fraction)
{
    const struct quiz_answer *ans;

    *fraction = 0;
    if (!response || streq(q->type, "description"))
        return true;
    if (streq(q->type, "essay"))
        return !*utf8_trim(a, response); /* an empty essay earns nothing, no one need read it */
    if (streq(q->type, "multiple")) {
        *fraction = grade_multiple(q, response);
    } else if (streq(q->type, "matching")) {
        *fraction = grade_matching(q, response);
    } else if ((ans = quiz_response_answer(a, q, response))) {
        *fraction = clamp(ans->fraction, -QUIZ_UNIT, QUIZ_UNIT);
    }
    return true;
}

/* ---- the API's JSON <-> the stored form ---- */

static int parse_choice(struct arena *a, const struct quiz_question *q, json_t *v,
                        const char **out, const char **why)
{
    int64_t id = 0;

    if (streq(q->type, "truefalse") && json_is_boolean(v)) {
        const char *want = json_is_true(v) ? "true" : "false";
        for (size_t i = 0; i < q->nanswers; i++)
            if (streq(q->answers[i].text, want))
                id = q->answers[i].id;
    } else if (json_is_integer(v)) {
        id = json_integer_value(v);
    } else if (json_is_string(v)) {
        id = parse_id(json_string_value(v), strlen(json_string_value(v)));
    }
    if (!id || !quiz_answer_by_id(q, id)) {
        *why = N_("choose one of the question's answers");
        return DARS_EINVALID;
    }
    *out = arena_printf(a, "%lld", (long long)id);
    return 0;
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

static int parse_multiple(struct arena *a, const struct quiz_question *q, json_t *v,
                          const char **out, const char **why)
{
    size_t n = json_array_size(v), k = 0;
    int64_t *ids = arena_alloc(a, (n + 1) * sizeof(*ids));
    json_t *e;
    size_t i;

    if (!json_is_array(v)) {
        *why = N_("give the chosen answers as a list of answer ids");
        return DARS_EINVALID;
    }
    json_array_foreach(v, i, e) {
        int64_t id = json_is_integer(e) ? json_integer_value(e) : 0;
        if (!id || !quiz_answer_by_id(q, id)) {
            *why = N_("choose among the question's answers");
            return DARS_EINVALID;
        }
        ids[k++] = id;
    }
    qsort(ids, k, sizeof(*ids), cmp_id);
    struct buf b;
    buf_init(&b, 64);
    for (i = 0; i < k; i++)
        if (!i || ids[i] != ids[i - 1])
            buf_addf(&b, "%s%lld", b.len ? "," : "", (long long)ids[i]);
    *out = arena_strndup(a, b.ptr, b.len);
    buf_release(&b);
    return 0;
}

static int parse_matching(struct arena *a, const struct quiz_question *q, json_t *v,
                          const char **out, const char **why)
{
    json_t *clean = json_object(), *e;
    const char *key;
    int rc = 0;

    if (!json_is_object(v)) {
        *why = N_("give each stem's chosen match as an object");
        rc = DARS_EINVALID;
        goto out;
    }
    json_object_foreach(v, key, e) {
        const struct quiz_answer *stem = quiz_answer_by_id(q, parse_id(key, strlen(key)));
        if (!stem || !stem->text || !*stem->text || !json_is_string(e)) {
            *why = N_("match the question's stems with its choices");
            rc = DARS_EINVALID;
            goto out;
        }
        bool known = false;
        for (size_t i = 0; i < q->nanswers && !known; i++)
            known = streq(q->answers[i].match, json_string_value(e));
        if (!known && *json_string_value(e)) {
            *why = N_("match the question's stems with its choices");
            rc = DARS_EINVALID;
            goto out;
        }
        if (*json_string_value(e))
            json_object_set(clean, key, e);
    }
    char *s = json_dumps(clean, JSON_COMPACT | JSON_SORT_KEYS);
    *out = arena_strdup(a, s);
    free(s);
out:
    json_decref(clean);
    return rc;
}

int quiz_response_parse(struct arena *a, const struct quiz_question *q, json_t *v,
                        const char **out, const char **why)
{
    *out = NULL;
    *why = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (streq(q->type, "description")) {
        *why = N_("this item asks nothing");
        return DARS_EINVALID;
    }
    if (streq(q->type, "single") || streq(q->type, "truefalse"))
        return parse_choice(a, q, v, out, why);
    if (streq(q->type, "multiple"))
        return parse_multiple(a, q, v, out, why);
    if (streq(q->type, "matching"))
        return parse_matching(a, q, v, out, why);
    /* short, numerical, essay: text */
    if (json_is_number(v) && !streq(q->type, "essay")) {
        *out = arena_printf(a, "%.17g", json_number_value(v));
        return 0;
    }
    if (!json_is_string(v) || !utf8_is_valid(json_string_value(v), json_string_length(v))) {
        *why = N_("give the answer as text");
        return DARS_EINVALID;
    }
    /* a numerical answer is a number or nothing, as on the page */
    double num;
    if (streq(q->type, "numerical") && *utf8_trim(a, json_string_value(v)) &&
        !quiz_number_parse(a, json_string_value(v), &num)) {
        *why = N_("give a number, like 2.5");
        return DARS_EINVALID;
    }
    *out = utf8_nfc(a, json_string_value(v));
    return 0;
}

json_t *quiz_response_json(const struct quiz_question *q, const char *response)
{
    if (!response)
        return json_null();
    if (streq(q->type, "single") || streq(q->type, "truefalse"))
        return json_integer(parse_id(response, strlen(response)));
    if (streq(q->type, "multiple")) {
        json_t *arr = json_array();
        int64_t id;
        for (const char *p = response; quiz_ids_next(&p, &id);)
            json_array_append_new(arr, json_integer(id));
        return arr;
    }
    if (streq(q->type, "matching")) {
        json_t *obj = json_loads(response, 0, NULL);
        return obj ? obj : json_object();
    }
    return json_string(response);
}
