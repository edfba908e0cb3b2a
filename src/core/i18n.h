/*
 * Translations. The compiled catalogs (.mo, built by msgfmt from the PO files in po/ and
 * embedded in the binary) are loaded at start-up; the language is chosen per
 * request, never through the process locale (DESIGN.md section 3).
 *
 * In C, user-facing text is written _(lang, "text") (xgettext keyword _:2)
 * or N_("text") for tables translated later; a short word that means
 * different things in different places gets a context: C_(lang, "verb",
 * "Open") (keyword C_:2c,3; in the catalog the key is "verb\004Open").
 *
 * To add a language: add its code and own name to the table in i18n.c,
 * create po/LANG.po (tools/po-extract does it once the code is in its list),
 * and give view/fmt.c its month names.
 *
 * Threads: i18n_init() and i18n_load() run at start-up, before any thread
 * reads the catalogs; afterwards everything here is read-only and safe to
 * call from any number of threads.
 */
#ifndef DARS_CORE_I18N_H
#define DARS_CORE_I18N_H

#include <stddef.h>

/* Languages Dars speaks; the first is the default. */
extern const char *const i18n_langs[];
extern const size_t i18n_nlangs;

/*
 * Load every embedded catalog ("mo/ru.mo" ...); call once at start-up. A
 * language without a catalog simply has no translations. Returns 0, or
 * DARS_EINVALID (and logs which one) when an embedded catalog is malformed.
 */
int i18n_init(void);
/* Free every catalog; afterwards every lookup returns its msgid. */
void i18n_shutdown(void);

/*
 * Parse a GNU .mo catalog (len bytes at mo, either byte order) and make it
 * lang's catalog, replacing any earlier one. The bytes are copied; the caller
 * keeps mo. Returns 0; DARS_EINVALID when lang is not one we speak, when the
 * data is not a well-formed .mo (every offset is checked, so any bytes are
 * safe to pass) or when its header names a charset other than UTF-8; the
 * earlier catalog then stays. Start-up only (see "Threads" above).
 */
int i18n_load(const char *lang, const void *mo, size_t len);

/* Canonical code ("en", "ru", "az", "uz", "ko", "vi") if lang is one we speak (any case), else NULL. */
const char *i18n_lang_known(const char *lang);
/* The language's own name for itself ("Русский"), for the switcher; lang itself if unknown. */
const char *i18n_lang_name(const char *lang);
/*
 * Best language for an Accept-Language header value ("ru-RU,ru;q=0.9,en;q=0.8"):
 * the one with the highest q, ties going to the range listed first. A range
 * matches by its primary subtag ("uz-Latn-UZ" is uz), "*" stands for every
 * language the header does not name, and q=0 rules a language out. Default
 * (NULL, empty, malformed, nothing we speak) "en". Returns a canonical code.
 */
const char *i18n_negotiate(const char *accept_language);

/*
 * Translation of msgid in lang, or msgid itself (also for an unknown or NULL
 * lang). Never NULL ("" for a NULL msgid). The result lives until
 * i18n_shutdown().
 */
const char *i18n_gettext(const char *lang, const char *msgid);
/* Translation of msgid in context ctx (NULL: none, as i18n_gettext); else msgid itself. */
const char *i18n_pgettext(const char *lang, const char *ctx, const char *msgid);

/*
 * A translated message with its placeholder filled: msg with the first
 * name ("{count}") replaced by value, in a. A translation that lost the
 * placeholder is returned as it is rather than refused (the words still
 * read; the figure is missing), so a bad msgstr never breaks a page.
 */
struct arena;
const char *i18n_fill(struct arena *a, const char *msg, const char *name, const char *value);

#define _(lang, s) i18n_gettext((lang), (s))
#define C_(lang, ctx, s) i18n_pgettext((lang), (ctx), (s))
#define N_(s) (s)

#endif
