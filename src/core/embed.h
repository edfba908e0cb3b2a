/*
 * Files compiled into the binary by tools/embed.c: templates
 * ("src/accounts/templates/login.mustache"), migrations, assets
 * ("assets/css/dars.css") and catalogs ("mo/ru.mo"). The table ends with a
 * NULL name. Each data array is also NUL-terminated (not counted in len).
 */
#ifndef DARS_CORE_EMBED_H
#define DARS_CORE_EMBED_H

#include <stddef.h>

struct embedded_file {
    const char *name;
    const unsigned char *data;
    size_t len;
};

extern const struct embedded_file embedded_files[];

/* The file with exactly this name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
