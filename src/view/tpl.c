/*
 * Template sets and rendering. A set is a hash table of compiled templates,
 * filled at start-up and then only read, by any number of threads at once:
 * rendering keeps its state (context stack, partial indentation) on the C
 * stack and writes nothing but the output buffer.
 */
#include "core/base.h"
#include "view/tpl.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "view/tpl_int.h"
#include "core/val.h"

struct tpl_set {
    tpl_translate_fn translate;
    void *data;
    struct tpl **buckets; /* chains of struct tpl, by hash; nbuckets is a power of two */
    size_t nbuckets, count;
};

/* The context stack, innermost first: each section pushes a frame on the C stack. */
struct ctx {
    const struct val *v;
    const struct ctx *up;
};

/* Indentation of nested standalone partials, innermost last when written. */
struct indent {
    const char *s;
    size_t len;
    const struct indent *up;
};

struct render {
    const struct tpl_set *set;
    struct buf *out;
    unsigned depth;    /* sections and partials entered */
    unsigned partials; /* partials entered */
    unsigned long steps;
};

struct tpl_set *tpl_set_new(tpl_translate_fn translate, void *data)
{
    struct tpl_set *set = xcalloc(1, sizeof(*set));
    set->translate = translate;
    set->data = data;
    set->nbuckets = 64;
    set->buckets = xcalloc(set->nbuckets, sizeof(*set->buckets));
    return set;
}

void tpl_set_free(struct tpl_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->nbuckets; i++) {
        struct tpl *t = set->buckets[i], *next;
        for (; t; t = next) {
            next = t->next;
            tpl_free(t);
        }
    }
    free(set->buckets);
    free(set);
}

static const struct tpl *set_find(const struct tpl_set *set, const char *name, uint32_t hash)
{
    const struct tpl *t = set->buckets[hash & (set->nbuckets - 1)];
    for (; t; t = t->next)
        if (t->hash == hash && streq(t->name, name))
            return t;
    return NULL;
}

static void set_grow(struct tpl_set *set)
{
    size_t n = set->nbuckets * 2;
    struct tpl **b = xcalloc(n, sizeof(*b));

    for (size_t i = 0; i < set->nbuckets; i++) {
        struct tpl *t = set->buckets[i], *next;
        for (; t; t = next) {
            next = t->next;
            t->next = b[t->hash & (n - 1)];
            b[t->hash & (n - 1)] = t;
        }
    }
    free(set->buckets);
    set->buckets = b;
    set->nbuckets = n;
}

int tpl_set_add(struct tpl_set *set, const char *name, const char *src, size_t len, char **err)
{
    int rc = DARS_ERR;
    struct tpl *t = NULL;
    char *msg = NULL;

    rc = tpl_compile(name, src, len, set->translate, set->data, &t, &msg);
    if (rc)
        goto out;

    struct tpl **pp = &set->buckets[t->hash & (set->nbuckets - 1)];
    for (; *pp; pp = &(*pp)->next) {
        if ((*pp)->hash == t->hash && streq((*pp)->name, name)) {
            struct tpl *old = *pp;
            t->next = old->next;
            *pp = t;
            tpl_free(old);
            t = NULL;
            break;
        }
    }
    if (t) {
        t->next = set->buckets[t->hash & (set->nbuckets - 1)];
        set->buckets[t->hash & (set->nbuckets - 1)] = t;
        if (++set->count > set->nbuckets)
            set_grow(set);
    }
    rc = 0;
out:
    if (err)
        *err = msg;
    else
        free(msg);
    return rc;
}

bool tpl_set_has(const struct tpl_set *set, const char *name)
{
    return set_find(set, name, tpl_hash(name)) != NULL;
}

/*
 * Resolve a dotted name as the spec says: the first part against the stack,
 * innermost first, the rest only against what the previous part found.
 */
static const struct val *lookup(const struct ctx *cx, const struct tpl_node *n)
{
    const char *part = n->str;
    const struct val *v = NULL;

    if (!n->nparts)
        return cx->v;
    for (; cx; cx = cx->up)
        if ((v = val_get_hashed(cx->v, part, n->hash)))
            break;
    for (unsigned i = 1; v && i < n->nparts; i++) {
        part += strlen(part) + 1;
        v = val_get(v, part);
    }
    return v;
}

/* Decimal digits by hand: snprintf would be most of the cost of a table of numbers. */
static void add_int(struct buf *out, int64_t v)
{
    char tmp[24], *p = tmp + sizeof(tmp);
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    buf_add(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* The shortest "%g" form that reads back as the same double: 1.21, not 1.2099999999999999. */
static void add_real(struct buf *out, double d)
{
    char tmp[32];

    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    buf_adds(out, tmp);
}

/* Strings and numbers print; true and false as words; null, objects and arrays as nothing. */
static void add_value(struct buf *out, const struct val *v, bool escape)
{
    switch (v ? v->kind : VAL_NULL) {
    case VAL_STR:
        if (escape)
            buf_add_html(out, v->u.str.s, v->u.str.len);
        else
            buf_add(out, v->u.str.s, v->u.str.len);
        break;
    case VAL_INT:
        add_int(out, v->u.i);
        break;
    case VAL_REAL:
        add_real(out, v->u.d);
        break;
    case VAL_TRUE:
        buf_adds(out, "true");
        break;
    case VAL_FALSE:
        buf_adds(out, "false");
        break;
    default:
        break;
    }
}

static void add_indent(struct buf *out, const struct indent *ind)
{
    if (!ind)
        return;
    add_indent(out, ind->up);
    buf_add(out, ind->s, ind->len);
}

/*
 * Template text inside an indented partial: indentation after each newline
 * that has more text after it. A newline that ends the node is left to the
 * next node's bol, which the compiler clears when that line was dropped.
 */
static void add_text(struct buf *out, const char *s, size_t len, const struct indent *ind)
{
    const char *end = s + len, *nl;

    if (ind) {
        while ((nl = memchr(s, '\n', (size_t)(end - s))) && nl + 1 < end) {
            buf_add(out, s, (size_t)(nl + 1 - s));
            add_indent(out, ind);
            s = nl + 1;
        }
    }
    buf_add(out, s, (size_t)(end - s));
}

static int render_nodes(struct render *r, const struct tpl *t, size_t i, size_t end,
                        const struct ctx *cx, const struct indent *ind);

/* Render a section body, or a whole partial, one level deeper. */
static int render_deeper(struct render *r, const struct tpl *t, size_t i, size_t end,
                         const struct val *v, const struct ctx *up,
                         const struct indent *ind)
{
    int rc = DARS_ERR;
    struct ctx cx = { v, up };

    if (r->depth >= TPL_MAX_DEPTH)
        goto out;
    r->depth++;
    rc = render_nodes(r, t, i, end, v ? &cx : up, ind);
    r->depth--;
out:
    return rc;
}

static int render_partial(struct render *r, const struct tpl_node *n, const struct ctx *cx,
                          const struct indent *ind)
{
    int rc = DARS_ERR;
    const struct tpl *p = set_find(r->set, n->str, n->hash);
    struct indent mine = { n->indent, n->indent_len, ind };
    const struct indent *pind = NULL;

    if (!p) {
        rc = 0; /* a missing partial renders as nothing, as the spec says */
        goto out;
    }
    if (r->partials >= TPL_MAX_PARTIAL_DEPTH)
        goto out;
    /*
     * A standalone partial is indented by the whitespace before it, after any
     * indentation of its own line; an inline partial is not indented at all.
     */
    if (n->standalone)
        pind = n->indent_len ? &mine : ind;
    r->partials++;
    rc = render_deeper(r, p, 0, p->nnodes, NULL, cx, pind);
    r->partials--;
out:
    return rc;
}

/*
 * A val_part(): another template of the set, written in place with the
 * context it appears in (the layout's body). It counts as a partial for the
 * limits; a missing template is an error, not nothing, since a handler named it.
 */
static int render_part(struct render *r, const char *name, const struct ctx *cx)
{
    int rc = DARS_ERR;
    const struct tpl *p = set_find(r->set, name, tpl_hash(name));

    if (!p || r->partials >= TPL_MAX_PARTIAL_DEPTH)
        goto out;
    r->partials++;
    rc = render_deeper(r, p, 0, p->nnodes, NULL, cx, NULL);
    r->partials--;
out:
    return rc;
}

static int render_nodes(struct render *r, const struct tpl *t, size_t i, size_t end,
                        const struct ctx *cx, const struct indent *ind)
{
    int rc = 0;
    const struct val *v;

    while (i < end) {
        const struct tpl_node *n = &t->nodes[i];
        if (++r->steps > TPL_MAX_STEPS) {
            rc = DARS_ERR;
            break;
        }
        if (ind && n->bol)
            add_indent(r->out, ind);
        switch (n->op) {
        case TPL_TEXT:
            add_text(r->out, n->str, n->len, ind);
            i++;
            break;
        case TPL_CONST:
            buf_add(r->out, n->str, n->len);
            i++;
            break;
        case TPL_VAR:
        case TPL_RAW:
            v = lookup(cx, n);
            if (v && v->kind == VAL_PART)
                rc = render_part(r, v->u.part, cx);
            else
                add_value(r->out, v, n->op == TPL_VAR);
            i++;
            break;
        case TPL_SECTION:
            v = lookup(cx, n);
            if (v && v->kind == VAL_LIST) {
                for (size_t k = 0; k < v->u.list.len && !rc; k++)
                    rc = render_deeper(r, t, i + 1, n->end, v->u.list.items[k], cx, ind);
            } else if (val_truthy(v)) {
                rc = render_deeper(r, t, i + 1, n->end, v, cx, ind);
            }
            i = n->end;
            break;
        case TPL_INVERTED:
            if (!val_truthy(lookup(cx, n)))
                rc = render_deeper(r, t, i + 1, n->end, NULL, cx, ind);
            i = n->end;
            break;
        case TPL_PARTIAL:
            rc = render_partial(r, n, cx, ind);
            i++;
            break;
        }
        if (rc)
            break;
    }
    return rc;
}

int tpl_render(const struct tpl_set *set, const char *name, const struct val *ctx,
               struct buf *out)
{
    int rc = DARS_ENOTFOUND;
    const struct tpl *t = set_find(set, name, tpl_hash(name));
    struct render r = { set, out, 0, 0, 0 };
    struct ctx root = { ctx, NULL };
    size_t start = out->len;

    if (!t)
        goto out;
    rc = render_nodes(&r, t, 0, t->nnodes, &root, NULL);
    /* Half a page is worse than none: the caller sends an error page instead. */
    if (rc)
        buf_truncate(out, start);
out:
    return rc;
}
