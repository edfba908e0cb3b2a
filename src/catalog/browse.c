/*
 * What learners see: the catalogue with search and filters, a course page
 * with its outline and the panels of the modules above (catalog.h: the
 * reader's place, groups, quizzes), a lesson page, a programme page, and
 * attachment downloads. Each page runs a fixed number of statements,
 * however many courses, lessons or enrolments there are.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "http/api.h"
#include "core/filetype.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"
#include "core/url.h"
#include "core/utf8.h"
#include "core/ids.h"
#include "view/view.h"

static const char *delivery_name(const char *lang, const char *d)
{
    if (streq(d, "online"))
        return _(lang, "Online");
    if (streq(d, "face-to-face"))
        return _(lang, "Face-to-face");
    if (streq(d, "blended"))
        return _(lang, "Blended");
    return d;
}

bool catalog_reading_has_done(const struct catalog_reading *s, int64_t lesson_id)
{
    return ids_sorted_has(s->done, s->ndone, lesson_id);
}

/* {value, label, selected} options for a <select> */
static struct val *options(struct req *r, const char *const *values,
                           const char *(*label)(const char *, const char *), const char *selected)
{
    struct val *out = val_list(&r->arena);
    for (size_t i = 0; values[i]; i++)
        val_push(out, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", values[i], "label",
                               label(r->lang, values[i]), "selected",
                               selected && streq(selected, values[i])));
    return out;
}

static const char *lang_label(const char *lang, const char *code)
{
    UNUSED(lang);
    return catalog_lang_name(code);
}

/* a filter argument that must be one of values, else "" */
static const char *arg_in(struct req *r, const char *name, const char *const *values)
{
    const char *v = http_query(r, name);
    for (size_t i = 0; v && values[i]; i++)
        if (streq(values[i], v))
            return values[i];
    return "";
}

/* The published programmes as cards (one statement). */
static int programme_cards(struct req *r, const char *sql, struct db_arg *args, size_t nargs,
                           struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, sql, args, nargs);
    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 1);
        val_push(*out, val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s}", "code", code, "title",
                                db_col_text(st, 2), "summary", db_col_text(st, 3), "url",
                                arena_printf(&r->arena, "/programmes/%s",
                                             url_encode(&r->arena, code)),
                                "courses", view_int(r, db_col_int(st, 7))));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* A row of BROWSE_COLS as a card for the catalogue. */
static struct val *course_card(struct req *r, struct db_stmt *st)
{
    const char *code = db_col_text(st, 1);
    struct val *o = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "code", code, "title",
        db_col_text(st, 2), "summary", db_col_text(st, 3), "url", catalog_course_url(r, code),
        "language", catalog_lang_name(db_col_text(st, 4)), "topic",
        catalog_topic_name(r->lang, db_col_text(st, 5)), "delivery",
        delivery_name(r->lang, db_col_text(st, 6)), "lessons", view_int(r, db_col_int(st, 9)),
        "approval", streq(db_col_text(st, 11), "approval"));
    if (!db_col_is_null(st, 7))
        val_set_str(o, "centre", db_col_text(st, 7));
    return o;
}

/* GET /courses */
int catalog_browse_page(struct req *r)
{
    const char *q = http_query(r, "q"), *topic = arg_in(r, "topic", catalog_topics),
               *language = arg_in(r, "language", catalog_course_langs),
               *delivery = arg_in(r, "delivery", catalog_deliveries),
               *centre = http_query(r, "centre");
    bool pg = db_engine(r->db) == DB_POSTGRES;
    const char *match = catalog_search_query(&r->arena, q, pg);
    int64_t page = form_page_arg(r), centre_id = 0;
    struct val *ctx, *items, *programmes, *centres;
    struct db_stmt *st;
    int rc;

    if (centre && *centre) {
        rc = org_centre_id(r->db, form_code_norm(&r->arena, centre), &centre_id);
        if (rc == DARS_ENOTFOUND)
            centre_id = -1; /* matches nothing: an unknown centre has no courses */
        else if (rc < 0)
            return rc;
    }
    /*
     * lang, the filters, (match), limit, offset. One course more than a page
     * tells whether there is a next page: a count would read every course.
     */
    struct db_arg args[] = {
        DB_TEXT(r->lang), DB_TEXT(topic), DB_TEXT(topic), DB_TEXT(language), DB_TEXT(language),
        DB_TEXT(delivery), DB_TEXT(delivery), DB_INT(centre_id), DB_INT(centre_id),
        DB_TEXT(match), DB_INT(CATALOG_PAGE_SIZE + 1), DB_INT((page - 1) * CATALOG_PAGE_SIZE),
    };
    const char *page_sql = match ? (pg ? browse_page_q_pg_sql : browse_page_q_sqlite_sql)
                                 : browse_page_sql;
    /* without a search the MATCH argument is left out */
    if (!match) {
        args[9] = args[10];
        args[10] = args[11];
    }
    if ((rc = db_query(r->db, &st, page_sql, args, match ? 12 : 11)) < 0)
        return rc;
    items = val_list(&r->arena);
    bool more = false;
    while ((rc = db_step(st)) == DB_ROW) {
        if (val_len(items) == CATALOG_PAGE_SIZE) {
            more = true;
            continue;
        }
        val_push(items, course_card(r, st));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = programme_cards(r, programme_list_sql, (struct db_arg[]){ DB_TEXT(r->lang) }, 1,
                              &programmes)) < 0)
        return rc;
    if (!(centres = org_centre_options(&r->arena, r->db,
                                       centre_id > 0 ? form_code_norm(&r->arena, centre) : NULL)))
        return DARS_EDB;
    bool filtered = (q && *q) || *topic || *language || *delivery || centre_id;
    /* the box shows what was searched for, when it is text (a query string may be any bytes) */
    ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:b, s:b, s:o, s:o, s:o, s:o, s:b, s:o}", "title",
                   _(r->lang, "Courses"), "q", q && utf8_is_valid(q, strlen(q)) ? q : "", "items",
                   items, "has_items", val_len(items) > 0, "filtered", filtered, "topics",
                   options(r, catalog_topics, catalog_topic_name, topic), "languages",
                   options(r, catalog_course_langs, lang_label, language), "deliveries",
                   options(r, catalog_deliveries, delivery_name, delivery), "centres", centres,
                   "show_programmes", !filtered && page == 1 && val_len(programmes) > 0,
                   "programmes", programmes);
    form_crumbs(r, ctx, NULL);
    view_pager_more(r, ctx, page, more);
    return view_page(r, "catalog_browse", ctx);
}

/* The course's outline as modules [{title, lessons [{title, url, done, minutes}]}]. */
static struct val *outline_vals(struct req *r, const struct catalog_course *c,
                                const struct catalog_outline_module *mods, size_t nmods,
                                const struct catalog_reading *rd, bool linked, int64_t current)
{
    struct val *out = val_list(&r->arena);
    /* titles and links are the arena's already (catalog_outline): no copies, lesson by lesson */
    for (size_t i = 0; i < nmods; i++) {
        struct val *lessons = val_list(&r->arena);
        for (size_t j = 0; j < mods[i].nlessons; j++) {
            const struct catalog_outline_lesson *l = &mods[i].lessons[j];
            struct val *o = val_pack(&r->arena, "{s:o, s:b, s:b}", "title",
                                     val_str_ref(&r->arena, l->title), "done",
                                     rd && catalog_reading_has_done(rd, l->id), "current",
                                     l->id == current);
            if (linked)
                val_set(o, "url", val_str_ref(&r->arena, catalog_lesson_url(r, c->code, l->id)));
            if (l->minutes)
                val_set(o, "minutes", val_str_ref(&r->arena, view_int(r, l->minutes)));
            val_push(lessons, o);
        }
        val_push(out, val_pack(&r->arena, "{s:o, s:I, s:o}", "title",
                               val_str_ref(&r->arena, mods[i].title), "number",
                               (json_int_t)(i + 1), "lessons", lessons));
    }
    return out;
}

/* Where a learner should go next: the resume point, else the first lesson not done. */
static int64_t next_lesson(const struct catalog_outline_module *mods, size_t nmods,
                           const struct catalog_reading *rd)
{
    int64_t first = 0;
    if (rd->last_lesson_id)
        return rd->last_lesson_id;
    for (size_t i = 0; i < nmods; i++)
        for (size_t j = 0; j < mods[i].nlessons; j++) {
            if (!first)
                first = mods[i].lessons[j].id;
            if (!catalog_reading_has_done(rd, mods[i].lessons[j].id))
                return mods[i].lessons[j].id;
        }
    return first;
}

/*
 * The panels of the modules above this one (catalog.h), in their order, as
 * HTML strings; a panel with nothing to show is left out.
 */
static int panels_vals(struct req *r, const struct catalog_course_page *p, struct val **out)
{
    *out = val_list(&r->arena);
    for (const struct catalog_panel *const *panel = catalog_course_panels; *panel; panel++) {
        const char *html = "";
        int rc = (*panel)->show(r, p, &html);
        if (rc < 0)
            return rc;
        /* the panel's HTML is the arena's (view_part): no copy */
        if (*html)
            val_push(*out, val_str_ref(&r->arena, html));
    }
    return 0;
}

/* The course for a page, or 404 for a draft the reader may not manage. */
static int page_course(struct req *r, struct catalog_course *c, bool *manage)
{
    int rc = catalog_course_get(r->db, &r->arena, r->params[0], r->lang, c);
    if (rc < 0)
        return rc;
    if ((rc = catalog_may_manage(r, c, manage)) < 0)
        return rc;
    if (!streq(c->status, "published") && !*manage)
        return DARS_ENOTFOUND;
    return 0;
}

/* GET /courses/:code */
int catalog_course_page(struct req *r)
{
    struct catalog_course c;
    struct catalog_outline_module *mods;
    struct catalog_reading reading, *rd = NULL;
    size_t nmods;
    bool manage;
    struct val *ctx, *course, *programmes, *panels;
    int rc;

    if ((rc = page_course(r, &c, &manage)) < 0)
        return rc;
    if ((rc = catalog_outline(r->db, &r->arena, c.id, r->lang, &mods, &nmods)) < 0)
        return rc;
    if (r->user) {
        if ((rc = catalog_course_reader->get(r->db, &r->arena, r->user->id, c.id, &reading)) < 0)
            return rc;
        rd = &reading;
    }
    if ((rc = programme_cards(r, programme_of_course_sql,
                              (struct db_arg[]){ DB_TEXT(r->lang), DB_INT(c.id) }, 2,
                              &programmes)) < 0)
        return rc;
    bool may_read = manage || (rd && rd->may_read);
    struct catalog_course_page page = { &c, manage, may_read, rd,
                                        rd ? next_lesson(mods, nmods, rd) : 0 };
    if ((rc = panels_vals(r, &page, &panels)) < 0)
        return rc;
    course = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "code", c.code,
                      "title", c.title, "summary", c.summary, "language",
                      catalog_lang_name(c.language), "topic", catalog_topic_name(r->lang, c.topic),
                      "delivery", delivery_name(r->lang, c.delivery), "lessons",
                      view_int(r, c.lessons), "draft", !streq(c.status, "published"), "approval",
                      streq(c.enrol_mode, "approval"));
    if (*c.centre)
        val_set_str(course, "centre", c.centre);
    if (c.capacity)
        val_set_str(course, "capacity", view_int(r, c.capacity));
    if (c.cover_id)
        val_set_str(course, "cover_url",
                    arena_printf(&r->arena, "%s/files/%lld", catalog_course_url(r, c.code),
                                 (long long)c.cover_id));
    ctx = val_pack(&r->arena, "{s:s, s:o, s:o, s:b, s:o, s:b, s:o}", "title", c.title, "course",
                   course, "modules", outline_vals(r, &c, mods, nmods, rd, may_read, 0),
                   "has_modules", nmods > 0, "programmes", programmes, "has_programmes",
                   val_len(programmes) > 0, "panels", panels);
    if (manage) {
        const char *base = catalog_course_url(r, c.code);
        val_set(ctx, "manage",
                val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "edit_url",
                         arena_printf(&r->arena, "%s/edit", base), "learners_url",
                         arena_printf(&r->arena, "%s/learners", base), "requests_url",
                         arena_printf(&r->arena, "%s/requests", base), "people_url",
                         arena_printf(&r->arena, "%s/enrol-people", base), "quizzes_url",
                         arena_printf(&r->arena, "/admin%s/quizzes", base), "bank_url",
                         arena_printf(&r->arena, "/admin%s/questions", base), "gradebook_url",
                         arena_printf(&r->arena, "/admin%s/gradebook", base)));
    }
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", NULL);
    return view_page(r, "catalog_course", ctx);
}

/* The lesson's attachments as [{name, url, size, type}] (one statement). */
static int attachments_vals(struct req *r, const struct catalog_course *c, int64_t lesson_id,
                            struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, attachment_list_sql, DB_ARGS(DB_INT(lesson_id)));
    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t size = db_col_int(st, 3);
        val_push(*out,
                 val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:s}", "id",
                          (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1), "type",
                          db_col_text(st, 2), "url",
                          arena_printf(&r->arena, "%s/files/%lld", catalog_course_url(r, c->code),
                                       (long long)db_col_int(st, 0)),
                          "size",
                          size >= 1024 * 1024
                              ? arena_printf(&r->arena, "%s MB",
                                             view_int(r, (size + 512 * 1024) / (1024 * 1024)))
                              : arena_printf(&r->arena, "%s KB",
                                             view_int(r, (size + 1023) / 1024))));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /courses/:code/lessons/:id */
int catalog_lesson_page(struct req *r)
{
    struct catalog_course c;
    struct catalog_lesson l;
    struct catalog_outline_module *mods;
    struct catalog_reading rd;
    size_t nmods;
    bool manage;
    const char *html;
    int64_t lesson_id, prev = 0, next = 0;
    struct val *ctx, *files;
    const char *module_title = "";
    int rc;

    if (!api_is_id(r->params[1]))
        return DARS_ENOTFOUND;
    lesson_id = strtoll(r->params[1], NULL, 10);
    if ((rc = page_course(r, &c, &manage)) < 0)
        return rc;
    if ((rc = catalog_lesson_get(r->db, &r->arena, c.id, lesson_id, r->lang, &l)) < 0)
        return rc;
    if ((rc = catalog_course_reader->get(r->db, &r->arena, r->user->id, c.id, &rd)) < 0)
        return rc;
    bool enrolled = rd.may_read;
    if (!enrolled && !manage)
        return DARS_EDENIED;
    if ((rc = catalog_outline(r->db, &r->arena, c.id, r->lang, &mods, &nmods)) < 0)
        return rc;
    /* previous and next in reading order, and the module's title */
    int64_t last = 0;
    bool found = false;
    for (size_t i = 0; i < nmods && !next; i++)
        for (size_t j = 0; j < mods[i].nlessons; j++) {
            int64_t id = mods[i].lessons[j].id;
            if (found) {
                next = id;
                break;
            }
            if (id == lesson_id) {
                found = true;
                prev = last;
                module_title = mods[i].title;
            }
            last = id;
        }
    html = l.html; /* rendered when written (lesson_html.c) */
    if ((rc = attachments_vals(r, &c, l.id, &files)) < 0)
        return rc;
    if ((rc = catalog_course_reader->opened(r->db, &rd, r->user->id, c.id, l.id)) < 0)
        return rc;
    const char *base = catalog_lesson_url(r, c.code, l.id);
    /* the lesson's HTML is the arena's (catalog_lesson_get) and may be long: no copy */
    ctx = val_pack(&r->arena,
                   "{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:o, s:b, s:b, s:b, s:s, s:s, s:o}",
                   "title", l.title, "module", module_title, "course", "code", c.code, "title",
                   c.title, "url", catalog_course_url(r, c.code), "html",
                   val_str_ref(&r->arena, html), "files", files, "has_files", val_len(files) > 0,
                   "enrolled", enrolled, "done", enrolled && catalog_reading_has_done(&rd, l.id),
                   "done_url", arena_printf(&r->arena, "%s/done", base), "undone_url",
                   arena_printf(&r->arena, "%s/undone", base), "modules",
                   outline_vals(r, &c, mods, nmods, &rd, true, l.id));
    if (*l.video_url)
        val_set_str(ctx, "video_url", l.video_url);
    if (l.minutes)
        val_set_str(ctx, "minutes", view_int(r, l.minutes));
    if (prev)
        val_set_str(ctx, "prev_url", catalog_lesson_url(r, c.code, prev));
    if (next)
        val_set_str(ctx, "next_url", catalog_lesson_url(r, c.code, next));
    if (manage)
        val_set_str(ctx, "edit_url", arena_printf(&r->arena, "%s/edit", base));
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c.title, catalog_course_url(r, c.code),
                NULL);
    return view_page(r, "catalog_lesson", ctx);
}

/* GET /courses/:code/files/:id: a cover for anyone who may see the course, a lesson's file
 * for its learners and managers. */
int catalog_attachment_download(struct req *r)
{
    struct catalog_course c;
    struct db_stmt *st;
    bool manage;
    int64_t lesson_id;
    const char *name, *mime;
    const void *data;
    size_t len;
    int rc;

    if (!api_is_id(r->params[1]))
        return DARS_ENOTFOUND;
    if ((rc = page_course(r, &c, &manage)) < 0)
        return rc;
    rc = db_query_row(r->db, &st, attachment_get_sql,
                      DB_ARGS(DB_INT(api_id(r->params[1])), DB_INT(c.id)));
    if (rc < 0)
        return rc;
    lesson_id = db_col_int(st, 1);
    name = arena_strdup(&r->arena, db_col_text(st, 2));
    mime = arena_strdup(&r->arena, db_col_text(st, 3));
    data = db_col_blob(st, 6, &r->arena, &len);
    db_done(st);
    if (lesson_id && !manage) {
        struct catalog_reading rd;
        if (!r->user)
            return DARS_EAUTH;
        if ((rc = catalog_course_reader->get(r->db, &r->arena, r->user->id, c.id, &rd)) < 0)
            return rc;
        if (!rd.may_read)
            return DARS_EDENIED;
    }
    /* images show in the page; everything else is saved, never rendered by the browser */
    bool inline_ok = filetype_is_image(mime);
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "%s; filename=\"%s\"; filename*=UTF-8''%s",
                                 inline_ok ? "inline" : "attachment", name,
                                 url_encode(&r->arena, name)));
    http_add_header(r, "Cache-Control",
                    lesson_id ? "private, max-age=3600" : "public, max-age=3600");
    return http_send(r, 200, mime, data ? data : "", len);
}

/* GET /programmes/:code */
int catalog_programme_page(struct req *r)
{
    struct db_stmt *st;
    struct catalog_programme p;
    struct val *ctx, *courses;
    bool manage;
    int rc = catalog_programme_get(r->db, &r->arena, r->params[0], r->lang, &p);

    if (rc < 0)
        return rc;
    /* a draft is shown to those who manage it (issue 11) */
    if (!streq(p.status, "published")) {
        if ((rc = catalog_programme_may_manage(r, &p, &manage)) < 0)
            return rc;
        if (!manage)
            return DARS_ENOTFOUND;
    }
    if ((rc = db_query(r->db, &st, programme_courses_sql,
                       DB_ARGS(DB_TEXT(r->lang), DB_INT(p.id), DB_INT(0), DB_INT(0), DB_INT(0),
                               DB_INT(0)))) < 0)
        return rc;
    courses = val_list(&r->arena);
    int n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *ccode = db_col_text(st, 1);
        val_push(courses, val_pack(&r->arena, "{s:i, s:s, s:s, s:s}", "number", ++n, "title",
                                   db_col_text(st, 2), "summary", db_col_text(st, 3), "url",
                                   catalog_course_url(r, ccode)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:b}", "title", p.title, "summary", p.summary,
                   "courses", courses, "has_courses", val_len(courses) > 0);
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", NULL);
    return view_page(r, "catalog_programme", ctx);
}
