/*
 * The Mustache compiler: turns template source into the flat node array of
 * tpl_int.h, applying the spec's standalone-line rules once so rendering does
 * not have to, and replacing translatable text ({{_ x}}, {{#_}}x{{/_}}) with
 * its translation. It scans the source once, left to right, without recursion.
 */
#include "core/base.h"
#include "view/tpl_int.h"
#include "core/val.h"
#include "core/buf.h"
#include "core/xalloc.h"

#include <stdarg.h>

#define MAX_DELIM 32          /* longest delimiter {{=a b=}} may set */
#define MAX_TRANSLATIONS 1000 /* {{#_}} blocks per template; a translation may contain one */
#define NAME_IN_MSG 64        /* longest name quoted in an error message */

/* A section waiting for its closing tag. */
struct open_section {
    size_t node;      /* index of its SECTION or INVERTED node */
    size_t name_off;  /* its name in the source, to match the closing tag */
    size_t name_len;
    long line;
};

struct parser {
    const char *name;
    tpl_translate_fn translate;
    void *data;
    struct buf src;     /* the source, translation blocks spliced in as they are met */
    size_t pos;         /* where the search for the next tag resumes */
    size_t text_start;  /* start of the text not yet emitted */
    char otag[MAX_DELIM + 1], ctag[MAX_DELIM + 1];
    size_t olen, clen;

    struct tpl_node *nodes;
    size_t nnodes, nodes_alloc;
    struct buf strs;
    struct open_section *open;
    size_t nopen, open_alloc;

    /*
     * A line of the source started at bol_pos and nothing on it has been
     * emitted yet: the next node gets bol (see struct tpl_node).
     */
    bool bol;
    size_t bol_pos;

    /*
     * Line numbers for messages, counted lazily up to line_pos. Spliced
     * translations shift later lines by line_adjust; a position inside spliced
     * text (before splice_end) reports the line of its {{#_}} tag.
     */
    size_t line_pos;
    long line, line_adjust;
    size_t splice_end;
    long splice_line;
    unsigned nsplices;

    char *err;
};

uint32_t tpl_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* A name quoted in a message is cut to NAME_IN_MSG bytes. */
static int msg_len(size_t n)
{
    return (int)(n > NAME_IN_MSG ? NAME_IN_MSG : n);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char *s, size_t *start, size_t *end)
{
    while (*start < *end && is_space(s[*start]))
        (*start)++;
    while (*end > *start && is_space(s[*end - 1]))
        (*end)--;
}

static long parser_line(struct parser *p, size_t pos)
{
    if (pos < p->splice_end)
        return p->splice_line;
    while (p->line_pos < pos) {
        const char *nl = memchr(p->src.ptr + p->line_pos, '\n', pos - p->line_pos);
        if (!nl) {
            p->line_pos = pos;
            break;
        }
        p->line++;
        p->line_pos = (size_t)(nl - p->src.ptr) + 1;
    }
    return p->line + p->line_adjust > 0 ? p->line + p->line_adjust : 1;
}

static int parse_error(struct parser *p, long line, const char *fmt, ...) DARS_PRINTF(3, 4);

static int parse_error(struct parser *p, long line, const char *fmt, ...)
{
    char reason[256];
    va_list ap;
    struct buf b = BUF_INIT;

    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    buf_addf(&b, "%s:%ld: %s", p->name, line, reason);
    free(p->err);
    p->err = buf_detach(&b, NULL);
    return DARS_EINVALID;
}

static struct tpl_node *add_node(struct parser *p, enum tpl_op op)
{
    if (p->nnodes == p->nodes_alloc) {
        p->nodes_alloc = p->nodes_alloc ? p->nodes_alloc * 2 : 16;
        p->nodes = xrealloc(p->nodes, p->nodes_alloc * sizeof(*p->nodes));
    }
    struct tpl_node *n = &p->nodes[p->nnodes++];
    memset(n, 0, sizeof(*n));
    n->op = op;
    /* Whatever comes first on a line carries its indentation. */
    n->bol = p->bol;
    p->bol = false;
    return n;
}

/* Emit the source text [start, end) as a TEXT node, if it is not empty. */
static void emit_text(struct parser *p, size_t start, size_t end)
{
    if (start >= end)
        return;
    struct tpl_node *n = add_node(p, TPL_TEXT);
    n->str_off = p->strs.len;
    n->len = end - start;
    buf_add(&p->strs, p->src.ptr + start, end - start);
    if (p->src.ptr[end - 1] == '\n') {
        p->bol = true;
        p->bol_pos = end;
    }
}

/*
 * A line began but only tags without output (comments, delimiters, a closing
 * tag) are on it: still write its indentation, as the spec's textual
 * indentation would, with an empty TEXT node.
 */
static void emit_pending_indent(struct parser *p)
{
    if (p->bol)
        add_node(p, TPL_TEXT)->str_off = p->strs.len;
}

/*
 * A name is one or more non-space bytes; "." is the current context, other
 * names split on dots. Store the parts NUL-separated in strs.
 */
static int set_name(struct parser *p, struct tpl_node *n, size_t start, size_t end, long line)
{
    const char *s = p->src.ptr;

    if (start == end)
        return parse_error(p, line, "empty tag");
    for (size_t i = start; i < end; i++) {
        if (is_space(s[i]) || s[i] == '\0')
            return parse_error(p, line, "invalid name '%.*s'", msg_len(end - start), s + start);
    }
    n->str_off = p->strs.len;
    if (end - start == 1 && s[start] == '.') {
        n->nparts = 0;
        buf_addch(&p->strs, '\0');
        return 0;
    }
    n->nparts = 1;
    for (size_t i = start; i < end; i++) {
        if (s[i] == '.') {
            buf_addch(&p->strs, '\0');
            n->nparts++;
        } else {
            buf_addch(&p->strs, s[i]);
        }
    }
    buf_addch(&p->strs, '\0');
    n->len = end - start;
    n->hash = val_key_hash(p->strs.ptr + n->str_off); /* the first part's, for lookups */
    return 0;
}

/*
 * Is the tag [t, e) alone on its line, with only spaces and tabs around it?
 * Then *line_start is where its line begins and *next where the following
 * line does (or the end of the source).
 */
static bool is_standalone(const struct parser *p, size_t t, size_t e, size_t *line_start,
                          size_t *next)
{
    const char *s = p->src.ptr;
    size_t ls = t;

    while (ls > p->text_start && s[ls - 1] != '\n')
        ls--;
    /* Text before the tag ran out mid-line: another tag precedes it on the line. */
    if (ls == p->text_start && ls > 0 && s[ls - 1] != '\n')
        return false;
    for (size_t i = ls; i < t; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    while (e < p->src.len && (s[e] == ' ' || s[e] == '\t'))
        e++;
    if (e < p->src.len && s[e] == '\n')
        e++;
    else if (e + 1 < p->src.len && s[e] == '\r' && s[e + 1] == '\n')
        e += 2;
    else if (e != p->src.len)
        return false;
    *line_start = ls;
    *next = e;
    return true;
}

static size_t find(const struct parser *p, size_t from, const char *needle, size_t nlen)
{
    if (from > p->src.len)
        return SIZE_MAX;
    const char *hit = memmem(p->src.ptr + from, p->src.len - from, needle, nlen);
    return hit ? (size_t)(hit - p->src.ptr) : SIZE_MAX;
}

/*
 * {{#_}} at [t, e): replace the block up to its {{/_}} with the translation
 * of the text between the tags, exactly as written, and parse on from t. The
 * translation is template source, so it may hold tags of its own.
 */
static int splice_translation(struct parser *p, size_t t, size_t e, long line)
{
    int rc = DARS_EINVALID;
    const char *s = p->src.ptr;
    size_t close_start = SIZE_MAX, close_end = 0;
    char *msgid = NULL;
    struct buf b = BUF_INIT;

    for (size_t u = find(p, e, p->otag, p->olen); u != SIZE_MAX;
         u = find(p, u + 1, p->otag, p->olen)) {
        size_t v = u + p->olen;
        if (v >= p->src.len || s[v] != '/')
            continue;
        for (v++; v < p->src.len && is_space(s[v]); v++)
            ;
        if (v >= p->src.len || s[v] != '_')
            continue;
        for (v++; v < p->src.len && is_space(s[v]); v++)
            ;
        if (p->src.len - v >= p->clen && !memcmp(s + v, p->ctag, p->clen)) {
            close_start = u;
            close_end = v + p->clen;
            break;
        }
    }
    if (close_start == SIZE_MAX) {
        rc = parse_error(p, line, "unclosed translation block");
        goto out;
    }
    if (++p->nsplices > MAX_TRANSLATIONS) {
        rc = parse_error(p, line, "too many translation blocks");
        goto out;
    }

    msgid = xstrndup(s + e, close_start - e);
    /* gettext's translation of "" is the catalog header, never wanted here. */
    const char *text = p->translate && *msgid ? p->translate(p->data, msgid) : msgid;
    if (!text)
        text = msgid;
    size_t tlen = strlen(text);

    buf_grow(&b, p->src.len - (close_end - t) + tlen);
    buf_add(&b, s, t);
    buf_add(&b, text, tlen);
    buf_add(&b, s + close_end, p->src.len - close_end);

    /* Keep later line numbers true to the source as written. */
    long removed_nl = 0, added_nl = 0;
    for (size_t i = t; i < close_end; i++)
        removed_nl += s[i] == '\n';
    for (size_t i = 0; i < tlen; i++)
        added_nl += text[i] == '\n';
    p->line_adjust += removed_nl - added_nl;
    if (t < p->splice_end && close_end < p->splice_end) {
        p->splice_end = p->splice_end - (close_end - t) + tlen;
    } else {
        p->splice_end = t + tlen;
        p->splice_line = line;
    }

    buf_release(&p->src);
    p->src = b;
    b = (struct buf)BUF_INIT;
    p->pos = t;
    rc = 0;
out:
    free(msgid);
    buf_release(&b);
    return rc;
}

/* {{_ text}}: the translation of text, which is plain text, escaped once here. */
static void add_translated(struct parser *p, size_t start, size_t end)
{
    char *msgid = xstrndup(p->src.ptr + start, end - start);
    const char *text = p->translate ? p->translate(p->data, msgid) : msgid;
    if (!text)
        text = msgid;
    struct tpl_node *n = add_node(p, TPL_CONST);
    n->str_off = p->strs.len;
    buf_add_html(&p->strs, text, strlen(text));
    n->len = p->strs.len - n->str_off;
    free(msgid);
}

/* {{=<% %>=}}: content [start, end) holds the two new delimiters. */
static int set_delimiters(struct parser *p, size_t start, size_t end, long line)
{
    const char *s = p->src.ptr;
    size_t o, oe, c, ce;

    trim(s, &start, &end);
    for (o = start, oe = o; oe < end && !is_space(s[oe]); oe++)
        ;
    for (c = oe; c < end && is_space(s[c]); c++)
        ;
    for (ce = c; ce < end && !is_space(s[ce]); ce++)
        ;
    if (oe == o || ce == c || ce != end)
        return parse_error(p, line, "invalid delimiters, expected {{=open close=}}");
    if (oe - o > MAX_DELIM || ce - c > MAX_DELIM)
        return parse_error(p, line, "delimiter longer than %d bytes", MAX_DELIM);
    memcpy(p->otag, s + o, oe - o);
    p->otag[oe - o] = '\0';
    p->olen = oe - o;
    memcpy(p->ctag, s + c, ce - c);
    p->ctag[ce - c] = '\0';
    p->clen = ce - c;
    return 0;
}

static void push_open(struct parser *p, size_t node, size_t name_off, size_t name_len, long line)
{
    if (p->nopen == p->open_alloc) {
        p->open_alloc = p->open_alloc ? p->open_alloc * 2 : 8;
        p->open = xrealloc(p->open, p->open_alloc * sizeof(*p->open));
    }
    p->open[p->nopen++] = (struct open_section){ node, name_off, name_len, line };
}

static int close_section(struct parser *p, size_t start, size_t end, bool standalone, long line)
{
    const char *s = p->src.ptr;
    int len = msg_len(end - start);

    if (!p->nopen)
        return parse_error(p, line, "closing tag '%.*s' without an open section", len,
                           s + start);
    struct open_section *o = &p->open[p->nopen - 1];
    if (o->name_len != end - start || memcmp(s + o->name_off, s + start, o->name_len)) {
        return parse_error(p, line, "closing tag '%.*s' does not match '%.*s' opened on line %ld",
                           len, s + start, msg_len(o->name_len), s + o->name_off, o->line);
    }
    /* The line's indentation belongs inside the section, before its closing tag. */
    if (!standalone)
        emit_pending_indent(p);
    p->nodes[o->node].end = p->nnodes;
    p->nopen--;
    return 0;
}

/* One tag starting at t; on return p->pos is past it. */
static int parse_tag(struct parser *p, size_t t)
{
    const char *s = p->src.ptr;
    size_t len = p->src.len;
    size_t cs = t + p->olen; /* content start */
    char sigil = cs < len ? s[cs] : '\0';
    char close[MAX_DELIM + 2];
    size_t close_len = p->clen;
    long line = parser_line(p, t);

    /* Triple mustache and set-delimiter tags end with a '}' or '=' before the delimiter. */
    if (sigil == '{' || sigil == '=') {
        close[0] = sigil == '{' ? '}' : '=';
        memcpy(close + 1, p->ctag, p->clen);
        close_len++;
    } else {
        memcpy(close, p->ctag, p->clen);
    }
    if (strchr("{=#^/!>&", sigil) && sigil)
        cs++;
    size_t ce = find(p, cs, close, close_len);
    if (ce == SIZE_MAX)
        return parse_error(p, line, "unclosed tag, expected '%.*s'", (int)close_len, close);
    size_t e = ce + close_len;
    size_t ns = cs, ne = ce; /* the name, trimmed */
    trim(s, &ns, &ne);

    if (sigil == '#' && ne - ns == 1 && s[ns] == '_')
        return splice_translation(p, t, e, line);

    size_t ls = t, next = e;
    bool standalone = sigil && strchr("#^/!>=", sigil) && is_standalone(p, t, e, &ls, &next);
    emit_text(p, p->text_start, ls);
    p->pos = p->text_start = next;

    int rc = 0;
    struct tpl_node *n;
    switch (sigil) {
    case '!':
        break;
    case '=':
        rc = set_delimiters(p, cs, ce, line);
        break;
    case '#':
    case '^':
        if (standalone)
            p->bol = false; /* the line is dropped: its indentation goes nowhere */
        n = add_node(p, sigil == '#' ? TPL_SECTION : TPL_INVERTED);
        rc = set_name(p, n, ns, ne, line);
        if (!rc)
            push_open(p, p->nnodes - 1, ns, ne - ns, line);
        break;
    case '/':
        rc = close_section(p, ns, ne, standalone, line);
        break;
    case '>':
        if (ns == ne)
            return parse_error(p, line, "empty partial name");
        for (size_t i = ns; i < ne; i++)
            if (is_space(s[i]) || !s[i])
                return parse_error(p, line, "invalid partial name '%.*s'", msg_len(ne - ns),
                                   s + ns);
        if (standalone)
            p->bol = false; /* its indentation is the partial's own, see tpl_render */
        n = add_node(p, TPL_PARTIAL);
        n->str_off = p->strs.len;
        n->len = ne - ns;
        buf_add(&p->strs, s + ns, ne - ns);
        buf_addch(&p->strs, '\0');
        n->hash = tpl_hash(p->strs.ptr + n->str_off);
        if (standalone) {
            n->standalone = true;
            n->indent_off = p->strs.len;
            n->indent_len = t - ls;
            buf_add(&p->strs, s + ls, t - ls);
        }
        break;
    default:
        /* {{_ text}}: '_' then a space, then the msgid. */
        if (sigil != '{' && sigil != '&' && ne - ns > 1 && s[ns] == '_' && is_space(s[ns + 1])) {
            size_t ms = ns + 1, me = ne;
            trim(s, &ms, &me);
            add_translated(p, ms, me);
            break;
        }
        n = add_node(p, sigil == '{' || sigil == '&' ? TPL_RAW : TPL_VAR);
        rc = set_name(p, n, ns, ne, line);
        break;
    }
    if (standalone) {
        /* The whole line is gone; the next one starts where it ended. */
        p->bol = true;
        p->bol_pos = p->pos;
    }
    return rc;
}

static int parse(struct parser *p)
{
    int rc = DARS_EINVALID;

    for (;;) {
        size_t t = find(p, p->pos, p->otag, p->olen);
        if (t == SIZE_MAX)
            break;
        rc = parse_tag(p, t);
        if (rc)
            goto out;
    }
    emit_text(p, p->text_start, p->src.len);
    if (p->nopen) {
        struct open_section *o = &p->open[p->nopen - 1];
        rc = parse_error(p, o->line, "unclosed section '%.*s'", msg_len(o->name_len),
                         p->src.ptr + o->name_off);
        goto out;
    }
    /* The last line holds only tags without output: it still gets its indentation. */
    if (p->bol && p->bol_pos < p->src.len)
        emit_pending_indent(p);
    rc = 0;
out:
    return rc;
}

int tpl_compile(const char *name, const char *src, size_t len, tpl_translate_fn translate,
                void *data, struct tpl **out, char **err)
{
    int rc = DARS_EINVALID;
    struct parser p = {
        .name = name,
        .translate = translate,
        .data = data,
        .src = BUF_INIT,
        .strs = BUF_INIT,
        .otag = "{{",
        .ctag = "}}",
        .olen = 2,
        .clen = 2,
        .bol = true,
        .line = 1,
    };
    struct tpl *t = NULL;

    *out = NULL;
    *err = NULL;
    buf_add(&p.src, src, len);
    rc = parse(&p);
    if (rc)
        goto out;

    t = xcalloc(1, sizeof(*t));
    t->name = xstrdup(name);
    t->hash = tpl_hash(name);
    t->strs = buf_detach(&p.strs, NULL);
    t->nnodes = p.nnodes;
    t->nodes = p.nodes;
    p.nodes = NULL;
    /* strs is final now, so offsets can become pointers. */
    for (size_t i = 0; i < t->nnodes; i++) {
        struct tpl_node *n = &t->nodes[i];
        n->str = t->strs + n->str_off;
        n->indent = t->strs + n->indent_off;
    }
    *out = t;
    rc = 0;
out:
    if (rc) {
        *err = p.err;
        p.err = NULL;
    }
    free(p.err);
    free(p.nodes);
    free(p.open);
    buf_release(&p.src);
    buf_release(&p.strs);
    return rc;
}

void tpl_free(struct tpl *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->nodes);
    free(t->strs);
    free(t);
}
