/* Template values from the request's arena (see val.h). */
#include "core/base.h"
#include "core/val.h"
#include "core/arena.h"
#include "core/buf.h"

#include <inttypes.h>

#include <assert.h>
#include <stdarg.h>

static struct val val_null_v = { .kind = VAL_NULL };
static struct val val_true_v = { .kind = VAL_TRUE };
static struct val val_false_v = { .kind = VAL_FALSE };

static struct val *val_new(struct arena *a, enum val_kind kind)
{
    struct val *v = arena_alloc(a, sizeof(*v));
    v->kind = kind;
    return v;
}

struct val *val_object(struct arena *a)
{
    struct val *v = val_new(a, VAL_OBJECT);
    v->u.obj.a = a;
    v->u.obj.first = v->u.obj.last = NULL;
    v->u.obj.len = 0;
    return v;
}

struct val *val_list(struct arena *a)
{
    struct val *v = val_new(a, VAL_LIST);
    v->u.list.a = a;
    v->u.list.items = NULL;
    v->u.list.len = v->u.list.cap = 0;
    return v;
}

struct val *val_strn(struct arena *a, const char *s, size_t len)
{
    if (!s)
        return &val_null_v;
    struct val *v = val_new(a, VAL_STR);
    v->u.str.s = arena_strndup(a, s, len);
    v->u.str.len = len;
    return v;
}

struct val *val_str(struct arena *a, const char *s)
{
    return s ? val_strn(a, s, strlen(s)) : &val_null_v;
}

struct val *val_str_ref(struct arena *a, const char *s)
{
    if (!s)
        return &val_null_v;
    struct val *v = val_new(a, VAL_STR);
    v->u.str.s = s;
    v->u.str.len = strlen(s);
    return v;
}

struct val *val_int(struct arena *a, int64_t n)
{
    struct val *v = val_new(a, VAL_INT);
    v->u.i = n;
    return v;
}

struct val *val_real(struct arena *a, double d)
{
    struct val *v = val_new(a, VAL_REAL);
    v->u.d = d;
    return v;
}

struct val *val_bool(bool b)
{
    return b ? &val_true_v : &val_false_v;
}

struct val *val_null(void)
{
    return &val_null_v;
}

struct val *val_part(struct arena *a, const char *name)
{
    struct val *v = val_new(a, VAL_PART);
    v->u.part = arena_strdup(a, name);
    return v;
}

/* FNV-1a, as tpl_hash */
uint32_t val_key_hash(const char *key)
{
    uint32_t h = 2166136261u;
    for (; *key; key++)
        h = (h ^ (unsigned char)*key) * 16777619u;
    return h;
}

static struct val_field *field_find(const struct val *obj, const char *key, uint32_t hash)
{
    for (struct val_field *f = obj->u.obj.first; f; f = f->next)
        if (f->hash == hash && streq(f->key, key))
            return f;
    return NULL;
}

void val_set(struct val *obj, const char *key, struct val *v)
{
    struct val_field *f;
    uint32_t hash = val_key_hash(key);

    assert(obj && obj->kind == VAL_OBJECT);
    if (!v)
        v = &val_null_v;
    if ((f = field_find(obj, key, hash))) {
        f->v = v;
        return;
    }
    f = arena_alloc(obj->u.obj.a, sizeof(*f));
    f->key = key;
    f->hash = hash;
    f->v = v;
    f->next = NULL;
    if (obj->u.obj.last)
        obj->u.obj.last->next = f;
    else
        obj->u.obj.first = f;
    obj->u.obj.last = f;
    obj->u.obj.len++;
}

void val_set_str(struct val *obj, const char *key, const char *s)
{
    val_set(obj, key, val_str(obj->u.obj.a, s));
}

void val_set_int(struct val *obj, const char *key, int64_t n)
{
    val_set(obj, key, val_int(obj->u.obj.a, n));
}

void val_set_bool(struct val *obj, const char *key, bool b)
{
    val_set(obj, key, val_bool(b));
}

struct val *val_set_list(struct val *obj, const char *key)
{
    struct val *l = val_list(obj->u.obj.a);
    val_set(obj, key, l);
    return l;
}

struct val *val_set_object(struct val *obj, const char *key)
{
    struct val *o = val_object(obj->u.obj.a);
    val_set(obj, key, o);
    return o;
}

void val_del(struct val *obj, const char *key)
{
    struct val_field **pp, *prev = NULL;

    if (!obj || obj->kind != VAL_OBJECT)
        return;
    for (pp = &obj->u.obj.first; *pp; prev = *pp, pp = &(*pp)->next) {
        if (streq((*pp)->key, key)) {
            if (obj->u.obj.last == *pp)
                obj->u.obj.last = prev;
            *pp = (*pp)->next;
            obj->u.obj.len--;
            return;
        }
    }
}

struct val *val_get_hashed(const struct val *obj, const char *key, uint32_t hash)
{
    struct val_field *f;

    if (!obj || obj->kind != VAL_OBJECT)
        return NULL;
    f = field_find(obj, key, hash);
    return f ? f->v : NULL;
}

struct val *val_get(const struct val *obj, const char *key)
{
    return val_get_hashed(obj, key, val_key_hash(key));
}

const char *val_get_str(const struct val *obj, const char *key)
{
    const struct val *v = val_get(obj, key);
    return v && v->kind == VAL_STR ? v->u.str.s : NULL;
}

void val_push(struct val *list, struct val *v)
{
    assert(list && list->kind == VAL_LIST);
    list->u.list.items = arena_grow(list->u.list.a, list->u.list.items, list->u.list.len,
                                    &list->u.list.cap, sizeof(*list->u.list.items));
    list->u.list.items[list->u.list.len++] = v ? v : &val_null_v;
}

size_t val_len(const struct val *v)
{
    switch (v ? v->kind : VAL_NULL) {
    case VAL_LIST: return v->u.list.len;
    case VAL_OBJECT: return v->u.obj.len;
    case VAL_STR: return v->u.str.len;
    default: return 0;
    }
}

struct val *val_at(const struct val *list, size_t i)
{
    if (!list || list->kind != VAL_LIST || i >= list->u.list.len)
        return NULL;
    return list->u.list.items[i];
}

bool val_truthy(const struct val *v)
{
    switch (v ? v->kind : VAL_NULL) {
    case VAL_NULL:
    case VAL_FALSE:
        return false;
    case VAL_STR:
        return v->u.str.len > 0;
    case VAL_LIST:
        return v->u.list.len > 0;
    default:
        return true;
    }
}

bool val_is_str(const struct val *v)
{
    return v && v->kind == VAL_STR;
}

/* ---- val_pack ---- */

struct pack {
    struct arena *a;
    const char *fmt;
    va_list *ap;
};

static void pack_fail(const struct pack *p, const char *why)
{
    fprintf(stderr, "dars: val_pack: %s at \"%s\"\n", why, p->fmt);
    abort();
}

static void pack_skip_space(struct pack *p)
{
    while (*p->fmt == ' ' || *p->fmt == ',' || *p->fmt == ':' || *p->fmt == '\t' ||
           *p->fmt == '\n')
        p->fmt++;
}

static struct val *pack_value(struct pack *p);

static struct val *pack_object(struct pack *p)
{
    struct val *o = val_object(p->a);

    for (;;) {
        pack_skip_space(p);
        if (*p->fmt == '}') {
            p->fmt++;
            return o;
        }
        if (*p->fmt != 's')
            pack_fail(p, "expected a key (s)");
        p->fmt++;
        const char *key = va_arg(*p->ap, const char *);
        if (!key)
            pack_fail(p, "NULL key");
        pack_skip_space(p);
        val_set(o, key, pack_value(p));
    }
}

static struct val *pack_list(struct pack *p)
{
    struct val *l = val_list(p->a);

    for (;;) {
        pack_skip_space(p);
        if (*p->fmt == ']') {
            p->fmt++;
            return l;
        }
        val_push(l, pack_value(p));
    }
}

static struct val *pack_value(struct pack *p)
{
    struct val *v;

    pack_skip_space(p);
    switch (*p->fmt++) {
    case '{': return pack_object(p);
    case '[': return pack_list(p);
    case 's':
        if (*p->fmt == '?')
            p->fmt++;
        return val_str(p->a, va_arg(*p->ap, const char *));
    case 'i': return val_int(p->a, va_arg(*p->ap, int));
    case 'I': return val_int(p->a, va_arg(*p->ap, json_int_t));
    case 'b': return val_bool(va_arg(*p->ap, int) != 0);
    case 'f': return val_real(p->a, va_arg(*p->ap, double));
    case 'n': return &val_null_v;
    case 'o':
    case 'O':
        if (*p->fmt == '?')
            p->fmt++;
        v = va_arg(*p->ap, struct val *);
        return v ? v : &val_null_v;
    default:
        p->fmt--;
        pack_fail(p, "unknown format");
    }
    return NULL;
}

struct val *val_pack(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    struct pack p = { a, fmt, &ap };
    struct val *v;

    va_start(ap, fmt);
    v = pack_value(&p);
    pack_skip_space(&p);
    if (*p.fmt)
        pack_fail(&p, "trailing format");
    va_end(ap);
    return v;
}

struct val *val_from_json(struct arena *a, const json_t *j)
{
    const char *key;
    json_t *item;
    size_t i;
    struct val *v;

    switch (j ? json_typeof(j) : JSON_NULL) {
    case JSON_OBJECT:
        v = val_object(a);
        json_object_foreach((json_t *)j, key, item)
            val_set(v, arena_strdup(a, key), val_from_json(a, item));
        return v;
    case JSON_ARRAY:
        v = val_list(a);
        json_array_foreach(j, i, item)
            val_push(v, val_from_json(a, item));
        return v;
    case JSON_STRING: return val_strn(a, json_string_value(j), json_string_length(j));
    case JSON_INTEGER: return val_int(a, json_integer_value(j));
    case JSON_REAL: return val_real(a, json_real_value(j));
    case JSON_TRUE: return &val_true_v;
    case JSON_FALSE: return &val_false_v;
    default: return &val_null_v;
    }
}

/* ---- JSON ---- */

/* A string as jansson writes one (its escapes, upper-case hex), copying the runs between. */
static void json_str_write(struct buf *out, const char *s, size_t len)
{
    size_t start = 0;

    buf_addch(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep;
        char seq[8];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        switch (c) {
        case '"': rep = "\\\""; break;
        case '\\': rep = "\\\\"; break;
        case '\b': rep = "\\b"; break;
        case '\f': rep = "\\f"; break;
        case '\n': rep = "\\n"; break;
        case '\r': rep = "\\r"; break;
        case '\t': rep = "\\t"; break;
        default:
            snprintf(seq, sizeof(seq), "\\u%04X", c);
            rep = seq;
        }
        buf_add(out, s + start, i - start);
        buf_adds(out, rep);
        start = i + 1;
    }
    buf_add(out, s + start, len - start);
    buf_addch(out, '"');
}

/*
 * As jansson with JSON_REAL_PRECISION(15): "%.15g", then a point or an
 * exponent always (2.0), and the exponent without "+" or leading zeros (1e20,
 * -3.25e-7).
 */
static void json_real_write(struct buf *out, double d, char *tmp, size_t size)
{
    char *e;

    snprintf(tmp, size, "%.15g", d);
    if ((e = strchr(tmp, 'e'))) {
        char *from = e + 1, *to = e + 1;
        if (*from == '-')
            *to++ = *from++;
        else if (*from == '+')
            from++;
        while (*from == '0' && from[1])
            from++;
        memmove(to, from, strlen(from) + 1);
    }
    buf_adds(out, tmp);
    if (!strpbrk(tmp, ".eni")) /* not 1e20, inf or nan */
        buf_adds(out, ".0");
}

void val_write_json(struct buf *out, const struct val *v)
{
    char tmp[40];

    switch (v ? v->kind : VAL_NULL) {
    case VAL_TRUE: buf_adds(out, "true"); break;
    case VAL_FALSE: buf_adds(out, "false"); break;
    case VAL_INT: buf_addf(out, "%" PRId64, v->u.i); break;
    case VAL_REAL: json_real_write(out, v->u.d, tmp, sizeof(tmp)); break;
    case VAL_STR: json_str_write(out, v->u.str.s, v->u.str.len); break;
    case VAL_LIST:
        buf_addch(out, '[');
        for (size_t i = 0; i < v->u.list.len; i++) {
            if (i)
                buf_addch(out, ',');
            val_write_json(out, v->u.list.items[i]);
        }
        buf_addch(out, ']');
        break;
    case VAL_OBJECT:
        buf_addch(out, '{');
        for (const struct val_field *f = v->u.obj.first; f; f = f->next) {
            if (f != v->u.obj.first)
                buf_addch(out, ',');
            json_str_write(out, f->key, strlen(f->key));
            buf_addch(out, ':');
            val_write_json(out, f->v);
        }
        buf_addch(out, '}');
        break;
    default: buf_adds(out, "null"); break;
    }
}
