/*
 * Fuzz target for the GIFT parser and writer (src/quiz/gift.c, gift_write.c):
 * any bytes parse without crashing, and a file that parses cleanly writes back
 * to GIFT that parses cleanly into as many questions. Seed corpus: the GIFT
 * snippets of tests/unit/quiz/gift.c.
 */
#include "core/base.h"
#include "quiz/gift.h"
#include "core/arena.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    struct buf out = BUF_INIT;
    struct gift_question *qs, *qs2;
    struct gift_error *errs;
    size_t nq, nq2, nerr;

    if (gift_parse(&a, (const char *)data, size, &qs, &nq, &errs, &nerr) == 0) {
        if (gift_write(&out, qs, nq) != 0)
            abort(); /* everything the parser gives, the writer must take */
        if (gift_parse(&a, out.ptr, out.len, &qs2, &nq2, &errs, &nerr) != 0) {
            fprintf(stderr, "written GIFT does not parse: line %d: %s\n%s\n", errs[0].line,
                    errs[0].reason, out.ptr);
            abort();
        }
        if (nq2 != nq) {
            fprintf(stderr, "%zu questions became %zu\n%s\n", nq, nq2, out.ptr);
            abort();
        }
        for (size_t i = 0; i < nq; i++) {
            if (!streq(qs[i].type, qs2[i].type) || qs[i].nanswers != qs2[i].nanswers ||
                !streq(qs[i].text, qs2[i].text)) {
                fprintf(stderr, "question %zu changed\n%s\n", i, out.ptr);
                abort();
            }
        }
    }
    buf_release(&out);
    arena_release(&a);
    return 0;
}
