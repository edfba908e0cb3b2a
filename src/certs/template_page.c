/*
 * The certificate template's admin page of a course or a programme, for
 * those who manage it (the same page and code for both; only the owner
 * differs): the text with its placeholders, the colour, up to three logos (PNG),
 * up to two signatories and an optional second language. "Preview PDF"
 * draws what is typed on sample data (cert_sample) without saving it, so a
 * manager sees the certificate before any learner gets one. Issued PDFs are
 * kept as drawn, so saving changes only those issued afterwards.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/filetype.h"
#include "core/url.h"
#include "core/i18n.h"
#include "core/time.h"
#include "core/val.h"
#include "db/db.h"
#include "http/http.h"
#include "view/form.h"
#include "view/view.h"

#include <string.h>

#define BODY_MAX 2000     /* characters of each language's text */
#define LINE_MAX_CHARS 200 /* a signatory's name or position */
#define LOGO_MAX (1024 * 1024)

/* Whose template the page edits: a course's or a programme's. */
struct owner {
    bool programme;
    int64_t id;
    const char *code, *title;
    const char *language; /* the preview's */
    const char *url;      /* this page */
    const char *back_url; /* the course's or programme's admin page */
    const char *zip_url;  /* all its certificates; NULL: none (programmes) */
};

/*
 * The owner of the URL, which the user must manage: DARS_ENOTFOUND when
 * there is none, DARS_EDENIED (403) when they may not.
 */
static int owner_of(struct req *r, bool programme, struct owner *o)
{
    int rc;
    if (programme) {
        struct catalog_programme_ref p;
        if ((rc = catalog_programme_managed(r, r->params[0], &p)) < 0)
            return rc;
        const char *code = url_encode(&r->arena, p.code);
        *o = (struct owner){
            .programme = true, .id = p.id, .code = p.code, .title = p.title,
            .language = r->lang,
            .url = arena_printf(&r->arena, "/admin/programmes/%s/certificate", code),
            .back_url = arena_printf(&r->arena, "/admin/programmes/%s", code),
        };
        return 0;
    }
    struct catalog_course co;
    if ((rc = catalog_course_managed(r, r->params[0], &co)) < 0)
        return rc;
    *o = (struct owner){
        .id = co.id, .code = co.code, .title = co.title, .language = co.language,
        .url = arena_printf(&r->arena, "/admin/courses/%s/certificate", co.code),
        .back_url = arena_printf(&r->arena, "/courses/%s/edit", co.code),
        .zip_url = arena_printf(&r->arena, "/admin/courses/%s/certificates.zip", co.code),
    };
    return 0;
}

static const char *const sig_fields[4] = { "signatory1_name", "signatory1_position",
                                           "signatory2_name", "signatory2_position" };

/* "#1d70b8": the colour as the form's colour input sends it */
static bool colour_ok(const char *s)
{
    if (strlen(s) != 7 || s[0] != '#')
        return false;
    return strspn(s + 1, "0123456789abcdefABCDEF") == 6;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A text field as stored (trimmed, NFC), at most max characters. */
static const char *text_field(struct req *r, const char *name, size_t max, json_t *errors)
{
    const char *v = form_text_norm(&r->arena, form_value(r, name));
    if (!v) {
        form_error(errors, name, N_("This text is not valid UTF-8"));
        return "";
    }
    if (chars(v) > max)
        form_error(errors, name, N_("This text is too long"));
    return v;
}

/*
 * Read the form into t: the typed text, and the logos uploaded now (those
 * not uploaded again keep the saved ones, which t holds already). Errors by
 * field; the typed values go back to the form through typed.
 */
static void read_form(struct req *r, struct cert_template *t, json_t *errors, struct val *typed)
{
    t->body = text_field(r, "body", BODY_MAX, errors);
    t->body_second = text_field(r, "body_second", BODY_MAX, errors);
    const char *lang2 = form_value(r, "second_language");
    t->second_language = NULL;
    if (*lang2) {
        t->second_language = i18n_lang_known(lang2);
        if (!t->second_language)
            form_error(errors, "second_language", N_("Choose a language from the list"));
    }
    t->colour = form_value(r, "colour");
    if (!colour_ok(t->colour))
        form_error(errors, "colour", N_("Give the colour as # and six hexadecimal digits"));
    for (int i = 0; i < 2; i++) {
        t->signatory_name[i] = text_field(r, sig_fields[2 * i], LINE_MAX_CHARS, errors);
        t->signatory_position[i] = text_field(r, sig_fields[2 * i + 1], LINE_MAX_CHARS, errors);
        if (!*t->signatory_name[i] && *t->signatory_position[i])
            form_error(errors, sig_fields[2 * i], N_("Give the signatory's name"));
    }
    for (int i = 0; i < 3; i++) {
        const char *name = arena_printf(&r->arena, "logo%d", i + 1);
        const struct form_field *f = http_form_field(r, name);
        const char *mime;
        if (!f || !f->filename || !f->len)
            continue; /* none chosen: the saved one stays */
        if (f->len > LOGO_MAX)
            form_error(errors, name, N_("The logo must be at most 1 MB"));
        else if (filetype_sniff(f->value, f->len, &mime) < 0 || !streq(mime, "image/png"))
            form_error(errors, name, N_("The logo must be a PNG image"));
        else {
            t->logo[i] = (const unsigned char *)f->value;
            t->logo_len[i] = f->len;
        }
    }
    val_set_str(typed, "body", t->body);
    val_set_str(typed, "body_second", t->body_second);
    val_set_str(typed, "second_language", lang2);
    val_set_str(typed, "colour", t->colour);
    for (int i = 0; i < 2; i++) {
        val_set_str(typed, sig_fields[2 * i], t->signatory_name[i]);
        val_set_str(typed, sig_fields[2 * i + 1], t->signatory_position[i]);
    }
}

/* The saved template as the form's values. */
static struct val *saved_values(struct req *r, const struct cert_template *t)
{
    struct val *v = val_object(&r->arena);
    val_set_str(v, "body", t->body ? t->body : "");
    val_set_str(v, "body_second", t->body_second ? t->body_second : "");
    val_set_str(v, "second_language", t->second_language ? t->second_language : "");
    val_set_str(v, "colour", t->colour);
    for (int i = 0; i < 2; i++) {
        val_set_str(v, sig_fields[2 * i], t->signatory_name[i] ? t->signatory_name[i] : "");
        val_set_str(v, sig_fields[2 * i + 1],
                    t->signatory_position[i] ? t->signatory_position[i] : "");
    }
    return v;
}

static int form_page(struct req *r, int status, const struct owner *o,
                     const struct cert_template *saved, struct val *values, json_t *errors)
{
    const char *lang2 = val_get_str(values, "second_language");
    struct val *ctx = val_pack(&r->arena, "{s:s, s:o, s:s, s:o}", "title",
                               _(r->lang, "Certificate template"), "subject",
                               val_str(&r->arena, o->title), "url", o->url, "form", values);
    if (o->zip_url)
        val_set_str(ctx, "zip_url", o->zip_url);
    struct val *langs = val_list(&r->arena);
    for (size_t i = 0; i < i18n_nlangs; i++)
        val_push(langs, val_pack(&r->arena, "{s:s, s:s, s:b}", "code", i18n_langs[i], "name",
                                 i18n_lang_name(i18n_langs[i]),
                                 "selected", lang2 && streq(lang2, i18n_langs[i])));
    val_set(ctx, "languages", langs);
    struct val *logos = val_list(&r->arena);
    static const char *const logo_names[3] = { N_("Left logo (ministry)"),
                                               N_("Middle logo (centre)"),
                                               N_("Right logo (donor)") };
    for (int i = 0; i < 3; i++) {
        struct val *l = val_pack(&r->arena, "{s:s, s:s, s:b}", "name",
                                 arena_printf(&r->arena, "logo%d", i + 1), "label",
                                 _(r->lang, logo_names[i]), "saved",
                                 saved->logo[i] && saved->logo_len[i]);
        json_t *e = errors ? json_object_get(errors, val_get_str(l, "name")) : NULL;
        if (e)
            val_set_str(l, "error", _(r->lang, json_string_value(e)));
        val_push(logos, l);
    }
    val_set(ctx, "logos", logos);
    form_crumbs(r, ctx, o->title, o->back_url, NULL);
    if (errors)
        view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "certs_template", ctx);
}

/* The owner's saved template (or the built-in look) by its code. */
static int saved_of(struct req *r, const struct owner *o, struct cert_template *t)
{
    struct cert c = { 0 };
    if (o->programme)
        c.programme = o->code;
    else
        c.course = o->code;
    return cert_template_of(r->db, &r->arena, &c, t);
}

static int show(struct req *r, bool programme)
{
    struct owner o;
    struct cert_template t;
    int rc = owner_of(r, programme, &o);
    if (rc < 0 || (rc = saved_of(r, &o, &t)) < 0)
        return rc;
    return form_page(r, 200, &o, &t, saved_values(r, &t), NULL);
}

/* GET /admin/courses/:code/certificate */
int certs_template_page(struct req *r)
{
    return show(r, false);
}

/* GET /admin/programmes/:code/certificate */
int certs_programme_template_page(struct req *r)
{
    return show(r, true);
}

static int preview(struct req *r, const struct owner *o, const struct cert_template *t)
{
    struct cert sample;
    unsigned char *pdf;
    size_t len;
    int rc;
    cert_sample(&r->arena, o->title, o->language, &sample);
    rc = cert_pdf_draw(&r->arena, &sample, t,
                       cert_verify_url(&r->arena, http_site_url(r), sample.code), &pdf, &len);
    if (rc < 0)
        return rc;
    http_add_header(r, "Content-Disposition", "inline; filename=\"certificate-preview.pdf\"");
    http_add_header(r, "Cache-Control", "private, no-store");
    return http_send(r, 200, "application/pdf", (const char *)pdf, len);
}

int cert_template_store(struct db *db, struct arena *a, const struct actor *who, bool programme,
                        int64_t owner_id, const struct cert_template *old,
                        const struct cert_template *t)
{
    char now[TIME_ISO_LEN];
    json_t *changes = json_object();
    int64_t id = 0;
    int rc;
    time_now_iso(now);
    audit_diff(changes, "body", old->body, t->body);
    audit_diff(changes, "second_language", old->second_language, t->second_language);
    audit_diff(changes, "body_second", old->body_second, t->body_second);
    audit_diff(changes, "colour", old->colour, t->colour);
    for (int i = 0; i < 2; i++) {
        audit_diff(changes, sig_fields[2 * i], old->signatory_name[i], t->signatory_name[i]);
        audit_diff(changes, sig_fields[2 * i + 1], old->signatory_position[i],
                     t->signatory_position[i]);
    }
    for (int i = 0; i < 3; i++)
        if (t->logo[i] != old->logo[i])
            audit_after(changes, arena_printf(a, "logo%d", i + 1),
                        arena_printf(a, "%zu bytes", t->logo_len[i]));
#define LOGO(i) (t->logo[i] != old->logo[i] ? DB_BLOB(t->logo[i], t->logo_len[i]) : DB_NULL)
    /* both upserts take the owner's id first, then the same columns */
    rc = db_exec(db, programme ? cert_template_upsert_programme_sql : cert_template_upsert_course_sql,
                 DB_ARGS(DB_INT(owner_id), DB_TEXT(t->body), DB_TEXT(t->second_language),
                         DB_TEXT(t->body_second), DB_TEXT(t->colour),
                         DB_TEXT(t->signatory_name[0]), DB_TEXT(t->signatory_position[0]),
                         DB_TEXT(t->signatory_name[1]), DB_TEXT(t->signatory_position[1]),
                         LOGO(0), LOGO(1), LOGO(2), DB_TEXT(now), DB_TEXT(now)));
#undef LOGO
    if (rc >= 0)
        rc = db_query_int(db,
                          programme ? cert_template_id_programme_sql : cert_template_id_course_sql,
                          DB_ARGS(DB_INT(owner_id)), &id);
    if (rc >= 0)
        rc = audit_record_id(db, who, old->id ? "certificate_template.update"
                                              : "certificate_template.create",
                             "certificate_template", id, changes);
    json_decref(changes);
    return rc < 0 ? rc : 0;
}

static int save(struct req *r, const struct owner *o, const struct cert_template *old,
                const struct cert_template *t)
{
    struct actor who = accounts_actor(r);
    int rc;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = cert_template_store(r->db, &r->arena, &who, o->programme, o->id, old, t);
    if ((rc = db_tx_end(r->db, rc)) < 0)
        return rc;
    view_flash(r, N_("The certificate template has been saved"));
    return http_redirect(r, o->url);
}

/* action=preview draws, anything else saves */
static int submit(struct req *r, bool programme)
{
    struct owner o;
    struct cert_template old, t;
    int rc = owner_of(r, programme, &o);
    if (rc < 0 || (rc = saved_of(r, &o, &old)) < 0)
        return rc;
    t = old;
    json_t *errors = json_object();
    struct val *typed = val_object(&r->arena);
    read_form(r, &t, errors, typed);
    if (json_object_size(errors))
        rc = form_page(r, 422, &o, &old, typed, errors);
    else if (streq(form_value(r, "action"), "preview"))
        rc = preview(r, &o, &t);
    else
        rc = save(r, &o, &old, &t);
    json_decref(errors);
    return rc;
}

/* POST /admin/courses/:code/certificate */
int certs_template_submit(struct req *r)
{
    return submit(r, false);
}

/* POST /admin/programmes/:code/certificate */
int certs_programme_template_submit(struct req *r)
{
    return submit(r, true);
}
