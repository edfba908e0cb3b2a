/*
 * Fuzz target for certificate templates' placeholders
 * (cert_template_expand, src/certs/template.c): any text comes out without
 * crashing, as valid UTF-8 when it went in so, and text without a '{' comes
 * out unchanged. The holder's name is taken from the input too (a value holding
 * braces must not be expanded again, nor split a character).
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"
#include "core/utf8.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    /* the first line is the holder, the rest the template */
    char *s = arena_strndup(&a, (const char *)data, size);
    char *nl = strchr(s, '\n');
    const char *holder = nl ? (*nl = '\0', s) : "{holder}";
    const char *text = nl ? nl + 1 : s;
    struct cert c = {
        .code = "K7Q2M9XW4TZP8RHD", .number = "C-BAK/2026/000123", .holder = holder,
        .title = "{title}", .centre_name = NULL, .has_hours = size & 1, .hours = 12.5,
        .issued_at = "2026-03-01T09:00:00Z", .expires_at = size & 2 ? "2027" : NULL,
    };
    const char *out = cert_template_expand(&a, text, &c, "az");
    if (!strchr(text, '{') && strcmp(out, text) != 0)
        abort();
    if (utf8_is_valid(text, strlen(text)) && utf8_is_valid(holder, strlen(holder)) &&
        !utf8_is_valid(out, strlen(out)))
        abort();
    arena_release(&a);
    return 0;
}
