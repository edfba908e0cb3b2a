/*
 * Fuzz target for the .mo parser in src/core/i18n.c: any bytes must be either
 * loaded or refused, never read out of bounds; a catalog that loads must
 * answer lookups. Seed corpus: any .mo that msgfmt writes (build/mo/).
 */
#include "core/base.h"
#include "core/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (i18n_load("ru", data, size) == 0) {
        (void)i18n_gettext("ru", "Save");
        (void)i18n_pgettext("ru", "verb", "Open");
        (void)i18n_gettext("ru", "");
    }
    i18n_shutdown();
    return 0;
}
