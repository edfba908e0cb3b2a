/*
 * The e-mails of a mentorship's stages, to one side at a time in their own
 * language, through the outbox in the caller's transaction: they go if and
 * only if the change that caused them is committed.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "mail/mail.h"

int mt_mail(struct req *r, const struct mt_ms *m, const struct mt_side *to, enum mt_news news)
{
    const char *lang = i18n_lang_known(to->lang) ? to->lang : "en";
    bool to_mentor = to->id == m->mentor.id;
    const struct mt_side *other = to_mentor ? &m->mentee : &m->mentor;
    const char *subject = "", *text = "";
    struct buf b = BUF_INIT;
    int rc;

    switch (news) {
    case MT_NEWS_PROPOSED:
        subject = _(lang, "A mentorship is proposed");
        text = to_mentor ? _(lang, "You are proposed as the mentor of %s. Please accept or "
                                   "decline the proposal.")
                         : _(lang, "%s is proposed as your mentor. Please accept or decline "
                                   "the proposal.");
        break;
    case MT_NEWS_ACTIVE:
        subject = _(lang, "Your mentorship has begun");
        text = _(lang, "Your mentorship with %s is now active.");
        break;
    case MT_NEWS_DECLINED:
        subject = _(lang, "A mentorship was declined");
        text = _(lang, "The proposed mentorship with %s was declined.");
        break;
    case MT_NEWS_CLOSED:
        subject = _(lang, "Your mentorship is closed");
        text = _(lang, "Your mentorship with %s is closed. Thank you; you may still leave "
                       "your feedback.");
        break;
    case MT_NEWS_MEETING:
        subject = _(lang, "Please confirm a mentoring meeting");
        text = _(lang, "%s logged a meeting with you. It counts once you confirm it.");
        break;
    }
    buf_addf(&b, text, other->full_name);
    buf_addf(&b, "\n\n%s/mentoring/%lld\n", http_site_url(r), (long long)m->id);
    rc = mail_enqueue(r->db, to->email, subject, b.ptr);
    buf_release(&b);
    return rc;
}
