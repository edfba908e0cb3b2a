/* Fuzz target: the CSV user import parser (src/accounts/import.c). */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "core/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    struct import_file f;
    accounts_import_parse(&a, (const char *)data, size, &f);
    arena_release(&a);
    return 0;
}
