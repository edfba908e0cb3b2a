/*
 * Unicode helpers over utf8proc: validation, NFC, and the folded form used for
 * unique keys (e-mail) and search columns (NFC + case fold + accents kept).
 */
#ifndef DARS_CORE_UTF8_H
#define DARS_CORE_UTF8_H

struct arena;

bool utf8_is_valid(const char *s, size_t len);
/* NFC of s, from the arena; NULL when s is not valid UTF-8. */
char *utf8_nfc(struct arena *a, const char *s);
/* NFC + case fold, from the arena; NULL when s is not valid UTF-8. */
char *utf8_fold(struct arena *a, const char *s);
/*
 * Like utf8_fold but also strips combining marks, for search: "Şəki" -> "şəki"
 * folds to "səki" ("ş" is s + cedilla) while "ə", a letter of its own, stays.
 * Vietnamese loses its tones and hats ("Nguyễn" -> "nguyen") and "đ"/"Đ" become
 * "d", which no decomposition does; Hangul syllables stay whole ("파이썬").
 * Stored folded columns (the search columns, course_search) were refolded for
 * đ by migration 0031: change this fold and you add a migration like it.
 */
char *utf8_fold_search(struct arena *a, const char *s);
/* s without leading and trailing ASCII white space, from the arena; "" for NULL. */
char *utf8_trim(struct arena *a, const char *s);
/* Number of code points. */
size_t utf8_len(const char *s);

#endif
