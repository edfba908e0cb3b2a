/*
 * Tests for src/view/sanitize.c: what imported HTML keeps (bare tags of the
 * allow-list, entities, text) and what it loses (attributes, scripts and
 * their content, unknown tags, comments), the well-known ways around
 * sanitisers, and Moodle's line breaks.
 */
#include "core/base.h"
#include "view/sanitize.h"
#include "core/arena.h"

#include <criterion/criterion.h>

static struct arena arena = ARENA_INIT;

static void teardown(void)
{
    arena_release(&arena);
}

TestSuite(sanitize, .fini = teardown);

static const char *clean(const char *html)
{
    const char *out;
    view_html_sanitize(&arena, html, strlen(html), false, &out);
    return out;
}

Test(sanitize, keeps_the_allowed_tags_bare)
{
    cr_assert_str_eq(clean("Match the <b>activity</b> to the description."),
                     "Match the <b>activity</b> to the description.");
    cr_assert_str_eq(clean("<p class=\"x\" onclick=\"alert(1)\">Hi<br/>there</p>"),
                     "<p>Hi<br>there</p>");
    cr_assert_str_eq(clean("<UL><LI>one<li>two</UL>"), "<ul><li>one<li>two</li></li></ul>");
    cr_assert_str_eq(clean("<span style=\"font-style: italic;\">Modular</span>"),
                     "<span>Modular</span>");
    cr_assert_str_eq(clean("<pre>\n    public void test() {\n    }\n</pre>"),
                     "<pre>\n    public void test() {\n    }\n</pre>");
}

Test(sanitize, drops_active_content_and_unknown_tags)
{
    cr_assert_str_eq(clean("a<script>alert(1)</script>b"), "ab");
    cr_assert_str_eq(clean("a<SCRIPT src=x>alert(1)</script >b"), "ab");
    cr_assert_str_eq(clean("a<style>p{}</style>b"), "ab");
    cr_assert_str_eq(clean("<img src=x onerror=alert(1)>"), "");
    cr_assert_str_eq(clean("<a href=\"javascript:alert(1)\">click</a>"), "click");
    cr_assert_str_eq(clean("<div><iframe src=//evil></iframe>x</div>"), "<div>x</div>");
    cr_assert_str_eq(clean("<svg><script>alert(1)</script></svg>ok"), "ok");
    cr_assert_str_eq(clean("a<!-- <script>alert(1)</script> -->b"), "ab");
    cr_assert_str_eq(clean("a<script>never closed"), "a");
    cr_assert_str_eq(clean("<textarea></textarea><script>x</script>"), "");
}

Test(sanitize, the_classic_tricks_stay_text)
{
    cr_assert_str_eq(clean("<scr<script>ipt>alert(1)</script>"), "ipt&gt;alert(1)");
    cr_assert_str_eq(clean("<b onmouseover=\"a>b\">x</b>"), "<b>x</b>");
    cr_assert_str_eq(clean("<b title='>'<script>"), "<b></b>");
    cr_assert_str_eq(clean("<b title=\"unclosed>x"), "&lt;b title=&quot;unclosed&gt;x");
    cr_assert_str_eq(clean("1 < 2 and 3 > 2"), "1 &lt; 2 and 3 &gt; 2");
    cr_assert_str_eq(clean("<<b>>"), "&lt;<b>&gt;</b>");
    cr_assert_str_eq(clean("</b>stray"), "stray");
    cr_assert_str_eq(clean("<b><i>x</b>y</i>"), "<b><i>x</i></b>y");
    cr_assert_str_eq(clean("<b>left open"), "<b>left open</b>");
}

Test(sanitize, entities_pass_and_bare_ampersands_are_escaped)
{
    cr_assert_str_eq(clean("Tom &amp; Jerry &lt;b&gt; &#60; &#x3C;"),
                     "Tom &amp; Jerry &lt;b&gt; &#60; &#x3C;");
    cr_assert_str_eq(clean("R&D & co &#; &#xZ;"), "R&amp;D &amp; co &amp;#; &amp;#xZ;");
}

Test(sanitize, moodle_format_breaks_lines_outside_pre)
{
    const char *out;
    const char *in = "one\ntwo<pre>a\nb</pre>";
    view_html_sanitize(&arena, in, strlen(in), true, &out);
    cr_assert_str_eq(out, "one<br>\ntwo<pre>a\nb</pre>");
}

Test(sanitize, any_bytes_are_safe)
{
    char buf[256];
    for (int i = 0; i < 256; i++)
        buf[i] = (char)i;
    const char *out;
    view_html_sanitize(&arena, buf, sizeof(buf), true, &out);
    for (const char *p = strchr(out, '<'); p; p = strchr(p + 1, '<'))
        cr_assert(!strncmp(p, "<br>", 4), "%.10s", p);
    /* deep nesting stops opening at 64 and still closes what it opened */
    char deep[200 * 3 + 1];
    for (int i = 0; i < 200; i++)
        memcpy(deep + i * 3, "<b>", 3);
    deep[200 * 3] = '\0';
    view_html_sanitize(&arena, deep, strlen(deep), false, &out);
    cr_assert_eq(strlen(out), 64 * 3 + 64 * 4);
}
