/*
 * The question bank of a course as its instructors see it: the list grouped
 * by category (one category at a time when filtered, a page at a time),
 * deleting a question after a confirmation, and the GIFT export. Also the
 * helpers the other bank*.c files share (bank_int.h).
 */
#include "core/base.h"
#include "quiz/bank_int.h"
#include "http/api.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

/* characters of a question's text shown where it has no name */
#define LABEL_CHARS 80

static int by_category(const void *x, const void *y)
{
    const struct quiz_question *a = x, *b = y;
    int c = strcmp(a->category, b->category);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

const char *bank_url(struct req *r, const struct catalog_course *c)
{
    return arena_printf(&r->arena, "/admin/courses/%s/questions",
                        url_encode(&r->arena, c->code));
}

void bank_crumbs(struct req *r, struct val *ctx, const struct catalog_course *c, bool here)
{
    const char *edit = arena_printf(&r->arena, "/courses/%s/edit",
                                    url_encode(&r->arena, c->code));
    if (here)
        form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", c->own_title, edit,
                    NULL);
    else
        form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", c->own_title, edit,
                    _(r->lang, "Question bank"), bank_url(r, c), NULL);
}

const char *bank_question_label(struct arena *a, const struct quiz_question *q)
{
    if (q->name && *q->name)
        return q->name;
    const char *t = q->text ? q->text : "";
    size_t n = 0, chars = 0;
    /* whole UTF-8 characters only: stop before a lead byte once enough are taken */
    while (t[n]) {
        if (((unsigned char)t[n] & 0xC0) != 0x80 && chars++ == LABEL_CHARS)
            break;
        n++;
    }
    if (!t[n])
        return t;
    return arena_printf(a, "%.*s…", (int)n, t);
}

const char *bank_category_label(struct req *r, const char *path)
{
    return path && *path ? path : _(r->lang, "Top category");
}

/* The ?category= filter: NULL for the whole bank. */
static const char *category_arg(struct req *r)
{
    const char *c = http_query(r, "category");
    return c && *c && utf8_is_valid(c, strlen(c)) ? c : NULL;
}

static const char *list_url(struct req *r, const struct catalog_course *c, const char *category,
                            int64_t after, int64_t page)
{
    struct buf b = BUF_INIT;
    char sep = '?';
    buf_adds(&b, bank_url(r, c));
    if (category) {
        buf_addf(&b, "%ccategory=%s", sep, url_encode(&r->arena, category));
        sep = '&';
    }
    if (after)
        buf_addf(&b, "%cafter=%lld&page=%lld", sep, (long long)after, (long long)page);
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

/* The filter's choices: every category with its count, the current one selected. */
static struct val *category_options(struct req *r, const struct catalog_course *c,
                                    const struct quiz_category *cats, size_t ncats,
                                    const char *current, int64_t *total)
{
    struct val *out = val_list(&r->arena);
    *total = 0;
    for (size_t i = 0; i < ncats; i++) {
        *total += cats[i].questions;
        val_push(out, val_pack(&r->arena, "{s:s, s:s, s:s, s:b, s:b, s:s}", "path",
                               cats[i].path, "label", bank_category_label(r, cats[i].path),
                               "count", view_int(r, cats[i].questions), "selected",
                               current && streq(current, cats[i].path), "top", !*cats[i].path,
                               "url", list_url(r, c, cats[i].path, 0, 1)));
    }
    return out;
}

/* One row of the list. */
static struct val *question_row(struct req *r, const char *base, const struct quiz_question *q)
{
    const char *url = arena_printf(&r->arena, "%s/%lld", base, (long long)q->id);
    bool has_answers = !streq(q->type, "essay") && !streq(q->type, "description");
    return val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)q->id,
                    "label", bank_question_label(&r->arena, q), "type",
                    _(r->lang, quiz_type_label(q->type)), "answers",
                    view_int(r, (int64_t)q->nanswers), "edit_url", url, "delete_url",
                    arena_printf(&r->arena, "%s/delete", url), "has_answers", has_answers);
}

/* GET /admin/courses/:code/questions (?category=, ?after=, ?page=) */
int quiz_bank_list_page(struct req *r)
{
    struct catalog_course c;
    struct quiz_category *cats = NULL;
    struct quiz_question *qs = NULL;
    size_t ncats = 0, nq = 0;
    int64_t total = 0;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    const char *category = category_arg(r);
    int64_t after = http_query_int(r, "after", 0, 0, INT64_MAX);
    int64_t page = after ? http_query_int(r, "page", 2, 2, 1000000) : 1;
    if ((rc = quiz_categories(r->db, &r->arena, c.id, &cats, &ncats)) < 0 ||
        (rc = quiz_question_list(r->db, &r->arena, c.id, category, after, QUIZ_PAGE_SIZE + 1,
                                 &qs, &nq)) < 0)
        return rc;
    bool more = nq > QUIZ_PAGE_SIZE;
    if (more)
        nq = QUIZ_PAGE_SIZE;
    /* pages follow ids (keyset); within a page the questions are grouped by category */
    int64_t last_id = nq ? qs[nq - 1].id : 0;
    if (nq) /* qs is NULL when the bank has none */
        qsort(qs, nq, sizeof(*qs), by_category);

    const char *base = bank_url(r, &c);
    /* sorted by category: a group starts where the category changes */
    struct val *groups = val_list(&r->arena), *questions = NULL;
    const char *group_path = NULL;
    for (size_t i = 0; i < nq; i++) {
        if (!questions || !streq(group_path, qs[i].category)) {
            group_path = qs[i].category;
            questions = val_list(&r->arena);
            val_push(groups, val_pack(&r->arena, "{s:s, s:s, s:o}", "path", qs[i].category,
                                      "label", bank_category_label(r, qs[i].category),
                                      "questions", questions));
        }
        val_push(questions, question_row(r, base, &qs[i]));
    }
    struct val *options = category_options(r, &c, cats, ncats, category, &total);
    const char *export_url = arena_printf(&r->arena, "%s/export.gift", base);
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
        "title", _(r->lang, "Question bank"), "course", c.own_title, "url", base, "groups",
        groups, "categories", options, "has_questions", nq > 0, "empty_bank", total == 0,
        "total", view_int(r, total), "new_url", arena_printf(&r->arena, "%s/new", base),
        "import_url", arena_printf(&r->arena, "%s/import", base), "export_url", export_url,
        "quizzes_url",
        arena_printf(&r->arena, "/admin/courses/%s/quizzes", url_encode(&r->arena, c.code)),
        "edit_url", arena_printf(&r->arena, "/courses/%s/edit", url_encode(&r->arena, c.code)),
        "all_url", base);
    val_set_bool(ctx, "one_total", total == 1);
    if (category) {
        val_set_str(ctx, "category", category);
        val_set_str(ctx, "category_label", bank_category_label(r, category));
        val_set_str(ctx, "export_category_url",
                    arena_printf(&r->arena, "%s?category=%s", export_url,
                                 url_encode(&r->arena, category)));
    }
    /* keyset pages: the next page starts after the last question shown */
    if (more || page > 1) {
        struct val *pager = val_pack(&r->arena, "{s:I, s:s}", "page", (json_int_t)page,
                                     "page_str", view_int(r, page));
        if (more)
            val_set_str(pager, "next_url", list_url(r, &c, category, last_id, page + 1));
        if (page > 1)
            val_set_str(pager, "first_url", list_url(r, &c, category, 0, 1));
        val_set(ctx, "pager", pager);
    }
    bank_crumbs(r, ctx, &c, true);
    return view_page(r, "quiz_bank_list", ctx);
}

int bank_question(struct req *r, struct catalog_course *c, struct quiz_question *q)
{
    int64_t id;
    int rc = catalog_course_managed(r, r->params[0], c);
    if (rc < 0)
        return rc;
    if (!(id = api_id(r->params[1])))
        return DARS_ENOTFOUND;
    return quiz_question_get(r->db, &r->arena, c->id, id, q);
}

/* GET /admin/courses/:code/questions/:id/delete: the confirmation */
int quiz_bank_delete_page(struct req *r)
{
    struct catalog_course c;
    struct quiz_question q;
    int rc = bank_question(r, &c, &q);

    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s}", "title",
                               _(r->lang, "Delete a question"), "name",
                               bank_question_label(&r->arena, &q), "type",
                               _(r->lang, quiz_type_label(q.type)), "action", r->path,
                               "back_url", bank_url(r, &c));
    bank_crumbs(r, ctx, &c, false);
    return view_page(r, "quiz_bank_delete", ctx);
}

/* POST /admin/courses/:code/questions/:id/delete */
int quiz_bank_delete_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz_question q;
    int rc = bank_question(r, &c, &q);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, quiz_question_delete(r->db, &r->arena, &who, &q))) < 0)
        return rc;
    view_flash(r, N_("The question has been deleted"));
    return http_redirect(r, bank_url(r, &c));
}

/* GET /admin/courses/:code/questions/export.gift (?category=) */
int quiz_bank_export(struct req *r)
{
    struct catalog_course c;
    struct buf out = BUF_INIT;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if ((rc = quiz_export_gift(r->db, &r->arena, c.id, category_arg(r), &out)) < 0)
        goto out;
    /* course codes are letters, digits and dashes: safe inside the quotes */
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"%s-questions.gift\"", c.code));
    rc = http_send(r, 200, "text/plain; charset=utf-8", out.ptr, out.len);
out:
    buf_release(&out);
    return rc;
}
