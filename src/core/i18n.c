/*
 * Translations from GNU .mo catalogs, parsed here rather than through gettext
 * so the language can differ per request (DESIGN.md section 3). Each catalog
 * is a private copy of the .mo bytes plus an array of (key, translation)
 * pointers into it, sorted by key for binary search. After start-up nothing
 * here is written, so lookups need no lock.
 */
#include "core/base.h"
#include "core/i18n.h"
#include "core/arena.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/xalloc.h"

#include <strings.h>

/* Codes, and the language's name for itself in the same order. */
const char *const i18n_langs[] = { "en", "ru", "az", "uz", "ko", "vi" };
const size_t i18n_nlangs = ARRAY_SIZE(i18n_langs);

static const char *const lang_names[] = {
    "English",
    "Русский",
    "Azərbaycanca",
    "Oʻzbekcha", /* with U+02BB, the letter the Uzbek Latin alphabet uses */
    "한국어",
    "Tiếng Việt",
};

#define NLANGS ARRAY_SIZE(i18n_langs)
_Static_assert(ARRAY_SIZE(lang_names) == NLANGS, "one name per language");

struct entry {
    const char *key; /* msgid, or "ctx\004msgid" */
    const char *str; /* first (singular) form of the translation */
};

struct catalog {
    char *data; /* the .mo bytes; key and str point into it */
    struct entry *entries;
    size_t n;
};

static struct catalog catalogs[NLANGS];

#define MO_MAGIC 0x950412deu
#define MO_HEADER_LEN 28 /* magic, revision, count, two table offsets, hash size and offset */

static int lang_index(const char *lang)
{
    if (!lang)
        return -1;
    for (size_t i = 0; i < NLANGS; i++)
        if (lang == i18n_langs[i] || strcasecmp(lang, i18n_langs[i]) == 0)
            return (int)i;
    return -1;
}

const char *i18n_lang_known(const char *lang)
{
    int i = lang_index(lang);
    return i < 0 ? NULL : i18n_langs[i];
}

const char *i18n_lang_name(const char *lang)
{
    int i = lang_index(lang);
    if (i >= 0)
        return lang_names[i];
    return lang ? lang : "";
}

/* --- .mo parsing -------------------------------------------------------- */

static uint32_t read_u32(const unsigned char *p, bool big_endian)
{
    if (big_endian)
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/*
 * The string of descriptor i in the table at table_off: its bytes must lie
 * inside the file and be followed by the NUL msgfmt always writes, so the
 * result is a C string. A plural entry holds its forms separated by NULs;
 * as a C string it reads as the first form. NULL when anything is out of
 * bounds.
 */
static const char *mo_string(const char *data, size_t len, uint32_t table_off, uint32_t i,
                             bool big_endian)
{
    uint64_t desc = (uint64_t)table_off + (uint64_t)i * 8;
    if (desc + 8 > len)
        return NULL;
    uint32_t slen = read_u32((const unsigned char *)data + desc, big_endian);
    uint32_t soff = read_u32((const unsigned char *)data + desc + 4, big_endian);
    if ((uint64_t)soff + slen >= len || data[(size_t)soff + slen] != '\0')
        return NULL;
    return data + soff;
}

/* true unless the header entry names a charset other than UTF-8 */
static bool header_is_utf8(const char *header)
{
    const char *p = strstr(header, "charset=");
    if (!p)
        return true;
    p += strlen("charset=");
    size_t n = strcspn(p, " \t\r\n;");
    return (n == 5 && strncasecmp(p, "UTF-8", 5) == 0) ||
           (n == 4 && strncasecmp(p, "UTF8", 4) == 0);
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static void catalog_release(struct catalog *c)
{
    free(c->entries);
    free(c->data);
    memset(c, 0, sizeof(*c));
}

/* Fill c from the .mo bytes; on failure c is left empty. */
static int catalog_parse(struct catalog *c, const void *mo, size_t len)
{
    int rc = DARS_EINVALID;
    const unsigned char *u = mo;
    bool big_endian;

    memset(c, 0, sizeof(*c));
    if (!mo || len < MO_HEADER_LEN)
        goto out;
    if (read_u32(u, false) == MO_MAGIC)
        big_endian = false;
    else if (read_u32(u, true) == MO_MAGIC)
        big_endian = true;
    else
        goto out;
    /* Major revisions 0 and 1 share this layout; later ones may not. */
    if (read_u32(u + 4, big_endian) >> 16 > 1)
        goto out;
    uint32_t count = read_u32(u + 8, big_endian);
    uint32_t orig_off = read_u32(u + 12, big_endian);
    uint32_t trans_off = read_u32(u + 16, big_endian);
    if ((uint64_t)orig_off + (uint64_t)count * 8 > len ||
        (uint64_t)trans_off + (uint64_t)count * 8 > len)
        goto out;

    /* A copy with one extra NUL, so the caller may free mo. */
    c->data = xmalloc(len + 1);
    memcpy(c->data, mo, len);
    c->data[len] = '\0';
    /* count is bounded by len / 8 above, so this cannot overflow */
    c->entries = xcalloc(count ? count : 1, sizeof(*c->entries));

    for (uint32_t i = 0; i < count; i++) {
        const char *key = mo_string(c->data, len, orig_off, i, big_endian);
        const char *str = mo_string(c->data, len, trans_off, i, big_endian);
        if (!key || !str)
            goto out;
        if (!*key) {
            /* The header entry: only its charset matters to us. */
            if (!header_is_utf8(str))
                goto out;
            continue;
        }
        if (!*str) /* untranslated: fall back to msgid, never show "" */
            continue;
        c->entries[c->n].key = key;
        c->entries[c->n].str = str;
        c->n++;
    }
    qsort(c->entries, c->n, sizeof(*c->entries), entry_cmp);
    rc = 0;
out:
    if (rc)
        catalog_release(c);
    return rc;
}

int i18n_load(const char *lang, const void *mo, size_t len)
{
    int i = lang_index(lang);
    struct catalog c;

    if (i < 0)
        return DARS_EINVALID;
    if (catalog_parse(&c, mo, len))
        return DARS_EINVALID;
    catalog_release(&catalogs[i]);
    catalogs[i] = c;
    return 0;
}

int i18n_init(void)
{
    int rc = 0;
    for (size_t i = 0; i < NLANGS; i++) {
        char name[32];
        snprintf(name, sizeof(name), "mo/%s.mo", i18n_langs[i]);
        const struct embedded_file *f = embedded_find(name);
        if (!f)
            continue;
        if (i18n_load(i18n_langs[i], f->data, f->len)) {
            log_error("cannot load catalog '%s': not a valid UTF-8 .mo file", name);
            rc = DARS_EINVALID;
        }
    }
    return rc;
}

void i18n_shutdown(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(catalogs); i++)
        catalog_release(&catalogs[i]);
}

/* --- lookup ------------------------------------------------------------- */

/*
 * Compare key with the key that (ctx, msgid) would have, "ctx\004msgid" or
 * just msgid when ctx is NULL, without building it.
 */
static int key_cmp(const char *key, const char *ctx, const char *msgid)
{
    const unsigned char *k = (const unsigned char *)key;
    if (ctx) {
        const unsigned char *c = (const unsigned char *)ctx;
        while (*c && *k == *c)
            k++, c++;
        if (*c)
            return (int)*k - (int)*c;
        if (*k != '\004')
            return (int)*k - '\004';
        k++;
    }
    return strcmp((const char *)k, msgid);
}

static const char *lookup(const char *lang, const char *ctx, const char *msgid)
{
    int i = lang_index(lang);
    if (i < 0)
        return NULL;
    const struct catalog *c = &catalogs[i];
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = key_cmp(c->entries[mid].key, ctx, msgid);
        if (cmp == 0)
            return c->entries[mid].str;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *i18n_gettext(const char *lang, const char *msgid)
{
    if (!msgid)
        return "";
    const char *s = lookup(lang, NULL, msgid);
    return s ? s : msgid;
}

const char *i18n_pgettext(const char *lang, const char *ctx, const char *msgid)
{
    if (!msgid)
        return "";
    const char *s = lookup(lang, ctx, msgid);
    return s ? s : msgid;
}

/* --- Accept-Language ---------------------------------------------------- */

/* Parse a q-value ("1", "0.8", "1.000"); -1 when malformed. Thousandths. */
static int parse_q(const char *p, size_t n)
{
    if (n == 0 || n > 5 || (p[0] != '0' && p[0] != '1'))
        return -1;
    int q = (p[0] - '0') * 1000;
    if (n == 1)
        return q;
    if (p[1] != '.')
        return -1;
    int scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        q += (p[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* Trim optional white space from both ends of [*p, *p + *n). */
static void trim(const char **p, size_t *n)
{
    while (*n && is_ows(**p))
        (*p)++, (*n)--;
    while (*n && is_ows((*p)[*n - 1]))
        (*n)--;
}

/*
 * One element of the list, "range" or "range;q=0.8" (other parameters are
 * ignored): its primary subtag in *tag / *tag_len, its q in thousandths, and
 * whether the range was the bare primary subtag. false when malformed.
 */
static bool parse_range(const char *p, size_t n, const char **tag, size_t *tag_len, int *q,
                        bool *bare)
{
    const char *semi = memchr(p, ';', n);
    size_t rlen = semi ? (size_t)(semi - p) : n;
    const char *r = p;

    trim(&r, &rlen);
    if (rlen == 0)
        return false;
    size_t plen = 0;
    while (plen < rlen && r[plen] != '-' && r[plen] != '_')
        plen++;
    if (plen == 0 || plen > 8)
        return false;
    *tag = r;
    *tag_len = plen;
    *bare = plen == rlen;
    *q = 1000;

    while (semi) {
        const char *param = semi + 1;
        size_t left = n - (size_t)(param - p);
        semi = memchr(param, ';', left);
        size_t plen2 = semi ? (size_t)(semi - param) : left;
        trim(&param, &plen2);
        if (plen2 >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            const char *v = param + 2;
            size_t vlen = plen2 - 2;
            trim(&v, &vlen);
            *q = parse_q(v, vlen);
            if (*q < 0)
                return false;
        }
    }
    return true;
}

const char *i18n_negotiate(const char *accept_language)
{
    /* Per language: best q (-1 while not named) and the element that gave it. */
    int q[NLANGS];
    size_t pos[NLANGS] = { 0 };
    bool refused[NLANGS] = { false };
    int star_q = -1;
    size_t star_pos = 0, nth = 0;

    for (size_t i = 0; i < NLANGS; i++)
        q[i] = -1;
    if (!accept_language)
        return i18n_langs[0];

    for (const char *p = accept_language; *p; nth++) {
        size_t n = strcspn(p, ",");
        const char *tag;
        size_t tag_len;
        int rq;
        bool bare;

        if (parse_range(p, n, &tag, &tag_len, &rq, &bare)) {
            if (tag_len == 1 && tag[0] == '*') {
                if (rq > star_q)
                    star_q = rq, star_pos = nth;
            } else {
                for (size_t i = 0; i < NLANGS; i++) {
                    if (strlen(i18n_langs[i]) != tag_len ||
                        strncasecmp(tag, i18n_langs[i], tag_len) != 0)
                        continue;
                    /* "ru;q=0" refuses Russian; "ru-RU;q=0" only that region. */
                    if (rq == 0 && bare)
                        refused[i] = true;
                    if (rq > q[i])
                        q[i] = rq, pos[i] = nth;
                }
            }
        }
        p += n;
        if (*p == ',')
            p++;
    }

    int best = -1;
    for (size_t i = 0; i < NLANGS; i++) {
        if (refused[i])
            continue;
        if (q[i] < 0 && star_q >= 0)
            q[i] = star_q, pos[i] = star_pos;
        if (q[i] <= 0)
            continue;
        if (best < 0 || q[i] > q[best] || (q[i] == q[best] && pos[i] < pos[best]))
            best = (int)i;
    }
    return i18n_langs[best < 0 ? 0 : best];
}

const char *i18n_fill(struct arena *a, const char *msg, const char *name, const char *value)
{
    const char *at = msg && name && *name ? strstr(msg, name) : NULL;
    if (!at)
        return msg;
    return arena_printf(a, "%.*s%s%s", (int)(at - msg), msg, value ? value : "",
                        at + strlen(name));
}
