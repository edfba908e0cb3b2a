/*
 * Links sent by e-mail: an invitation (14 days), a password reset (1 hour) and
 * the address check of a registration (24 hours).
 * A token is 32 random bytes, shown once in the e-mail and stored only as its
 * digest; sending again replaces the person's old link of that kind. Using a
 * link is a conditional UPDATE inside the caller's transaction, so it works
 * once even when two requests race. The e-mails have a plain-text and an HTML
 * part, in the person's language, open with Dars's own words, and carry no
 * tracking: no images, no remote content, the link as it is.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/time.h"
#include "db/db.h"
#include "mail/mail.h"
#include "core/i18n.h"

#include <sodium.h>

#define LINK_TOKEN_BYTES 32

static int64_t link_seconds(const char *kind)
{
    if (streq(kind, "invitation"))
        return ACCOUNTS_INVITATION_SECONDS;
    return streq(kind, "address") ? ACCOUNTS_ADDRESS_SECONDS : ACCOUNTS_RESET_SECONDS;
}

int accounts_link_issue(struct db *db, struct arena *a, int64_t user_id, const char *kind,
                        const char **token)
{
    char hash[ACCOUNTS_DIGEST_HEX], now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
    char *t = accounts_random_token(a, LINK_TOKEN_BYTES);

    accounts_digest(t, hash);
    time_now_iso(now);
    time_iso_offset(expires, link_seconds(kind));
    int rc = db_exec(db, link_upsert_sql,
                     DB_ARGS(DB_INT(user_id), DB_TEXT(kind), DB_TEXT(hash), DB_TEXT(expires),
                             DB_TEXT(now), DB_TEXT(now)));
    if (rc == 0)
        *token = t;
    return rc;
}

int accounts_link_find(struct db *db, struct arena *a, const char *kind, const char *token,
                       struct link_row *out)
{
    char hash[ACCOUNTS_DIGEST_HEX], now[TIME_ISO_LEN];
    struct db_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    out->state = LINK_UNKNOWN;
    accounts_digest(token ? token : "", hash);
    if ((rc = db_query_row(db, &st, link_find_sql, DB_ARGS(DB_TEXT(hash), DB_TEXT(kind)))) < 0)
        return rc == DARS_ENOTFOUND ? 0 : rc;
    /* the database found it by digest; check it again without a timing leak */
    bool same = strlen(db_col_text(st, 1)) == ACCOUNTS_DIGEST_HEX - 1 &&
                sodium_memcmp(db_col_text(st, 1), hash, ACCOUNTS_DIGEST_HEX - 1) == 0;
    out->user_id = db_col_int(st, 0);
    out->expires_at = arena_strdup(a, db_col_text(st, 2));
    out->used_at = arena_strdup(a, db_col_text(st, 3));
    out->email = arena_strdup(a, db_col_text(st, 4));
    out->full_name = arena_strdup(a, db_col_text(st, 5));
    out->language = arena_strdup(a, db_col_text(st, 6));
    out->status = arena_strdup(a, db_col_text(st, 7));
    const char *reason = out->pending_reason = arena_strdup(a, db_col_text(st, 8));
    db_done(st);
    time_now_iso(now);
    /* an invitation is for a person an admin added and an address check for one who
     * registered, both pending; a reset for an active one: a suspended person's link
     * does nothing */
    const char *wanted = streq(kind, "reset") ? "active" : "pending";
    bool reason_ok = streq(kind, "reset") ||
                     (streq(kind, "address") ? streq(reason, "address")
                                             : !*reason || streq(reason, "invitation"));
    if (!same)
        out->state = LINK_UNKNOWN;
    else if (*out->used_at)
        out->state = LINK_USED;
    else if (strcmp(out->expires_at, now) <= 0)
        out->state = LINK_EXPIRED;
    else if (!streq(out->status, wanted) || !reason_ok)
        out->state = LINK_UNKNOWN;
    else
        out->state = LINK_LIVE;
    return 0;
}

int accounts_link_use(struct db *db, const char *kind, const char *token)
{
    char hash[ACCOUNTS_DIGEST_HEX], now[TIME_ISO_LEN];
    int64_t changed = 0;

    accounts_digest(token, hash);
    time_now_iso(now);
    int rc = db_exec_changes(db, link_use_sql,
                             DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_TEXT(hash), DB_TEXT(kind),
                                     DB_TEXT(now)),
                             &changed);
    if (rc < 0)
        return rc;
    return changed == 1 ? 0 : DARS_ECONFLICT;
}

/* ---- the e-mails ---- */

/* A message built as plain text and HTML at once. */
struct link_mail {
    const char *lang;
    struct buf text, html;
};

static void mail_begin(struct link_mail *m, const char *lang, const char *subject)
{
    m->lang = lang;
    buf_init(&m->text, 1024);
    buf_init(&m->html, 2048);
    buf_addf(&m->html, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<title>", lang);
    buf_add_html(&m->html, subject, strlen(subject));
    buf_adds(&m->html, "</title>\n</head>\n<body>\n");
}

static void mail_para(struct link_mail *m, const char *s)
{
    buf_addf(&m->text, "%s\n\n", s);
    buf_adds(&m->html, "<p>");
    buf_add_html(&m->html, s, strlen(s));
    buf_adds(&m->html, "</p>\n");
}

/* A labelled value ("Your account: a@b.org"): Dars's words first, what people typed after. */
static void mail_label(struct link_mail *m, const char *label, const char *value)
{
    buf_addf(&m->text, "%s %s\n\n", label, value);
    buf_adds(&m->html, "<p>");
    buf_add_html(&m->html, label, strlen(label));
    buf_adds(&m->html, " <strong>");
    buf_add_html(&m->html, value, strlen(value));
    buf_adds(&m->html, "</strong></p>\n");
}

static void mail_link(struct link_mail *m, const char *url)
{
    buf_addf(&m->text, "%s\n\n", url);
    buf_adds(&m->html, "<p><a href=\"");
    buf_add_html(&m->html, url, strlen(url));
    buf_adds(&m->html, "\">");
    buf_add_html(&m->html, url, strlen(url));
    buf_adds(&m->html, "</a></p>\n");
}

static int mail_send(struct link_mail *m, struct db *db, const char *to, const char *subject)
{
    buf_adds(&m->html, "</body>\n</html>\n");
    int rc = mail_enqueue_html(db, to, subject, m->text.ptr, m->html.ptr);
    buf_release(&m->text);
    buf_release(&m->html);
    return rc;
}

static const char *mail_lang(const char *lang)
{
    return i18n_lang_known(lang) ? lang : "en";
}

/*
 * The e-mails that carry a link of kind: Dars's words (msgids; intro takes the
 * site), the path the token follows, and whether the person's name is shown.
 */
static const struct link_mail_text {
    const char *kind, *subject, *intro, *how, *path, *outro;
    bool named;
} link_mails[] = {
    { "invitation", N_("Your invitation to Dars"),
      N_("You are invited to Dars, the education system at %s."),
      N_("To choose your password and sign in, open this link within 14 days:"),
      "/invitations/", N_("If you did not expect this invitation, you can ignore this e-mail."),
      true },
    { "reset", N_("Reset your Dars password"),
      N_("Someone, perhaps you, asked to reset the password of your Dars account at %s."),
      N_("To choose a new password, open this link within one hour. It works once."),
      "/password/reset/", N_("If you did not ask, ignore this e-mail: your password stays as it "
                             "is."),
      false },
    { "address", N_("Confirm your e-mail address for Dars"),
      N_("Someone, perhaps you, registered at Dars, the education system at %s, with this "
         "e-mail address."),
      N_("To confirm your address, open this link within 24 hours and press the button on the "
         "page. It works once."),
      "/register/verify/", N_("If you did not register, ignore this e-mail: without the "
                              "confirmation nothing happens."),
      true },
};

int accounts_mail_link(struct db *db, struct arena *a, const char *site, const char *kind,
                       const char *email, const char *full_name, const char *language,
                       const char *token)
{
    const struct link_mail_text *t = NULL;
    struct link_mail m;
    const char *lang = mail_lang(language);

    for (size_t i = 0; i < ARRAY_SIZE(link_mails); i++)
        if (streq(link_mails[i].kind, kind))
            t = &link_mails[i];
    if (!t)
        BUG("no e-mail for links of kind '%s'", kind);
    const char *subject = _(lang, t->subject);
    mail_begin(&m, lang, subject);
    mail_para(&m, arena_printf(a, _(lang, t->intro), site));
    mail_para(&m, _(lang, t->how));
    mail_link(&m, arena_printf(a, "%s%s%s", site, t->path, token));
    if (t->named)
        mail_label(&m, _(lang, "Name:"), full_name);
    mail_label(&m, _(lang, "Your account:"), email);
    mail_para(&m, _(lang, t->outro));
    return mail_send(&m, db, email, subject);
}

int accounts_mail_password_changed(struct db *db, struct arena *a, const char *site,
                                   const char *email, const char *language)
{
    struct link_mail m;
    const char *lang = mail_lang(language);
    const char *subject = _(lang, "Your Dars password was changed");

    mail_begin(&m, lang, subject);
    mail_para(&m, arena_printf(a, _(lang, "The password of your Dars account at %s was "
                                          "changed, and every session signed in with the old "
                                          "password has ended."),
                               site));
    mail_label(&m, _(lang, "Your account:"), email);
    mail_para(&m, _(lang, "If you did not change it, ask for a new password at once and tell "
                          "your administrator:"));
    mail_link(&m, arena_printf(a, "%s/password/forgot", site));
    return mail_send(&m, db, email, subject);
}

/* ---- self-registration ---- */

int accounts_mail_register_taken(struct db *db, struct arena *a, const char *site,
                                 const char *email, const char *language)
{
    struct link_mail m;
    const char *lang = mail_lang(language);
    const char *subject = _(lang, "Someone tried to register with your address");

    mail_begin(&m, lang, subject);
    mail_para(&m, arena_printf(a, _(lang, "Someone, perhaps you, tried to register at Dars, "
                                          "the education system at %s, with this e-mail "
                                          "address. It already has an account, so nothing "
                                          "was changed."),
                               site));
    mail_label(&m, _(lang, "Your account:"), email);
    mail_para(&m, _(lang, "To sign in, go to:"));
    mail_link(&m, arena_printf(a, "%s/login", site));
    mail_para(&m, _(lang, "If you have forgotten your password, ask for a new one here:"));
    mail_link(&m, arena_printf(a, "%s/password/forgot", site));
    mail_para(&m, _(lang, "If it was not you, you can ignore this e-mail."));
    return mail_send(&m, db, email, subject);
}

int accounts_mail_registration(struct db *db, struct arena *a, const char *site,
                               const char *email, const char *full_name, const char *language,
                               enum registration_news news)
{
    struct link_mail m;
    const char *lang = mail_lang(language);
    const char *subject = news == REGISTRATION_DECLINED
                              ? _(lang, "Your registration at Dars was declined")
                              : _(lang, "Welcome to Dars");

    mail_begin(&m, lang, subject);
    if (news == REGISTRATION_DECLINED) {
        mail_para(&m, arena_printf(a, _(lang, "A manager has declined your registration at "
                                              "Dars, the education system at %s. You cannot "
                                              "sign in with this account."),
                                   site));
        mail_para(&m, _(lang, "If you think this is a mistake, contact the centre you chose."));
    } else {
        mail_para(&m, arena_printf(a, news == REGISTRATION_APPROVED
                                          ? _(lang, "A manager has approved your registration "
                                                    "at Dars, the education system at %s. "
                                                    "Your account is ready.")
                                          : _(lang, "Your account at Dars, the education "
                                                    "system at %s, is ready."),
                                   site));
        mail_para(&m, _(lang, "To sign in, go to:"));
        mail_link(&m, arena_printf(a, "%s/login", site));
    }
    mail_label(&m, _(lang, "Name:"), full_name);
    mail_label(&m, _(lang, "Your account:"), email);
    return mail_send(&m, db, email, subject);
}

/* ---- invitations ---- */

int accounts_invite(struct db *db, struct arena *a, const struct actor *who, const char *site,
                    int64_t user_id)
{
    struct db_stmt *st;
    const char *email, *full_name, *language, *status, *token = NULL;
    int rc;

    if ((rc = db_query_row(db, &st, link_user_sql, DB_ARGS(DB_INT(user_id)))) < 0)
        return rc;
    email = arena_strdup(a, db_col_text(st, 1));
    full_name = arena_strdup(a, db_col_text(st, 2));
    language = arena_strdup(a, db_col_text(st, 3));
    status = arena_strdup(a, db_col_text(st, 4));
    const char *reason = arena_strdup(a, db_col_text(st, 5));
    db_done(st);
    /* only pending people an admin added: an active one signs in, a suspended one stays
     * out, and one who registered waits for their address check or an approval */
    if (!accounts_status_is_invitable(status, reason))
        return DARS_ECONFLICT;
    json_t *changes = json_pack("{s:{s:s}}", "email", "after", email);
    if ((rc = accounts_link_issue(db, a, user_id, "invitation", &token)) < 0 ||
        (rc = accounts_mail_link(db, a, site, "invitation", email, full_name, language,
                                 token)) < 0 ||
        (rc = audit_record_id(db, who, "user.invite", "user", user_id, changes)) < 0)
        goto out;
out:
    json_decref(changes);
    return rc;
}

bool accounts_status_is_invitable(const char *status, const char *pending_reason)
{
    return streq(status, "pending") && (!*pending_reason || streq(pending_reason, "invitation"));
}

const char *accounts_invitation_state(const struct user_row *u)
{
    char now[TIME_ISO_LEN];
    if (!*u->invitation_sent_at)
        return "not-sent";
    if (*u->invitation_used_at)
        return "accepted";
    time_now_iso(now);
    return strcmp(u->invitation_expires_at, now) <= 0 ? "expired" : "sent";
}
