/*
 * Fuzz target for the Mustache compiler and renderer (src/view/tpl.c): the
 * input is compiled as a template, also reachable as the partial "self" so
 * recursion hits the depth limits, and rendered against a small fixed context.
 */
#include "core/base.h"
#include "view/tpl.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/val.h"

#include <jansson.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Translation that keeps the msgid but adds a tag, so translated text is parsed too. */
static const char *translate(void *unused, const char *msgid)
{
    UNUSED(unused);
    return streq(msgid, "x") ? "[{{a}}]" : msgid;
}

/* Built once from JSON into a static arena, as a handler's values would be. */
static const struct val *context(void)
{
    static struct arena a;
    static const struct val *ctx;
    if (!ctx) {
        json_t *j = json_loads(
            "{\"a\": \"x<y&'\\\"\", \"n\": 42, \"r\": 1.21, \"t\": true, \"f\": false,"
            " \"z\": null, \"e\": \"\", \"l\": [1, \"two\", {\"a\": 3}, [4, 5], []],"
            " \"o\": {\"a\": {\"b\": {\"c\": \"deep\"}}, \"l\": [{\"o\": 1}]}}",
            0, NULL);
        ctx = val_from_json(&a, j);
        json_decref(j);
    }
    return ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tpl_set *set = tpl_set_new(translate, NULL);
    struct buf out = BUF_INIT;
    char *err = NULL;

    if (tpl_set_add(set, "self", (const char *)data, size, &err) == 0) {
        static const char p[] = "<{{a}}>\n  {{>self}}\n";
        if (tpl_set_add(set, "p", p, sizeof(p) - 1, NULL))
            abort();
        /* Failing is fine (a limit was hit); crashing and leaking are not. */
        (void)tpl_render(set, "self", context(), &out);
    } else if (!err || strncmp(err, "self:", 5) != 0) {
        /* A failed compile must say where. */
        abort();
    }
    free(err);
    buf_release(&out);
    tpl_set_free(set);
    return 0;
}
