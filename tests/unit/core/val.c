/*
 * Tests for src/core/val.c's JSON: API answers built as values must read
 * byte for byte as jansson wrote the same tree before, escapes and all.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/val.h"

#include <criterion/criterion.h>

static void same_as_jansson(const char *json_text)
{
    struct arena a = ARENA_INIT;
    struct buf out = BUF_INIT;
    json_error_t err;
    json_t *j = json_loads(json_text, JSON_DECODE_ANY, &err);

    cr_assert_not_null(j, "bad fixture %s: %s", json_text, err.text);
    char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
    val_write_json(&out, val_from_json(&a, j));
    cr_expect_str_eq(out.ptr, want, "fixture %s", json_text);
    free(want);
    json_decref(j);
    buf_release(&out);
    arena_release(&a);
}

Test(val, json_as_jansson_writes_it)
{
    same_as_jansson("{\"items\":[{\"id\":1,\"code\":\"C-1\",\"centre\":null,\"ok\":true,"
                    "\"no\":false,\"n\":-9223372036854775807}],\"next_cursor\":null}");
    same_as_jansson("\"quote \\\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f"
                    " ctl \\u0001\\u001f del \\u007f\"");
    same_as_jansson("\"Кибергигиена, ə ğ, oʻ gʻ, 한국어, tiếng Việt, \\u2028 😀\"");
    same_as_jansson("[1.5, 2.0, 0.1, 1e300, -3.25e-7, 85, 1.21,"
                    " 100000000000000000000.0]");
    same_as_jansson("{\"b\":{\"a\":[],\"c\":{}},\"a\":\"\"}");
    same_as_jansson("[]");
}
