/*
 * Page rendering: per-language template sets compiled at start-up (so a
 * translation costs nothing per request), the common context, the layout,
 * error pages, pagination and flash messages.
 */
#include "core/base.h"
#include "view/view.h"
#include "core/embed.h"
#include "core/url.h"
#include "core/xalloc.h"
#include "http/http.h"
#include "http/static.h"
#include "view/fmt.h"
#include "core/i18n.h"
#include "view/tpl.h"
#include "core/val.h"
#include "core/arena.h"

#define MAX_LANGS 8

static struct tpl_set *sets[MAX_LANGS];

static const char *translate(void *data, const char *msgid)
{
    return i18n_gettext(data, msgid);
}

static int lang_index(const char *lang)
{
    for (size_t i = 0; i < i18n_nlangs && i < MAX_LANGS; i++)
        if (streq(i18n_langs[i], lang))
            return (int)i;
    return 0;
}

int view_init(void)
{
    for (size_t l = 0; l < i18n_nlangs && l < MAX_LANGS; l++) {
        sets[l] = tpl_set_new(translate, (void *)i18n_langs[l]);
        for (const struct embedded_file *f = embedded_files; f->name; f++) {
            const char *slash = strrchr(f->name, '/'), *dot;
            if (!strstr(f->name, "/templates/") || !slash ||
                !(dot = strstr(slash, ".mustache")))
                continue;
            char name[128];
            snprintf(name, sizeof(name), "%.*s", (int)(dot - slash - 1), slash + 1);
            char *err = NULL;
            if (tpl_set_add(sets[l], name, (const char *)f->data, f->len, &err) < 0) {
                fprintf(stderr, "dars: template %s: %s\n", f->name, err ? err : "?");
                free(err);
                return DARS_EINVALID;
            }
        }
    }
    return 0;
}

void view_shutdown(void)
{
    for (size_t l = 0; l < MAX_LANGS; l++) {
        tpl_set_free(sets[l]);
        sets[l] = NULL;
    }
}

void view_form_errors(struct req *r, struct val *ctx, json_t *errors)
{
    const char *field;
    json_t *msg;
    if (!errors || !json_object_size(errors))
        return;
    struct val *items = val_list(&r->arena), *inline_ = val_object(&r->arena);
    json_object_foreach(errors, field, msg) {
        const char *t = i18n_gettext(r->lang, json_string_value(msg) ? json_string_value(msg) : "");
        /* copied: an untranslated message lives in errors, which the caller may free first */
        const char *key = arena_strdup(&r->arena, field);
        struct val *m = val_str(&r->arena, t);
        val_push(items, val_pack(&r->arena, "{s:s, s:o}", "field", key, "message", m));
        val_set(inline_, key, m);
    }
    val_set(ctx, "form_errors", val_pack(&r->arena, "{s:o}", "items", items));
    val_set(ctx, "errors", inline_);
}

void view_flash(struct req *r, const char *msgid)
{
    http_set_cookie(r, "dars_flash", url_encode(&r->arena, msgid), 60);
}

/*
 * The header's links: every area a person's roles let them use, so that none
 * has to be found by typing its address. The second row holds the areas of
 * those who run courses and centres.
 */
/*
 * NAV_READ: those who read reports (admins, managers, analysts); NAV_PROJECTS:
 * those who may read some donor project (every one, or a region's), which a
 * manager of centres only never may
 */
enum nav_who { NAV_ANY, NAV_USER, NAV_TEACH, NAV_MANAGE, NAV_READ, NAV_PROJECTS, NAV_ADMIN };
static const struct nav_link {
    const char *url, *label;
    enum nav_who who;
    bool admin_row;
} nav_links[] = {
    { "/courses", N_("Courses"), NAV_ANY, false },
    { "/events", N_("Events"), NAV_ANY, false },
    { "/my", N_("My learning"), NAV_USER, false },
    { "/calendar", N_("Calendar"), NAV_USER, false },
    /* everyone signed in: a mentor's mentees, a learner's mentor or the form to ask for one */
    { "/mentoring", N_("Mentoring"), NAV_USER, false },
    { "/account", N_("Your account"), NAV_USER, false },
    { "/reports", N_("Reports"), NAV_READ, true },
    { "/admin/projects", N_("Projects"), NAV_PROJECTS, true },
    { "/admin/courses", N_("Course admin"), NAV_TEACH, true },
    { "/admin/programmes", N_("Programmes"), NAV_MANAGE, true },
    { "/admin/cohorts", N_("Cohorts"), NAV_MANAGE, true },
    { "/admin/events", N_("Events"), NAV_MANAGE, true },
    { "/admin/certificates", N_("Certificates"), NAV_MANAGE, true },
    { "/admin/mentoring", N_("Mentoring"), NAV_MANAGE, true },
    { "/admin/users", N_("People"), NAV_MANAGE, true },
    { "/admin/registrations", N_("Registrations"), NAV_MANAGE, true },
    { "/admin/centres", N_("Centres"), NAV_MANAGE, true },
    { "/admin/regions", N_("Regions"), NAV_MANAGE, true },
    { "/admin/organisations", N_("Organisations"), NAV_ADMIN, true },
    { "/admin/outbox", N_("Outbox"), NAV_ADMIN, true },
    { "/admin/audit", N_("Audit log"), NAV_ADMIN, true },
    { "/admin/open-data", N_("Open data"), NAV_ADMIN, true },
};

static bool nav_allowed(const struct user_ctx *u, enum nav_who who)
{
    switch (who) {
    case NAV_ANY: return true;
    case NAV_USER: return u != NULL;
    case NAV_TEACH: return u && (u->is_admin || u->is_manager || u->is_instructor);
    case NAV_MANAGE: return u && (u->is_admin || u->is_manager);
    case NAV_READ: return u && (u->is_admin || u->is_manager || u->is_analyst);
    case NAV_PROJECTS: return u && (u->reads_all || u->nread_regions > 0);
    case NAV_ADMIN: return u && u->is_admin;
    }
    return false;
}

/* Whether path is the link's page or one below it ("/admin/events/7"). */
static bool nav_current(const char *path, const char *url)
{
    size_t n = strlen(url);
    return !strncmp(path, url, n) && (path[n] == '\0' || path[n] == '/');
}

static void nav_context(struct req *r, struct val *ctx)
{
    struct val *main_nav = val_list(&r->arena), *admin_nav = val_list(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(nav_links); i++) {
        const struct nav_link *l = &nav_links[i];
        if (!nav_allowed(r->user, l->who))
            continue;
        struct val *link = val_object(&r->arena);
        val_set(link, "url", val_str_ref(&r->arena, l->url));
        val_set(link, "label", val_str_ref(&r->arena, _(r->lang, l->label)));
        val_set_bool(link, "current", nav_current(r->path, l->url));
        val_push(l->admin_row ? admin_nav : main_nav, link);
    }
    /* header_ names: a page's own context may have a "nav" (the quiz's navigator) */
    val_set_bool(ctx, "header_has_admin", val_len(admin_nav) > 0);
    val_set(ctx, "header_main", main_nav);
    val_set(ctx, "header_admin", admin_nav);
}

/* The language switcher, its current language marked. */
static struct val *langs_list(struct req *r)
{
    struct val *langs = val_list(&r->arena);
    for (size_t i = 0; i < i18n_nlangs; i++) {
        struct val *l = val_object(&r->arena);
        val_set(l, "code", val_str_ref(&r->arena, i18n_langs[i]));
        val_set(l, "name", val_str_ref(&r->arena, i18n_lang_name(i18n_langs[i])));
        val_set_bool(l, "current", streq(i18n_langs[i], r->lang));
        val_push(langs, l);
    }
    return langs;
}

static void common_context(struct req *r, struct val *ctx)
{
    struct arena *a = &r->arena;

    val_set(ctx, "langs", langs_list(r));
    val_set(ctx, "lang", val_str_ref(a, r->lang));
    val_set_str(ctx, "path", r->path);
    if (r->csrf)
        val_set(ctx, "csrf", val_str_ref(a, r->csrf));
    val_set(ctx, "css", val_str_ref(a, static_url("css/dars.css")));
    val_set(ctx, "js", val_str_ref(a, static_url("js/dars.js")));
    nav_context(r, ctx);
    if (r->user) {
        val_set(ctx, "user",
                val_pack(a, "{s:I, s:s, s:s, s:b, s:b, s:b, s:b, s:b}", "id",
                         (json_int_t)r->user->id, "email", r->user->email, "full_name",
                         r->user->full_name, "is_admin", r->user->is_admin, "is_manager",
                         r->user->is_manager, "can_manage", nav_allowed(r->user, NAV_MANAGE),
                         "can_teach", nav_allowed(r->user, NAV_TEACH), "can_read_reports",
                         nav_allowed(r->user, NAV_READ)));
    }
    const char *flash = http_cookie(r, "dars_flash");
    if (flash && *flash) {
        val_set_str(ctx, "flash", i18n_gettext(r->lang, url_decode(a, flash)));
        http_set_cookie(r, "dars_flash", "", 0);
    }
}

/*
 * The layout is rendered straight into the answer, and the page's template
 * in its place ({{{layout_page}}} is a val_part): nothing is rendered twice or copied.
 */
int view_page_status(struct req *r, int status, const char *name, struct val *ctx)
{
    const struct tpl_set *set = sets[lang_index(r->lang)];
    int rc;

    if (!ctx)
        ctx = val_object(&r->arena);
    common_context(r, ctx);
    /* a name of the layout's own: pages have their own "body"s (an e-mail's text) */
    val_set(ctx, "layout_page", val_part(&r->arena, name));
    buf_reset(&r->out);
    rc = tpl_render(set, "layout", ctx, &r->out);
    if (rc < 0) {
        fprintf(stderr, "dars: cannot render template '%s'\n", name);
        goto out;
    }
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
out:
    return rc;
}

int view_page(struct req *r, const char *name, struct val *ctx)
{
    return view_page_status(r, 200, name, ctx);
}

int view_part(struct req *r, const char *name, const struct val *ctx, const char **html)
{
    struct buf out;
    int rc;

    buf_init_arena(&out, &r->arena, 1024);
    rc = tpl_render(sets[lang_index(r->lang)], name, ctx, &out);
    if (rc < 0) {
        fprintf(stderr, "dars: cannot render template '%s'\n", name);
        return rc;
    }
    if (out.len && out.ptr[out.len - 1] == '\n')
        buf_truncate(&out, out.len - 1);
    *html = out.ptr;
    return 0;
}

int view_error(struct req *r, int status, const char *title, const char *detail)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:i}", "title", title, "status", status);
    if (detail)
        val_set_str(ctx, "detail", detail);
    if (view_page_status(r, status, "error", ctx) < 0) {
        /* the last resort must not depend on templates */
        http_send(r, status, "text/plain; charset=utf-8", title, strlen(title));
    }
    return 0;
}

static const char *page_url(struct req *r, int64_t page)
{
    struct buf b = BUF_INIT;
    const char *q = http_query(r, "q");
    buf_addf(&b, "%s?page=%lld", r->path, (long long)page);
    /* keep the filters a list page uses */
    static const char *const keep[] = { "q", "status", "role", "centre", "region", "kind",
                                        "action", "object_type", "actor", "from", "to",
                                        "gender", "age_band", "disability" };
    for (size_t i = 0; i < ARRAY_SIZE(keep); i++) {
        q = http_query(r, keep[i]);
        if (q && *q)
            buf_addf(&b, "&%s=%s", keep[i], url_encode(&r->arena, q));
    }
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

void view_pager(struct req *r, struct val *ctx, int64_t page, int64_t per_page, int64_t total)
{
    int64_t pages = total > 0 ? (total + per_page - 1) / per_page : 1;
    struct val *p = val_pack(&r->arena, "{s:I, s:I, s:s, s:s, s:s}", "page", (json_int_t)page,
                             "pages", (json_int_t)pages, "total", view_int(r, total), "page_str",
                             view_int(r, page), "pages_str", view_int(r, pages));
    if (page > 1)
        val_set(p, "prev_url", val_str_ref(&r->arena, page_url(r, page - 1)));
    if (page < pages)
        val_set(p, "next_url", val_str_ref(&r->arena, page_url(r, page + 1)));
    val_set(ctx, "pager", p);
}

void view_pager_more(struct req *r, struct val *ctx, int64_t page, bool more)
{
    if (page <= 1 && !more)
        return;
    struct val *p = val_pack(&r->arena, "{s:I, s:s}", "page", (json_int_t)page, "page_str",
                             view_int(r, page));
    if (page > 1)
        val_set(p, "prev_url", val_str_ref(&r->arena, page_url(r, page - 1)));
    if (more)
        val_set(p, "next_url", val_str_ref(&r->arena, page_url(r, page + 1)));
    val_set(ctx, "pager", p);
}

const char *view_int(struct req *r, int64_t n)
{
    struct buf b;
    buf_init_arena(&b, &r->arena, 48);
    fmt_int(&b, r->lang, n);
    return b.ptr;
}

const char *view_date(struct req *r, const char *iso)
{
    struct buf b;
    buf_init_arena(&b, &r->arena, 48);
    fmt_date(&b, r->lang, iso);
    return b.ptr;
}

const char *view_datetime(struct req *r, const char *iso)
{
    struct buf b;
    buf_init_arena(&b, &r->arena, 48);
    fmt_datetime(&b, r->lang, iso, NULL);
    return b.ptr;
}
