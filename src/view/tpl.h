/*
 * A small Mustache engine: variables (HTML-escaped by default, {{{x}}} and
 * {{&x}} raw), dotted names, sections, inverted sections, comments, partials
 * (with standalone indentation) and set-delimiter tags, as in the Mustache
 * spec (../shared/testdata/mustache-spec). The context is a tree of struct val
 * (core/val.h) from the request's arena; a val_part() value renders another
 * template of the set in its place.
 *
 * Translation happens once, at compile time: a tpl_set is built per language
 * with a translate function, and {{_ text}} (a plain string) or
 * {{#_}}text with {{vars}}{{/_}} (a string with placeholders) are replaced by
 * the translated text before parsing, so rendering pays nothing for it.
 * tools/po-extract collects these msgids into po/dars.pot.
 *
 * To add a template: put NAME.mustache under a module's templates/ folder;
 * the build embeds it and view_init() compiles it into every language's set
 * under NAME (its file name without the extension).
 */
#ifndef DARS_VIEW_TPL_H
#define DARS_VIEW_TPL_H

#include <stdbool.h>
#include <stddef.h>

struct buf;
struct val;
struct tpl_set;

/* Return the translation of msgid, or msgid itself; must not return NULL. */
typedef const char *(*tpl_translate_fn)(void *data, const char *msgid);

/* An empty set. translate may be NULL (no translation). */
struct tpl_set *tpl_set_new(tpl_translate_fn translate, void *data);
void tpl_set_free(struct tpl_set *set);

/*
 * Compile src (len bytes, not necessarily NUL-terminated) under name,
 * replacing any template of that name. On a syntax error returns
 * DARS_EINVALID and sets *err (malloc'd; caller frees) to
 * "NAME:LINE: reason".
 */
int tpl_set_add(struct tpl_set *set, const char *name, const char *src, size_t len,
                char **err /* OUT */);
bool tpl_set_has(const struct tpl_set *set, const char *name);

/*
 * Render template name against ctx, appending to out. Partials are looked up
 * in the same set; a missing partial renders as "". Returns DARS_ENOTFOUND
 * when name itself is not in the set.
 *
 * Falsey, for sections: missing, null, false, "" and []; 0 and {} are truthy.
 * Numbers print as JSON would (85, 1.21), true and false as words, null,
 * objects and arrays as nothing. Returns DARS_ERR, with out as it was, when
 * partials nest more than 64 deep, sections and partials together more than
 * 256, or the render runs away (2^22 nodes visited). Many threads may render
 * from one set at once; nothing may add to it meanwhile.
 */
int tpl_render(const struct tpl_set *set, const char *name, const struct val *ctx,
               struct buf *out);

#endif
