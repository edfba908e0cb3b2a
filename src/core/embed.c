/* Lookup in the embedded file table; a linear scan, done at start-up only. */
#include "core/base.h"
#include "core/embed.h"

const struct embedded_file *embedded_find(const char *name)
{
    for (const struct embedded_file *f = embedded_files; f->name; f++)
        if (streq(f->name, name))
            return f;
    return NULL;
}
