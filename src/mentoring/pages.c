/*
 * The pair's pages: /mentoring (a mentor's mentees, a learner's mentor,
 * proposals to accept, the request form), a mentorship's page (meetings to
 * log and to confirm, feedback) with the steps that end one (declining,
 * closing with a reason) each on a page of its own that asks first, and a
 * mentor's printable statement of their confirmed hours. No JavaScript:
 * every action is a form, and every page costs the same few statements
 * however many mentorships and meetings there are.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "http/api.h"
#include "org/org.h"
#include "view/form.h"
#include "view/view.h"

#include <string.h>

/* most mentorships /mentoring lists (a mentor's capacity is at most 50; the rest are ended) */
#define MT_PAGE_MINE 100
/* most meetings a mentorship's page lists (a weekly meeting for ten years) */
#define MT_PAGE_MEETINGS 500

#define S(x) ((x) ? (x) : "")

const char *mt_status_label(const char *lang, const char *status)
{
    if (streq(status, "proposed"))
        return _(lang, "Proposed");
    if (streq(status, "active"))
        return _(lang, "Active");
    if (streq(status, "closed"))
        return _(lang, "Closed");
    if (streq(status, "declined"))
        return _(lang, "Declined");
    return status;
}

const char *mt_mode_label(const char *lang, const char *mode)
{
    return streq(mode, "in-person") ? _(lang, "In person") : _(lang, "Online");
}

const char **mt_form_list(struct req *r, const char *name)
{
    size_t n = 0, i = 0;
    for (const struct form_field *f = r->form; f; f = f->next)
        n += streq(f->name, name);
    const char **list = arena_alloc(&r->arena, (n + 1) * sizeof(*list));
    for (const struct form_field *f = r->form; f; f = f->next)
        if (streq(f->name, name) && *f->value)
            list[i++] = f->value;
    list[i] = NULL;
    return list;
}

const char *mt_refusal(json_t *errors)
{
    const char *code = json_string_value(json_object_get(errors, "code"));
    if (code && strstr(code, "capacity"))
        return N_("The mentor has no free place: their capacity is reached");
    if (code && strstr(code, "under way"))
        return N_("This mentor and this learner already have a mentorship under way");
    if (code && strstr(code, "open request"))
        return N_("This learner already has an open request");
    if (code)
        return N_("This step does not fit the mentorship's stage");
    const char *key;
    json_t *v;
    json_object_foreach(errors, key, v)
    {
        if (json_is_string(v))
            return json_string_value(v); /* a msgid from form_error */
    }
    return N_("Nothing was changed");
}

struct val *mt_options(struct req *r, const char *const *codes, size_t n, const char *selected,
                       const char *(*label)(const char *lang, const char *code))
{
    struct val *list = val_list(&r->arena);
    for (size_t i = 0; i < n; i++)
        val_push(list, val_pack(&r->arena, "{s:o, s:o, s:b}", "value",
                                val_str_ref(&r->arena, codes[i]), "label",
                                val_str_ref(&r->arena, label(r->lang, codes[i])), "selected",
                                selected && streq(selected, codes[i])));
    return list;
}

const char *mt_lang_name(const char *code)
{
    static const struct {
        const char *code, *name;
    } names[] = { { "ar", "العربية" },    { "az", "Azərbaycanca" }, { "de", "Deutsch" },
                  { "en", "English" },    { "fr", "Français" },     { "ja", "日本語" },
                  { "kk", "Қазақша" },    { "ko", "한국어" },       { "ky", "Кыргызча" },
                  { "ru", "Русский" },    { "tg", "Тоҷикӣ" },       { "tk", "Türkmençe" },
                  { "tr", "Türkçe" },     { "uz", "Oʻzbekcha" },    { "vi", "Tiếng Việt" },
                  { "zh", "中文" } };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (streq(names[i].code, code))
            return names[i].name;
    return code;
}

static const char *lang_name(const char *lang, const char *code)
{
    UNUSED(lang);
    return mt_lang_name(code);
}

struct val *mt_lang_options(struct req *r, const char *selected)
{
    return mt_options(r, mt_langs, mt_nlangs, selected, lang_name);
}

struct val *mt_mode_options(struct req *r, const char *selected)
{
    static const char *const modes[] = { "online", "in-person" };
    return mt_options(r, modes, ARRAY_SIZE(modes), selected, mt_mode_label);
}

int mt_skill_options(struct req *r, const char *const *chosen, struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, mt_skills_sql, DB_NOARGS);
    if (rc < 0)
        return rc;
    struct val *list = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 1);
        bool on = false;
        for (size_t i = 0; chosen && chosen[i]; i++)
            on = on || streq(chosen[i], code);
        val_push(list, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", code, "label",
                                db_col_text(st, 2), "selected", on));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = list;
    return 0;
}

struct val *mt_ms_val(struct req *r, const struct mt_ms *m)
{
    struct arena *a = &r->arena;
    enum mt_role side = mt_ms_role(r, m);
    bool mine_to_accept = streq(m->status, "proposed") &&
                          ((side == MT_MENTOR && !*m->mentor_accepted_at) ||
                           (side == MT_MENTEE && !*m->mentee_accepted_at));
    return val_pack(
        a, "{s:I, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:b, s:b, s:b, s:b}", "id",
        (json_int_t)m->id, "url", val_str_ref(a, arena_printf(a, "/mentoring/%lld", (long long)m->id)),
        "mentor_name", m->mentor.full_name, "mentor_email", m->mentor.email, "mentee_name",
        m->mentee.full_name, "mentee_email", m->mentee.email, "status",
        val_str_ref(a, mt_status_label(r->lang, m->status)), "status_code", m->status,
        "started_on", val_str_ref(a, *m->started_on ? view_date(r, m->started_on) : ""), "hours",
        val_str_ref(a, arena_printf(a, "%.2f", mt_hours(m->confirmed_minutes))), "to_accept",
        mine_to_accept, "live", streq(m->status, "proposed") || streq(m->status, "active"),
        "is_mentor", side == MT_MENTOR, "minor", mt_is_minor(m->mentee_birth_year));
}

/* ---- /mentoring ---- */

/* The request form as typed (NULL: empty). */
struct home_form {
    const char *goals, *language, *mode;
    const char **skills;
};

static int home(struct req *r, int status, const struct home_form *f, json_t *errors)
{
    struct arena *a = &r->arena;
    struct db_stmt *st;
    int64_t is_mentor = 0, open_id = 0;
    bool mentee_live = false;
    int rc;

    struct val *ctx = val_object(a);
    struct val *mentees = val_list(a), *mentors = val_list(a);
    if ((rc = db_query(r->db, &st, mt_page_mine_sql,
                       DB_ARGS(DB_INT(r->user->id), DB_INT(r->user->id),
                               DB_INT(MT_PAGE_MINE)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct mt_ms m;
        mt_ms_get_row(a, st, &m);
        bool mentor_side = m.mentor.id == r->user->id;
        if (!mentor_side && (streq(m.status, "proposed") || streq(m.status, "active")))
            mentee_live = true;
        val_push(mentor_side ? mentees : mentors, mt_ms_val(r, &m));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = db_query_int(r->db, mt_is_mentor_sql, DB_ARGS(DB_INT(r->user->id)), &is_mentor)) <
        0)
        return rc;
    if (is_mentor) {
        struct mt_mentor me;
        if ((rc = mt_mentor_get_id(r->db, a, r->user->id, &me)) < 0)
            return rc;
        val_set_bool(ctx, "has_profile", me.has_profile);
        val_set_str(ctx, "my_hours", arena_printf(a, "%.2f", mt_hours(me.confirmed_minutes)));
        val_set_str(ctx, "my_load",
                    arena_printf(a, "%lld / %lld", (long long)me.active, (long long)me.capacity));
    }
    rc = db_query_int(r->db, mt_request_open_of_sql, DB_ARGS(DB_INT(r->user->id)), &open_id);
    if (rc < 0 && rc != DARS_ENOTFOUND)
        return rc;
    if (open_id) {
        struct mt_request q;
        if ((rc = mt_request_get(r->db, a, open_id, &q)) < 0)
            return rc;
        val_set(ctx, "request",
                val_pack(a, "{s:s, s:o, s:o, s:o}", "goals", q.goals, "language",
                         val_str_ref(a, lang_name(r->lang, q.language)), "mode",
                         val_str_ref(a, mt_mode_label(r->lang, q.mode)), "created_at",
                         val_str_ref(a, view_date(r, q.created_at))));
    } else if (!mentee_live) {
        /* nobody mentors them and they have not asked: the form */
        struct val *skills;
        if ((rc = mt_skill_options(r, f ? f->skills : NULL, &skills)) < 0)
            return rc;
        val_set(ctx, "form",
                val_pack(a, "{s:s, s:o, s:o, s:o}", "goals", f ? S(f->goals) : "", "skills",
                         skills, "languages",
                         mt_lang_options(r, f && f->language ? f->language : r->lang), "modes",
                         mt_mode_options(r, f && f->mode ? f->mode : "online")));
    }
    val_set_str(ctx, "title", _(r->lang, "Mentoring"));
    val_set_bool(ctx, "is_mentor", is_mentor != 0);
    val_set(ctx, "mentees", mentees);
    val_set_bool(ctx, "has_mentees", val_len(mentees) > 0);
    val_set(ctx, "mentors", mentors);
    val_set_bool(ctx, "has_mentors", val_len(mentors) > 0);
    val_set_bool(ctx, "coordinator", r->user->is_admin || r->user->is_manager);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "mentoring_home", ctx);
}

/* GET /mentoring */
int mt_home_page(struct req *r)
{
    return home(r, 200, NULL, NULL);
}

/* POST /mentoring/request: a learner asks for a mentor */
int mt_request_submit(struct req *r)
{
    struct home_form f = { http_form(r, "goals"), http_form(r, "language"),
                           http_form(r, "mode"), mt_form_list(r, "skills") };
    struct mt_request_input in = { NULL, f.goals, f.language, f.mode, NULL, f.skills };
    json_t *errors = json_object();
    int64_t id = 0;
    int rc;

    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_request_create(r, &in, errors, &id));
    if (rc == DARS_ECONFLICT) {
        view_flash(r, mt_refusal(errors));
        rc = http_redirect(r, "/mentoring");
    } else if (rc == DARS_EINVALID) {
        rc = home(r, 422, &f, errors);
    } else if (rc == 0) {
        view_flash(r, N_("Your request is sent: a coordinator will suggest a mentor"));
        rc = http_redirect(r, "/mentoring");
    }
    json_decref(errors);
    return rc;
}

/* ---- a mentorship's page ---- */

static const char *ms_url(struct req *r, const struct mt_ms *m)
{
    return arena_printf(&r->arena, "/mentoring/%lld", (long long)m->id);
}

static const char *goal_label(const char *lang, const char *status)
{
    if (streq(status, "achieved"))
        return _(lang, "Achieved");
    if (streq(status, "dropped"))
        return _(lang, "Dropped");
    return _(lang, "Open");
}

/* The mentorship's goals with their status, and a status list for each to change. */
static int goals_val(struct req *r, const struct mt_ms *m, struct val **out)
{
    static const char *const statuses[] = { "open", "achieved", "dropped" };
    struct arena *a = &r->arena;
    struct db_stmt *st;
    int rc = db_query(r->db, &st, mt_goals_sql, DB_ARGS(DB_INT(m->id)));
    if (rc < 0)
        return rc;
    struct val *list = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        const char *status = arena_strdup(a, db_col_text(st, 2));
        val_push(list,
                 val_pack(a, "{s:I, s:s, s:o, s:o, s:b, s:o}", "id", (json_int_t)id, "title",
                          db_col_text(st, 1), "status", val_str_ref(a, goal_label(r->lang, status)),
                          "statuses", mt_options(r, statuses, ARRAY_SIZE(statuses), status,
                                                 goal_label),
                          "achieved", streq(status, "achieved"), "action",
                          val_str_ref(a, arena_printf(a, "/mentoring/%lld/goals/%lld",
                                                      (long long)m->id, (long long)id))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = list;
    return 0;
}

/* f: the meeting form as typed; goal: the goal form's title as typed (NULL: empty) */
static int show(struct req *r, int status, const struct mt_ms *m,
                const struct mt_meeting_input *f, const char *goal, json_t *errors)
{
    struct arena *a = &r->arena;
    enum mt_role side = mt_ms_role(r, m);
    bool coordinator = mt_ms_coordinator(r, m);
    bool active = streq(m->status, "active");
    struct db_stmt *st;
    int rc;

    struct val *meetings = val_list(a);
    if ((rc = db_query(r->db, &st, mt_meetings_sql,
                       DB_ARGS(DB_INT(m->id), DB_INT(0), DB_INT(MT_PAGE_MEETINGS)))) < 0)
        return rc;
    int64_t waiting = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct mt_meeting mt;
        mt_meeting_row(a, st, &mt);
        bool confirmed = *mt.confirmed_at != '\0';
        bool can_confirm = !confirmed && r->user->id != mt.logged_by &&
                           (side != MT_OTHER || coordinator);
        waiting += !confirmed;
        val_push(meetings,
                 val_pack(a, "{s:o, s:I, s:o, s:s, s:s, s:o, s:b, s:b, s:o}", "held_on",
                          val_str_ref(a, view_date(r, mt.held_on)), "minutes",
                          (json_int_t)mt.minutes, "mode",
                          val_str_ref(a, mt_mode_label(r->lang, mt.mode)), "centre", mt.centre,
                          "notes", mt.notes, "logged_by",
                          val_str_ref(a, mt.logged_by == m->mentor.id ? m->mentor.full_name
                                                                      : m->mentee.full_name),
                          "confirmed", confirmed, "can_confirm", can_confirm, "confirm_action",
                          val_str_ref(a, arena_printf(a, "%s/meetings/%lld/confirm",
                                                      ms_url(r, m), (long long)mt.id))));
    }
    db_done(st);
    if (rc < 0)
        return rc;

    struct val *goals;
    if ((rc = goals_val(r, m, &goals)) < 0)
        return rc;

    struct val *ctx = mt_ms_val(r, m);
    val_set_str(ctx, "title",
                arena_printf(a, "%s: %s — %s", _(r->lang, "Mentorship"), m->mentor.full_name,
                             m->mentee.full_name));
    val_set(ctx, "goals", goals);
    val_set_bool(ctx, "has_goals", val_len(goals) > 0);
    val_set_bool(ctx, "can_goals", side != MT_OTHER || coordinator);
    val_set_str(ctx, "goal_title", S(goal));
    val_set(ctx, "meetings", meetings);
    val_set_bool(ctx, "has_meetings", val_len(meetings) > 0);
    val_set_str(ctx, "waiting", waiting ? view_int(r, waiting) : "");
    val_set_str(ctx, "base", ms_url(r, m));
    val_set_bool(ctx, "can_log", active && side != MT_OTHER);
    val_set_bool(ctx, "can_close", active && (side != MT_OTHER || coordinator));
    val_set_bool(ctx, "can_decline",
                 streq(m->status, "proposed") && (side != MT_OTHER || coordinator));
    val_set_bool(ctx, "can_confirm_ms", streq(m->status, "proposed") && coordinator);
    val_set_bool(ctx, "proposed", streq(m->status, "proposed"));
    val_set_bool(ctx, "ended", streq(m->status, "closed") || streq(m->status, "declined"));
    val_set_str(ctx, "ended_on", *m->ended_on ? view_date(r, m->ended_on) : "");
    val_set_str(ctx, "closed_reason", m->closed_reason);
    val_set_str(ctx, "mentor_feedback", m->mentor_feedback);
    val_set_str(ctx, "mentee_feedback", m->mentee_feedback);
    val_set_bool(ctx, "mentor_accepted", *m->mentor_accepted_at != '\0');
    val_set_bool(ctx, "mentee_accepted", *m->mentee_accepted_at != '\0');
    const char *my_feedback = side == MT_MENTOR ? m->mentor_feedback : m->mentee_feedback;
    val_set_bool(ctx, "can_feedback", streq(m->status, "closed") && side != MT_OTHER &&
                                          !*my_feedback);
    if (active && side != MT_OTHER) {
        struct val *centres = org_centre_options(a, r->db, f ? S(f->centre) : "");
        if (!centres)
            return DARS_EDB;
        char today[TIME_ISO_LEN];
        time_now_iso(today);
        today[10] = '\0';
        val_set(ctx, "centres", centres);
        val_set(ctx, "modes", mt_mode_options(r, f && f->mode ? f->mode : "online"));
        val_set(ctx, "f",
                val_pack(a, "{s:s, s:s, s:s}", "held_on",
                         f && f->held_on ? f->held_on : today, "minutes",
                         f ? S(f->minutes) : "60", "notes", f ? S(f->notes) : ""));
    }
    form_crumbs(r, ctx, _(r->lang, "Mentoring"), "/mentoring", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "mentoring_show", ctx);
}

/* GET /mentoring/:id */
int mt_show_page(struct req *r)
{
    struct mt_ms m;
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    return rc < 0 ? rc : show(r, 200, &m, NULL, NULL, NULL);
}

/* Run ch on m; flash done or why not, and go back to the mentorship's page. */
static int ms_act(struct req *r, const struct mt_ms *m, const struct mt_ms_change *ch,
                  const char *done)
{
    json_t *errors = json_object();
    int rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, mt_ms_change(r, m, ch, errors));
    if (rc == DARS_ECONFLICT || rc == DARS_EINVALID) {
        view_flash(r, mt_refusal(errors));
        rc = 0;
    } else if (rc == 0) {
        view_flash(r, done);
    }
    json_decref(errors);
    return rc < 0 ? rc : http_redirect(r, ms_url(r, m));
}

/* POST /mentoring/:id/accept: one side says yes to a proposal */
int mt_accept_submit(struct req *r)
{
    struct mt_ms m;
    struct mt_ms_change ch = { .accept = 1 };
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    return rc < 0 ? rc : ms_act(r, &m, &ch, N_("You accepted the mentorship"));
}

/* POST /mentoring/:id/confirm: a coordinator makes a proposal active */
int mt_confirm_submit(struct req *r)
{
    struct mt_ms m;
    struct mt_ms_change ch = { .status = "active", .accept = -1 };
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    if (rc < 0)
        return rc;
    if (!mt_ms_coordinator(r, &m))
        return DARS_EDENIED;
    return ms_act(r, &m, &ch, N_("The mentorship is active"));
}

/* The page that asks before a step that ends a mentorship (close or decline). */
static int end_page(struct req *r, int status, const struct mt_ms *m, bool closing,
                    const char *reason, const char *feedback, json_t *errors)
{
    struct val *ctx = mt_ms_val(r, m);
    enum mt_role side = mt_ms_role(r, m);
    val_set_str(ctx, "title", closing ? _(r->lang, "Close the mentorship")
                                      : _(r->lang, "Decline the mentorship"));
    val_set_bool(ctx, "closing", closing);
    val_set_bool(ctx, "side", side != MT_OTHER);
    val_set_str(ctx, "base", ms_url(r, m));
    val_set_str(ctx, "reason", S(reason));
    val_set_str(ctx, "feedback", S(feedback));
    form_crumbs(r, ctx, _(r->lang, "Mentoring"), "/mentoring", m->mentee.full_name,
                ms_url(r, m), NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "mentoring_end", ctx);
}

static int end_get(struct req *r, bool closing)
{
    struct mt_ms m;
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    if (rc < 0)
        return rc;
    if (!streq(m.status, closing ? "active" : "proposed"))
        return http_redirect(r, ms_url(r, &m));
    return end_page(r, 200, &m, closing, NULL, NULL, NULL);
}

/* GET /mentoring/:id/close */
int mt_close_page(struct req *r)
{
    return end_get(r, true);
}

/* GET /mentoring/:id/decline */
int mt_decline_page(struct req *r)
{
    return end_get(r, false);
}

static int end_post(struct req *r, bool closing)
{
    struct mt_ms m;
    const char *reason = http_form(r, "closed_reason"), *feedback = http_form(r, "feedback");
    struct mt_ms_change ch = { .status = closing ? "closed" : "declined", .accept = -1 };
    json_t *errors;
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);

    if (rc < 0)
        return rc;
    if (closing) {
        ch.closed_reason = reason ? reason : "";
        if (feedback && *feedback && mt_ms_role(r, &m) != MT_OTHER)
            ch.feedback = feedback;
    }
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_ms_change(r, &m, &ch, errors));
    if (rc == DARS_EINVALID) {
        rc = end_page(r, 422, &m, closing, reason, feedback, errors);
    } else if (rc == DARS_ECONFLICT) {
        view_flash(r, mt_refusal(errors));
        rc = http_redirect(r, ms_url(r, &m));
    } else if (rc == 0) {
        view_flash(r, closing ? N_("The mentorship is closed") : N_("The mentorship is declined"));
        rc = http_redirect(r, ms_url(r, &m));
    }
    json_decref(errors);
    return rc;
}

/* POST /mentoring/:id/close */
int mt_close_submit(struct req *r)
{
    return end_post(r, true);
}

/* POST /mentoring/:id/decline */
int mt_decline_submit(struct req *r)
{
    return end_post(r, false);
}

/* POST /mentoring/:id/feedback: a side's word after the close */
int mt_feedback_submit(struct req *r)
{
    struct mt_ms m;
    const char *feedback = http_form(r, "feedback");
    struct mt_ms_change ch = { .accept = -1, .feedback = feedback ? feedback : "" };
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    if (rc < 0)
        return rc;
    if (!*ch.feedback) {
        view_flash(r, N_("Write your feedback first"));
        return http_redirect(r, ms_url(r, &m));
    }
    return ms_act(r, &m, &ch, N_("Thank you for your feedback"));
}

/* POST /mentoring/:id/meetings: one of the pair logs a meeting */
int mt_meeting_submit(struct req *r)
{
    struct mt_ms m;
    struct mt_meeting_input in = { http_form(r, "held_on"), http_form(r, "minutes"),
                                   http_form(r, "mode"), http_form(r, "centre"),
                                   http_form(r, "notes") };
    json_t *errors;
    int64_t id = 0;
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);

    if (rc < 0)
        return rc;
    if (in.minutes && !*in.minutes)
        in.minutes = "0"; /* empty: say so, as for a missing number */
    if (!in.minutes)
        in.minutes = "0";
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_meeting_create(r, &m, &in, errors, &id));
    if (rc == DARS_EINVALID) {
        rc = show(r, 422, &m, &in, NULL, errors);
    } else if (rc == DARS_ECONFLICT) {
        view_flash(r, mt_refusal(errors));
        rc = http_redirect(r, ms_url(r, &m));
    } else if (rc == 0) {
        view_flash(r, N_("Meeting logged: it counts once the other side confirms it"));
        rc = http_redirect(r, arena_printf(&r->arena, "%s#meetings", ms_url(r, &m)));
    }
    json_decref(errors);
    return rc;
}

/* POST /mentoring/:id/meetings/:mid/confirm */
int mt_meeting_confirm_submit(struct req *r)
{
    struct mt_ms m;
    struct mt_meeting mt;
    struct mt_meeting_input none = { 0 };
    json_t *errors;
    int rc;

    if ((rc = mt_ms_get_visible(r, api_id(r->params[0]), &m)) < 0 ||
        (rc = mt_meeting_get(r->db, &r->arena, m.id, api_id(r->params[1]), &mt)) < 0)
        return rc;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_meeting_change(r, &m, &mt, &none, true, errors));
    json_decref(errors);
    if (rc < 0)
        return rc;
    view_flash(r, N_("Meeting confirmed"));
    return http_redirect(r, arena_printf(&r->arena, "%s#meetings", ms_url(r, &m)));
}

/* POST /mentoring/:id/goals: the pair or a coordinator adds a goal */
int mt_goal_submit(struct req *r)
{
    struct mt_ms m;
    const char *title = http_form(r, "title");
    json_t *errors;
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    if (rc < 0)
        return rc;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_goal_save(r, &m, 0, S(title), NULL, errors));
    if (rc == DARS_EINVALID) {
        rc = show(r, 422, &m, NULL, title, errors);
    } else if (rc == 0) {
        view_flash(r, N_("The goal is added"));
        rc = http_redirect(r, arena_printf(&r->arena, "%s#goals", ms_url(r, &m)));
    }
    json_decref(errors);
    return rc;
}

/* POST /mentoring/:id/goals/:gid: a goal's status changes */
int mt_goal_status_submit(struct req *r)
{
    struct mt_ms m;
    json_t *errors;
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    if (rc < 0)
        return rc;
    int64_t gid = api_id(r->params[1]);
    if (gid <= 0)
        return DARS_ENOTFOUND;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_goal_save(r, &m, gid, NULL, http_form(r, "status"), errors));
    if (rc == DARS_EINVALID) {
        view_flash(r, mt_refusal(errors));
        rc = 0;
    } else if (rc == 0) {
        view_flash(r, N_("The goal's status is changed"));
    }
    json_decref(errors);
    return rc < 0 ? rc : http_redirect(r, arena_printf(&r->arena, "%s#goals", ms_url(r, &m)));
}

/* ---- a mentor's statement ---- */

/* GET /mentoring/statement[?mentor=EMAIL]: confirmed hours, to print */
int mt_statement_page(struct req *r)
{
    struct arena *a = &r->arena;
    const char *email = http_query(r, "mentor");
    struct mt_mentor m;
    struct db_stmt *st;
    int64_t total = 0, count = 0;
    int rc;

    rc = email && *email ? mt_mentor_get(r->db, a, email, &m)
                         : mt_mentor_get_id(r->db, a, r->user->id, &m);
    if (rc < 0)
        return rc;
    if (!mt_mentor_may_edit(r, &m))
        return DARS_EDENIED;
    if ((rc = db_query(r->db, &st, mt_page_statement_sql, DB_ARGS(DB_INT(m.user_id)))) < 0)
        return rc;
    struct val *rows = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t minutes = db_col_int(st, 1);
        total += minutes;
        count++;
        val_push(rows, val_pack(a, "{s:o, s:o, s:o, s:s, s:s}", "held_on",
                                val_str_ref(a, view_date(r, db_col_text(st, 0))), "minutes",
                                val_str_ref(a, view_int(r, minutes)), "mode",
                                val_str_ref(a, mt_mode_label(r->lang, db_col_text(st, 2))),
                                "centre", db_col_text(st, 3), "mentee", db_col_text(st, 4)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    struct val *ctx = val_pack(
        a, "{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:s}", "title",
        _(r->lang, "Statement of mentoring hours"), "name", m.full_name, "email", m.email,
        "centre", m.centre_name, "programme", m.volunteer_programme, "rows", rows, "has_rows",
        count > 0, "total_hours", val_str_ref(a, arena_printf(a, "%.2f", mt_hours(total))),
        "meetings", val_str_ref(a, view_int(r, count)), "today",
        val_str_ref(a, view_date(r, now)), "checked",
        *m.safeguarding_checked_on ? view_date(r, m.safeguarding_checked_on) : "");
    return view_page(r, "mentoring_statement", ctx);
}
