/*
 * Internals of the Mustache engine, shared by tpl.c (the set and the renderer)
 * and tpl_parse.c (the compiler). A template compiles to one flat array of
 * nodes; a section's body is the run of nodes between it and its end index,
 * so rendering walks the array and never allocates.
 */
#ifndef DARS_VIEW_TPL_INT_H
#define DARS_VIEW_TPL_INT_H

#include "view/tpl.h"

/*
 * Render limits; a render that passes one fails with DARS_ERR. Depth bounds
 * the C stack (recursive partials over deep data); steps bound the time a
 * template like {{#l}}{{#l}}{{#l}}... can take, which grows as len(l)^depth.
 */
#define TPL_MAX_PARTIAL_DEPTH 64     /* partials inside partials */
#define TPL_MAX_DEPTH 256            /* sections and partials together */
#define TPL_MAX_STEPS (1ul << 22)    /* nodes visited: tens of MB of HTML, 0.3 s at most */

enum tpl_op {
    TPL_TEXT,     /* template text; a partial's indentation follows its inner newlines */
    TPL_CONST,    /* {{_ text}}: translated at compile time, already HTML-escaped */
    TPL_VAR,      /* {{name}}: the value, HTML-escaped */
    TPL_RAW,      /* {{{name}}} or {{&name}}: the value as is */
    TPL_SECTION,  /* {{#name}}: the body once per item, or once if truthy */
    TPL_INVERTED, /* {{^name}}: the body once if falsey */
    TPL_PARTIAL,  /* {{>name}}: another template of the set, looked up when rendered */
};

struct tpl_node {
    enum tpl_op op;
    /*
     * The node starts a line of the source, so a partial rendered with
     * indentation writes the indentation before it (the spec indents every
     * line of the partial's source; lines dropped as standalone get none).
     */
    bool bol;
    bool standalone;  /* PARTIAL: alone on its line; its indentation is indent */
    unsigned nparts;  /* VAR..INVERTED: parts of the dotted name; 0 for "." */
    uint32_t hash;    /* PARTIAL: tpl_hash() of the name; VAR..INVERTED: val_key_hash() of part 1 */
    const char *str;  /* TEXT, CONST: bytes; VAR..INVERTED: parts as "a\0b\0"; PARTIAL: name */
    size_t len;
    const char *indent; /* PARTIAL: whitespace before a standalone tag */
    size_t indent_len;
    size_t end;         /* SECTION, INVERTED: index of the first node after the body */
    size_t str_off;     /* compile time only: where str and indent start in strs */
    size_t indent_off;
};

struct tpl {
    char *name;
    uint32_t hash;
    struct tpl_node *nodes;
    size_t nnodes;
    char *strs;        /* every string the nodes point into, in one block */
    struct tpl *next;  /* the set's hash chain */
};

/* FNV-1a of a NUL-terminated string; the set's hash for template names. */
uint32_t tpl_hash(const char *s);

/*
 * Compile src (len bytes) into a new template called name. translate (may be
 * NULL: text is kept as written) replaces {{_ text}} and {{#_}}...{{/_}}.
 * On a syntax error returns DARS_EINVALID and sets *err to a malloc'd
 * "NAME:LINE: reason"; otherwise *out is the caller's, freed by tpl_free().
 */
int tpl_compile(const char *name, const char *src, size_t len, tpl_translate_fn translate,
                void *data, struct tpl **out /* OUT */, char **err /* OUT */);
void tpl_free(struct tpl *t);

#endif
