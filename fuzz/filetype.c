/*
 * Fuzz target for upload typing (src/core/filetype.c): libmagic and the small
 * zip reader that tells OOXML from other zips take any bytes without
 * crashing, and an answer is either a refusal or a type on the allow-list.
 * Seed corpus: small PDFs, images, office files and zips.
 */
#include "core/base.h"
#include "core/filetype.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *mime = NULL;
    int rc = filetype_sniff(data, size, &mime);
    if (rc == 0 && (!mime || !*filetype_extension(mime))) {
        fprintf(stderr, "allowed a type with no extension: %s\n", mime ? mime : "(null)");
        abort();
    }
    return 0;
}
