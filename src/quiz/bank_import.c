/*
 * Importing GIFT into a course's bank from its page: a file or pasted text,
 * then a preview (how many questions of each type and category, every
 * question, every error by line), and nothing is written until the author
 * confirms. App nodes are stateless, so the confirmation form carries the
 * text itself (base64, so that no browser rewrites its line ends) and the
 * import reads it again (quiz_gift_read, then all or nothing).
 */
#include "core/base.h"
#include "quiz/bank_int.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <sodium.h>

/* The upload page; errors (may be NULL) for the file and the text. */
static int upload_form(struct req *r, int status, const struct catalog_course *c,
                       const char *pasted, json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s}", "title",
                               _(r->lang, "Import questions in GIFT format"), "course",
                               c->own_title, "action",
                               arena_printf(&r->arena, "%s/import", bank_url(r, c)), "gift",
                               pasted ? pasted : "", "back_url", bank_url(r, c));
    view_form_errors(r, ctx, errors);
    bank_crumbs(r, ctx, c, false);
    return view_page_status(r, status, "quiz_bank_import", ctx);
}

static int upload_error(struct req *r, const struct catalog_course *c, const char *pasted,
                        const char *field, const char *msgid)
{
    json_t *errors = json_pack("{s:s}", field, msgid);
    int rc = upload_form(r, 422, c, pasted, errors);
    json_decref(errors);
    return rc;
}

/* GET /admin/courses/:code/questions/import */
int quiz_bank_import_page(struct req *r)
{
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);
    if (rc < 0)
        return rc;
    return upload_form(r, 200, &c, NULL, NULL);
}

/* What a question's answers say, one line each ("50% Paris", "3.14 ± 0.01", "a → b"). */
static struct val *answers_list(struct req *r, const struct quiz_question *q)
{
    struct val *out = val_list(&r->arena);
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *x = &q->answers[i];
        const char *what;
        if (streq(q->type, "matching"))
            what = arena_printf(&r->arena, "%s → %s", x->text ? x->text : "",
                                x->match ? x->match : "");
        else if (streq(q->type, "numerical"))
            what = arena_printf(&r->arena, "%.7g%%: %.15g ± %.15g",
                                x->fraction * 100.0 / QUIZ_UNIT, x->value, x->tolerance);
        else if (streq(q->type, "truefalse"))
            what = arena_printf(&r->arena, "%.7g%%: %s", x->fraction * 100.0 / QUIZ_UNIT,
                                streq(x->text, "true") ? _(r->lang, "True") : _(r->lang, "False"));
        else
            what = arena_printf(&r->arena, "%.7g%%: %s", x->fraction * 100.0 / QUIZ_UNIT,
                                x->text ? x->text : "");
        val_push(out, val_str_ref(&r->arena, what));
    }
    return out;
}

/* Add one to the count of key in counts (a list of {key, label, n}). */
static void count_in(struct req *r, struct val *counts, const char *key, const char *label)
{
    for (size_t i = 0; i < val_len(counts); i++) {
        struct val *v = val_at(counts, i);
        if (streq(val_get_str(v, "key"), key)) {
            val_set_int(v, "n", val_get(v, "n")->u.i + 1);
            return;
        }
    }
    val_push(counts, val_pack(&r->arena, "{s:s, s:s, s:i}", "key", key, "label", label, "n", 1));
}

/* Counts as the page shows them: numbers in the reader's language. */
static struct val *counts_shown(struct req *r, struct val *counts)
{
    for (size_t i = 0; i < val_len(counts); i++) {
        struct val *v = val_at(counts, i);
        val_set(v, "count", val_str_ref(&r->arena, view_int(r, val_get(v, "n")->u.i)));
    }
    return counts;
}

/*
 * The preview of GIFT text (len bytes at src), read by quiz_gift_read():
 * status 200 with a confirm button, or 422 with the errors and none.
 */
static int preview(struct req *r, const struct catalog_course *c, const char *src, size_t len,
                   const struct gift_question *gq, const struct quiz_question *qs, size_t nq,
                   const struct gift_error *errs, size_t nerr)
{
    struct val *errors = val_list(&r->arena);
    for (size_t i = 0; i < nerr; i++)
        val_push(errors, val_pack(&r->arena, "{s:i, s:s}", "line", errs[i].line, "message",
                                  _(r->lang, errs[i].reason)));
    struct val *rows = val_list(&r->arena), *types = val_list(&r->arena),
               *cats = val_list(&r->arena);
    for (size_t i = 0; i < nq; i++) {
        const struct quiz_question *q = &qs[i];
        const char *type = _(r->lang, quiz_type_label(q->type));
        const char *cat = bank_category_label(r, q->category);
        count_in(r, types, q->type, type);
        count_in(r, cats, q->category ? q->category : "", cat);
        val_push(rows, val_pack(&r->arena, "{s:i, s:s, s:s, s:s, s:o, s:b}", "line", gq[i].line,
                                "type", type, "category", cat, "label",
                                bank_question_label(&r->arena, q), "answers",
                                answers_list(r, q), "has_answers", q->nanswers > 0));
    }
    size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(&r->arena, b64len);
    sodium_bin2base64(b64, b64len, (const unsigned char *)src, len,
                      sodium_base64_VARIANT_ORIGINAL);
    bool ok = val_len(errors) == 0;
    /* the text can be megabytes: b64 is the arena's already, not copied */
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:b, s:b, s:s, s:s, s:o, s:s, s:s}",
        "title", _(r->lang, "Check the questions"), "course", c->own_title, "rows", rows,
        "types", counts_shown(r, types), "categories", counts_shown(r, cats), "errors_list",
        errors, "has_errors", !ok, "can_import", ok && nq > 0, "one", nq == 1, "count",
        view_int(r, (int64_t)nq), "nerrors", view_int(r, (int64_t)val_len(errors)), "gift",
        val_str_ref(&r->arena, b64), "action",
        arena_printf(&r->arena, "%s/import/confirm", bank_url(r, c)), "again_url",
        arena_printf(&r->arena, "%s/import", bank_url(r, c)));
    val_set_str(ctx, "back_url", bank_url(r, c));
    val_set_bool(ctx, "has_rows", nq > 0);
    bank_crumbs(r, ctx, c, false);
    return view_page_status(r, ok ? 200 : 422, "quiz_bank_import_preview", ctx);
}

/* GIFT text without a UTF-8 byte order mark, which some editors write. */
static void strip_bom(const char **s, size_t *len)
{
    if (*len >= 3 && !memcmp(*s, "\xEF\xBB\xBF", 3)) {
        *s += 3;
        *len -= 3;
    }
}

/* POST /admin/courses/:code/questions/import (multipart: file, or the text in gift) */
int quiz_bank_import_preview(struct req *r)
{
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    const struct form_field *file = http_form_field(r, "file");
    const struct form_field *pasted = http_form_field(r, "gift");
    const char *src = NULL;
    size_t len = 0;
    if (file && file->filename && file->len) {
        src = file->value;
        len = file->len;
    } else if (pasted && pasted->len) {
        src = pasted->value;
        len = pasted->len;
    }
    /* the pasted text comes back in its box when something is wrong */
    const char *again = pasted && pasted->len < QUIZ_IMPORT_MAX_BYTES ? form_value(r, "gift")
                                                                       : NULL;
    if (!src)
        return upload_error(r, &c, again, "file", N_("Choose a GIFT file or paste the questions"));
    if (len > QUIZ_IMPORT_MAX_BYTES)
        return upload_error(r, &c, NULL, "file", N_("The file is larger than 4 MB"));
    strip_bom(&src, &len);
    struct gift_question *gq;
    struct quiz_question *qs;
    struct gift_error *errs;
    size_t nq, nerr;
    quiz_gift_read(&r->arena, src, len, &gq, &qs, &nq, &errs, &nerr);
    /* a blank or comment-only text is a mistake worth saying so at the form */
    if (!nq && !nerr)
        return upload_error(r, &c, again, "file", N_("There are no questions in this text"));
    return preview(r, &c, src, len, gq, qs, nq, errs, nerr);
}

/* POST /admin/courses/:code/questions/import/confirm (field gift: the text, base64) */
int quiz_bank_import_confirm(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct gift_error *errs = NULL;
    size_t nerr = 0, imported = 0, dlen = 0;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    const char *b64 = form_value(r, "gift");
    size_t n = strlen(b64);
    char *src = arena_alloc(&r->arena, n / 4 * 3 + 4);
    if (!n || n / 4 * 3 > QUIZ_IMPORT_MAX_BYTES + 3 ||
        sodium_base642bin((unsigned char *)src, n / 4 * 3 + 4, b64, n, NULL, &dlen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return upload_error(r, &c, NULL, "file", N_("Choose a GIFT file or paste the questions"));
    src[dlen] = '\0';
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = db_tx_end(r->db, quiz_import_gift(r->db, &r->arena, &who, c.id, src, dlen, &errs, &nerr,
                                           &imported));
    /* the file's own errors: show them again, nothing was written */
    if (rc == DARS_EINVALID) {
        struct gift_question *gq;
        struct quiz_question *qs;
        size_t nq;
        quiz_gift_read(&r->arena, src, dlen, &gq, &qs, &nq, &errs, &nerr);
        return preview(r, &c, src, dlen, gq, qs, nq, errs, nerr);
    }
    if (rc < 0)
        return rc;
    view_flash(r, imported == 1
                      ? _(r->lang, "1 question imported")
                      : i18n_fill(&r->arena, _(r->lang, "{count} questions imported"), "{count}",
                                  view_int(r, (int64_t)imported)));
    return http_redirect(r, bank_url(r, &c));
}
