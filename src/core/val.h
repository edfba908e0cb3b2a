/*
 * Template values: the tree a handler fills for a page (or an API answer), allocated from the
 * request's arena, so that building a page costs bump allocations and no
 * frees, reference counts or malloc (jansson's tree cost some 650 mallocs
 * for a course page). Everything is released with the arena.
 *
 *   struct val *ctx = val_object(&r->arena);
 *   val_set_str(ctx, "title", c->title);
 *   struct val *items = val_set_list(ctx, "items");
 *   while (db_step(st) == DB_ROW)
 *       val_push(items, val_pack(&r->arena, "{s:s, s:I}", "title", db_col_text(st, 0),
 *                                "id", (json_int_t)db_col_int(st, 1)));
 *   return view_page(r, "things", ctx);
 *
 * Strings are copied into the arena (a statement's text does not outlive its
 * next step); keys are not: a key must be a literal or live as long as the
 * arena. Setting a key an object has replaces its value, as jansson does.
 *
 * The template engine reads values through val_get, val_len, val_at,
 * val_truthy and the kinds below; val_part() is a value that renders another
 * template in place (the layout's body), so a page is never rendered twice.
 */
#ifndef DARS_CORE_VAL_H
#define DARS_CORE_VAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum val_kind {
    VAL_NULL,
    VAL_FALSE,
    VAL_TRUE,
    VAL_INT,
    VAL_REAL,
    VAL_STR,
    VAL_LIST,
    VAL_OBJECT,
    VAL_PART, /* another template, rendered where the value is written */
};

struct val_field;

struct val {
    enum val_kind kind;
    union {
        int64_t i;
        double d;
        struct {
            const char *s;
            size_t len;
        } str;
        struct {
            struct arena *a;
            struct val **items;
            size_t len, cap;
        } list;
        struct {
            struct arena *a;
            struct val_field *first, *last;
            size_t len;
        } obj;
        const char *part; /* template name */
    } u;
};

struct val_field {
    const char *key;
    uint32_t hash; /* val_key_hash(key): most mismatches cost no string compare */
    struct val *v;
    struct val_field *next;
};

/* Constructors. Strings are copied; val_str(a, NULL) is null. */
struct val *val_object(struct arena *a);
struct val *val_list(struct arena *a);
struct val *val_str(struct arena *a, const char *s);
struct val *val_strn(struct arena *a, const char *s, size_t len);
/* A string that already lives as long as the arena (a literal, an arena string): no copy. */
struct val *val_str_ref(struct arena *a, const char *s);
struct val *val_int(struct arena *a, int64_t n);
struct val *val_real(struct arena *a, double d);
struct val *val_bool(bool b);
struct val *val_null(void);
/* Render template name here, with the context it is written in. */
struct val *val_part(struct arena *a, const char *name);

/*
 * Build a tree from a format, as json_pack() does: {s:x, ...} and [x, ...]
 * around s (string, copied; NULL is null), s? (the same), i (int), I
 * (int64_t, json_int_t), b (int, as a boolean), f (double), n (null), o and
 * O (a struct val *; NULL is null). Keys are s and, like every key, are not
 * copied. A format error aborts: it is a programming error.
 */
struct val *val_pack(struct arena *a, const char *fmt, ...);

/* Objects: set (replacing), shorthands, get, remove. obj must be an object. */
void val_set(struct val *obj, const char *key, struct val *v);
void val_set_str(struct val *obj, const char *key, const char *s);
void val_set_int(struct val *obj, const char *key, int64_t n);
void val_set_bool(struct val *obj, const char *key, bool b);
/* A new empty list or object under key, returned. */
struct val *val_set_list(struct val *obj, const char *key);
struct val *val_set_object(struct val *obj, const char *key);
void val_del(struct val *obj, const char *key);
/* The value under key; NULL when obj is not an object or has no such key. */
struct val *val_get(const struct val *obj, const char *key);
/* The same with the key's val_key_hash() known (the template engine's, computed once). */
struct val *val_get_hashed(const struct val *obj, const char *key, uint32_t hash);
uint32_t val_key_hash(const char *key);
/* The key's string, or NULL when it is missing or not a string. */
const char *val_get_str(const struct val *obj, const char *key);

/* Lists. */
void val_push(struct val *list, struct val *v);
/* Items of a list, fields of an object, bytes of a string; 0 otherwise. */
size_t val_len(const struct val *v);
/* Item i of a list; NULL past the end or when v is not a list. */
struct val *val_at(const struct val *list, size_t i);

/* Falsey for a section: NULL, null, false, "" and []; 0 and {} are truthy. */
bool val_truthy(const struct val *v);
bool val_is_str(const struct val *v);

/*
 * A copy of a jansson tree, for tests and fuzz targets that read JSON
 * fixtures. Keys are copied.
 */
struct val *val_from_json(struct arena *a, const json_t *j);

/*
 * Append v as compact JSON, byte for byte as jansson's json_dumps(JSON_COMPACT
 * | JSON_REAL_PRECISION(15)) writes the same tree (its escapes, keys in the
 * order set): API answers are built as values too. A part is null.
 */
struct buf;
void val_write_json(struct buf *out, const struct val *v);

/* for each item of a list: VAL_FOREACH(items, i, item) { ... } */
#define VAL_FOREACH(l_, i, item)                                                              \
    for (size_t i = 0; (l_) && (l_)->kind == VAL_LIST && i < (l_)->u.list.len &&             \
                       ((item) = (l_)->u.list.items[i], 1);                                   \
         i++)

#endif
