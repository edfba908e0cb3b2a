/*
 * Tests for src/view/tpl.c: every case of the Mustache spec, then what the
 * spec leaves to us: translation at compile time, escaping, error messages
 * and the limits that keep hostile templates and data from crashing a render.
 */
#include "core/base.h"
#include "view/tpl.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/val.h"

#include <criterion/criterion.h>
#include <unistd.h>

#define SPEC_DIR "../shared/testdata/mustache-spec/"

/* The spec's data is JSON: each case renders a copy of it as template values. */
static struct arena test_arena;

static const struct val *V(const json_t *j)
{
    return j ? val_from_json(&test_arena, j) : NULL;
}

__attribute__((destructor)) static void test_arena_release(void)
{
    arena_release(&test_arena);
}

/* Render src (compiled as "t") against ctx; *out holds the result. */
static int render_str(struct tpl_set *set, const char *src, json_t *ctx, struct buf *out)
{
    char *err = NULL;
    int rc = tpl_set_add(set, "t", src, strlen(src), &err);
    cr_assert_eq(rc, 0, "compiling '%s': %s", src, err ? err : "?");
    cr_assert_null(err);
    return tpl_render(set, "t", V(ctx), out);
}

/* Render src against the JSON text data and check the output. */
static void check(const char *src, const char *data, const char *want)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;
    json_t *ctx = json_loads(data, JSON_DECODE_ANY, NULL);

    cr_assert_not_null(ctx, "bad test data '%s'", data);
    cr_assert_eq(render_str(set, src, ctx, &out), 0);
    cr_expect_str_eq(out.ptr, want, "template '%s'", src);
    json_decref(ctx);
    buf_release(&out);
    tpl_set_free(set);
}

/* Compile src and expect it to fail with message want. */
static void check_error(struct tpl_set *set, const char *src, const char *want)
{
    char *err = NULL;
    int rc = tpl_set_add(set, "page", src, strlen(src), &err);

    cr_expect_eq(rc, DARS_EINVALID, "template '%s' compiled", src);
    cr_expect_str_eq(err ? err : "(none)", want, "template '%s'", src);
    cr_expect_not(tpl_set_has(set, "page"));
    free(err);
}

/* Run every case of one spec file; each partial goes into the set under its name. */
static void run_spec(const char *file)
{
    char path[256];
    json_error_t jerr;
    json_t *doc, *tests, *tc;
    size_t i, passed = 0;

    snprintf(path, sizeof(path), SPEC_DIR "%s.json", file);
    if (access(path, R_OK) != 0)
        cr_skip_test("mustache spec not found at '%s' (run from the repository root)", path);
    doc = json_load_file(path, 0, &jerr);
    cr_assert_not_null(doc, "cannot parse '%s': %s", path, jerr.text);
    tests = json_object_get(doc, "tests");
    cr_assert(json_array_size(tests) > 0, "no tests in '%s'", path);

    json_array_foreach(tests, i, tc) {
        const char *name = json_string_value(json_object_get(tc, "name"));
        json_t *tpl = json_object_get(tc, "template");
        const char *want = json_string_value(json_object_get(tc, "expected"));
        struct tpl_set *set = tpl_set_new(NULL, NULL);
        struct buf out = BUF_INIT;
        const char *pname;
        json_t *ptext;
        char *err = NULL;
        bool ok = true;

        json_object_foreach(json_object_get(tc, "partials"), pname, ptext) {
            int rc = tpl_set_add(set, pname, json_string_value(ptext),
                                 json_string_length(ptext), &err);
            cr_expect_eq(rc, 0, "%s: %s: partial '%s': %s", file, name, pname, err);
            ok = ok && !rc;
            free(err);
        }
        int rc = tpl_set_add(set, "spec-case", json_string_value(tpl), json_string_length(tpl),
                             &err);
        cr_expect_eq(rc, 0, "%s: %s: %s", file, name, err);
        free(err);
        if (!rc) {
            rc = tpl_render(set, "spec-case", V(json_object_get(tc, "data")), &out);
            cr_expect_eq(rc, 0, "%s: %s: render failed %d", file, name, rc);
            cr_expect(streq(out.ptr, want), "%s: %s\n   got: \"%s\"\n  want: \"%s\"", file, name,
                      out.ptr, want);
            ok = ok && !rc && streq(out.ptr, want);
        }
        passed += ok;
        buf_release(&out);
        tpl_set_free(set);
    }
    cr_log_info("mustache spec %s: %zu of %zu cases pass", file, passed, json_array_size(tests));
    cr_expect_eq(passed, json_array_size(tests));
    json_decref(doc);
}

Test(tpl, spec_interpolation) { run_spec("interpolation"); }
Test(tpl, spec_sections) { run_spec("sections"); }
Test(tpl, spec_inverted) { run_spec("inverted"); }
Test(tpl, spec_comments) { run_spec("comments"); }
Test(tpl, spec_partials) { run_spec("partials"); }
Test(tpl, spec_delimiters) { run_spec("delimiters"); }

/* A catalog of three messages; records the last msgid asked for. */
static char last_msgid[256];

static const char *translate_ru(void *data, const char *msgid)
{
    static const char *const catalog[][2] = {
        { "Hello", "Привет" },
        { "Tom & Jerry", "Том & Джерри <3" },
        { "Welcome, {{name}}", "Добро пожаловать, {{name}}!" },
        { "curly", "{{not_a_tag}}" },
        { "two\nlines", "one line" },
        { "", "Content-Type: text/plain; charset=UTF-8\n" }, /* what gettext gives for "" */
    };
    UNUSED(data);
    snprintf(last_msgid, sizeof(last_msgid), "%s", msgid);
    for (size_t i = 0; i < ARRAY_SIZE(catalog); i++)
        if (streq(catalog[i][0], msgid))
            return catalog[i][1];
    return msgid;
}

Test(tpl, translate_plain_text_is_escaped)
{
    struct tpl_set *set = tpl_set_new(translate_ru, NULL);
    struct buf out = BUF_INIT;

    cr_assert_eq(render_str(set, "<h1>{{_   Hello  }}</h1>", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "<h1>Привет</h1>");
    cr_expect_str_eq(last_msgid, "Hello");
    buf_reset(&out);
    cr_assert_eq(render_str(set, "{{_ Tom & Jerry}}", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "Том &amp; Джерри &lt;3");
    /* Text from {{_ x}} is plain text even when it looks like a tag. */
    buf_reset(&out);
    cr_assert_eq(render_str(set, "{{_ curly}}", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "{{not_a_tag}}");
    buf_reset(&out);
    cr_assert_eq(render_str(set, "{{_ Untranslated text}}", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "Untranslated text");
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, translate_block_is_template_source)
{
    struct tpl_set *set = tpl_set_new(translate_ru, NULL);
    struct buf out = BUF_INIT;
    json_t *ctx = json_pack("{s:s}", "name", "<Ann>");

    cr_assert_eq(render_str(set, "<p>{{#_}}Welcome, {{name}}{{/_}}</p>", ctx, &out), 0);
    cr_expect_str_eq(out.ptr, "<p>Добро пожаловать, &lt;Ann&gt;!</p>");
    cr_expect_str_eq(last_msgid, "Welcome, {{name}}");
    /* The msgid is the text exactly as written, spaces and newlines included. */
    buf_reset(&out);
    cr_assert_eq(render_str(set, "{{# _ }} Hi,\n {{name}} {{/ _ }}.", ctx, &out), 0);
    cr_expect_str_eq(last_msgid, " Hi,\n {{name}} ");
    cr_expect_str_eq(out.ptr, " Hi,\n &lt;Ann&gt; .");
    /* Under other delimiters the block still works. */
    buf_reset(&out);
    cr_assert_eq(render_str(set, "{{=<% %>=}}<%#_%>Hello<%/_%>, <%name%>", ctx, &out), 0);
    cr_expect_str_eq(out.ptr, "Привет, &lt;Ann&gt;");
    /* An empty block is not looked up. */
    buf_reset(&out);
    cr_assert_eq(render_str(set, "a{{#_}}{{/_}}b", ctx, &out), 0);
    cr_expect_str_eq(out.ptr, "ab");
    json_decref(ctx);
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, translate_without_function_keeps_text)
{
    check("{{_ Hello & bye}} {{#_}}Hi {{name}}{{/_}}", "{\"name\": \"Bo\"}",
          "Hello &amp; bye Hi Bo");
    /* "_" alone, or not followed by a space, is an ordinary name. */
    check("{{_}}{{_x}}", "{\"_\": \"u\", \"_x\": \"v\"}", "uv");
}

Test(tpl, escaping)
{
    const char *data = "{\"s\": \"a & b < c > d \\\" e ' f\"}";

    check("{{s}}", data, "a &amp; b &lt; c &gt; d &quot; e &#39; f");
    check("{{{s}}}", data, "a & b < c > d \" e ' f");
    check("{{& s }}", data, "a & b < c > d \" e ' f");
    check("{{=<% %>=}}<%{s}%>", data, "a & b < c > d \" e ' f");
}

Test(tpl, values)
{
    check("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} [{{h}}] [{{i}}] [{{j}}]",
          "{\"a\": 0.30000000000000004, \"b\": 1.0, \"c\": -5, \"d\": 1e300, \"e\": true,"
          " \"f\": false, \"g\": 2.5, \"h\": null, \"i\": {\"x\": 1}, \"j\": [1]}",
          "0.30000000000000004 1 -5 1e+300 true false 2.5 [] [] []");
}

Test(tpl, truthiness)
{
    /* "" and [] are falsey; 0 and {} are not. */
    check("{{#s}}S{{/s}}{{^s}}s{{/s}}{{#z}}Z{{/z}}{{#o}}O{{/o}}{{#l}}L{{/l}}{{^l}}l{{/l}}",
          "{\"s\": \"\", \"z\": 0, \"o\": {}, \"l\": []}", "sZOl");
    check("{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}", "{}", "m");
}

Test(tpl, nested_partial_indentation)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;
    json_t *ctx = json_pack("{s:b,s:s}", "show", 1, "v", "a\nb");
    const char *outer = "<ul>\n  {{#show}}\n  <li>\n    {{>inner}}\n  </li>\n  {{/show}}\n"
                        "  {{! note }}\n</ul>\n";
    const char *inner = "{{{v}}}\n<i>\n{{>leaf}}\n";

    cr_assert_eq(tpl_set_add(set, "inner", inner, strlen(inner), NULL), 0);
    cr_assert_eq(tpl_set_add(set, "leaf", "x\ny\n", 4, NULL), 0);
    cr_assert_eq(tpl_set_add(set, "outer", outer, strlen(outer), NULL), 0);
    cr_assert_eq(tpl_set_add(set, "top", "[\n  {{>outer}}\n]", 16, NULL), 0);
    cr_assert_eq(tpl_render(set, "top", V(ctx), &out), 0);
    /* Each line of each partial's source is indented; lines of a value are not. */
    cr_expect_str_eq(out.ptr, "[\n"
                              "  <ul>\n"
                              "    <li>\n"
                              "      a\n"
                              "b\n"
                              "      <i>\n"
                              "      x\n"
                              "      y\n"
                              "    </li>\n"
                              "  </ul>\n"
                              "]");
    json_decref(ctx);
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, error_messages)
{
    struct tpl_set *set = tpl_set_new(translate_ru, NULL);

    check_error(set, "a\nb\n{{#items}}\nx\n", "page:3: unclosed section 'items'");
    check_error(set, "\n{{#a}}\n\n{{/b}}", "page:4: closing tag 'b' does not match 'a' "
                                          "opened on line 2");
    check_error(set, "x\n{{/x}}", "page:2: closing tag 'x' without an open section");
    check_error(set, "ok\n\n{{name", "page:3: unclosed tag, expected '}}'");
    check_error(set, "{{{name}}", "page:1: unclosed tag, expected '}}}'");
    check_error(set, "\n{{ }}", "page:2: empty tag");
    check_error(set, "{{#a b}}{{/a b}}", "page:1: invalid name 'a b'");
    check_error(set, "{{=<%%>=}}", "page:1: invalid delimiters, expected {{=open close=}}");
    check_error(set, "\n\n{{#_}}text", "page:3: unclosed translation block");
    /* Lines after a translation block count as written, not as translated. */
    check_error(set, "{{#_}}two\nlines{{/_}}\n{{/x}}",
                "page:3: closing tag 'x' without an open section");
    tpl_set_free(set);
}

Test(tpl, failed_compile_keeps_old_template)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;
    char *err = NULL;

    cr_assert_eq(tpl_set_add(set, "p", "one", 3, &err), 0);
    cr_expect_eq(tpl_set_add(set, "p", "{{#x}}", 6, &err), DARS_EINVALID);
    cr_expect_str_eq(err, "p:1: unclosed section 'x'");
    free(err);
    cr_assert_eq(tpl_render(set, "p", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "one");
    /* Adding under the same name replaces. */
    cr_assert_eq(tpl_set_add(set, "p", "two", 3, &err), 0);
    buf_reset(&out);
    cr_assert_eq(tpl_render(set, "p", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "two");
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, missing_template_and_partial)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;

    cr_expect_eq(tpl_render(set, "nope", NULL, &out), DARS_ENOTFOUND);
    cr_expect_not(tpl_set_has(set, "nope"));
    cr_assert_eq(render_str(set, "[{{>nope}}]", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "[]");
    cr_expect(tpl_set_has(set, "t"));
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, many_templates)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;
    char name[32], src[64];

    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof(name), "t%d", i);
        snprintf(src, sizeof(src), "%d{{>t%d}}", i, i + 1);
        cr_assert_eq(tpl_set_add(set, name, src, strlen(src), NULL), 0);
    }
    for (int i = 0; i < 500; i++) {
        snprintf(name, sizeof(name), "t%d", i);
        cr_expect(tpl_set_has(set, name), "%s missing", name);
    }
    cr_assert_eq(tpl_render(set, "t490", NULL, &out), 0);
    cr_expect_str_eq(out.ptr, "490491492493494495496497498499");
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, recursive_partial_is_cut_off)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;

    cr_assert_eq(tpl_set_add(set, "r", "x{{>r}}", 7, NULL), 0);
    buf_adds(&out, "kept");
    cr_expect_eq(tpl_render(set, "r", NULL, &out), DARS_ERR);
    /* A failed render leaves the buffer as it was. */
    cr_expect_str_eq(out.ptr, "kept");
    buf_release(&out);
    tpl_set_free(set);
}

/* A chain of nodes n levels deep: {"nodes": [{"nodes": [...]}]} */
static json_t *deep_tree(int n)
{
    json_t *leaf = json_pack("{s:[]}", "nodes");
    for (int i = 0; i < n; i++)
        leaf = json_pack("{s:[o]}", "nodes", leaf);
    return leaf;
}

Test(tpl, recursive_partial_depth_follows_data)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;
    const char *node = "<{{#nodes}}{{>node}}{{/nodes}}>";
    json_t *shallow = deep_tree(20), *deep = deep_tree(1000);

    cr_assert_eq(tpl_set_add(set, "node", node, strlen(node), NULL), 0);
    cr_expect_eq(tpl_render(set, "node", V(shallow), &out), 0);
    cr_expect_eq(out.len, 42);
    buf_reset(&out);
    cr_expect_eq(tpl_render(set, "node", V(deep), &out), DARS_ERR);
    cr_expect_eq(out.len, 0);
    json_decref(shallow);
    json_decref(deep);
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, deeply_nested_sections)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf src = BUF_INIT, out = BUF_INIT;
    json_t *ctx = json_pack("{s:b}", "a", 1);

    for (int i = 0; i < 5000; i++)
        buf_adds(&src, "{{#a}}");
    for (int i = 0; i < 5000; i++)
        buf_adds(&src, "{{/a}}");
    cr_assert_eq(tpl_set_add(set, "deep", src.ptr, src.len, NULL), 0);
    cr_expect_eq(tpl_render(set, "deep", V(ctx), &out), DARS_ERR);
    json_decref(ctx);
    buf_release(&src);
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, runaway_render_is_stopped)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf src = BUF_INIT, out = BUF_INIT;
    json_t *ctx = json_pack("{s:[iiiiiiiiii]}", "l", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    /* 10^10 iterations if nothing stopped it. */
    for (int i = 0; i < 10; i++)
        buf_adds(&src, "{{#l}}");
    for (int i = 0; i < 10; i++)
        buf_adds(&src, "{{/l}}");
    cr_assert_eq(tpl_set_add(set, "run", src.ptr, src.len, NULL), 0);
    cr_expect_eq(tpl_render(set, "run", V(ctx), &out), DARS_ERR);
    json_decref(ctx);
    buf_release(&src);
    buf_release(&out);
    tpl_set_free(set);
}

Test(tpl, source_with_nul_bytes)
{
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;

    cr_assert_eq(tpl_set_add(set, "z", "a\0b", 3, NULL), 0);
    cr_assert_eq(tpl_render(set, "z", NULL, &out), 0);
    cr_expect_eq(out.len, 3);
    cr_expect(!memcmp(out.ptr, "a\0b", 3));
    cr_expect_eq(tpl_set_add(set, "bad", "{{a\0b}}", 7, NULL), DARS_EINVALID);
    buf_release(&out);
    tpl_set_free(set);
}

/* Template values built in C, as handlers build them: pack, set (replacing), lists, parts. */
Test(tpl, arena_values)
{
    struct arena a = ARENA_INIT;
    struct tpl_set *set = tpl_set_new(NULL, NULL);
    struct buf out = BUF_INIT;
    char text[] = "row text";
    struct val *ctx = val_pack(&a, "{s:s, s:I, s:b, s:f, s:n, s:[s, i]}", "name", "<Ann>", "n",
                               (json_int_t)-1234567, "yes", 1, "r", 1.21, "none", "l", "x", 2);
    struct val *items = val_set_list(ctx, "items");

    /* strings are copied: the caller's buffer may change after the call */
    val_push(items, val_pack(&a, "{s:s}", "t", text));
    text[0] = 'X';
    val_set_str(ctx, "name", "Bo");
    cr_expect_eq(val_len(ctx), 7);
    cr_expect_str_eq(val_get_str(ctx, "name"), "Bo");
    cr_expect(val_truthy(val_get(ctx, "n")));
    cr_expect_not(val_truthy(val_get(ctx, "none")));
    cr_expect_not(val_truthy(val_get(ctx, "missing")));
    cr_expect_null(val_at(items, 1));
    val_del(ctx, "yes");
    cr_expect_null(val_get(ctx, "yes"));
    cr_expect_eq(val_len(ctx), 6);
    val_set(ctx, "after", val_bool(true));

    cr_assert_eq(render_str(set, "{{name}} {{n}} {{r}} [{{yes}}] {{#l}}{{.}};{{/l}}"
                                 "{{#items}}{{t}}{{/items}}{{#after}}!{{/after}}",
                            NULL, &out), 0);
    buf_reset(&out);
    cr_assert_eq(tpl_render(set, "t", ctx, &out), 0);
    cr_expect_str_eq(out.ptr, "Bo -1234567 1.21 [] x;2;row text!");

    /* a part renders another template in place, with the context it is written in */
    cr_assert_eq(tpl_set_add(set, "page", "<p>{{name}}</p>", 15, NULL), 0);
    cr_assert_eq(tpl_set_add(set, "layout", "[{{#items}}{{{body}}}{{/items}}]", 32, NULL), 0);
    val_set(ctx, "body", val_part(&a, "page"));
    buf_reset(&out);
    cr_assert_eq(tpl_render(set, "layout", ctx, &out), 0);
    cr_expect_str_eq(out.ptr, "[<p>Bo</p>]");
    /* a part naming no template fails the render rather than leaving a hole */
    val_set(ctx, "body", val_part(&a, "nope"));
    buf_reset(&out);
    cr_expect_eq(tpl_render(set, "layout", ctx, &out), DARS_ERR);
    cr_expect_eq(out.len, 0);

    buf_release(&out);
    tpl_set_free(set);
    arena_release(&a);
}
