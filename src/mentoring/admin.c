/*
 * The coordinators' pages (admins, and managers for their centres):
 * /admin/mentoring with the figures (mentors, developed mentors, active
 * mentorships, open requests, confirmed hours) and three views: the open
 * requests with their best suggestions and the reasons, the mentorships, and
 * the mentors with their load and hours (also as CSV and XLSX). "Suggest for
 * all open requests" shows the optimal assignment (assign.c) to review:
 * the coordinator unticks what they do not want and confirms the rest as
 * proposals. Requests can be opened for a whole cohort at once.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "cohorts/cohorts.h"
#include "core/config.h"
#include "core/url.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "http/api.h"
#include "view/export.h"
#include "view/form.h"
#include "view/view.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* open requests per page of the requests' view, and suggestions shown for each */
#define MT_ADMIN_REQUESTS 20
#define MT_ADMIN_SUGGESTIONS 3
/* mentorships per page */
#define MT_ADMIN_MS 50

#define S(x) ((x) ? (x) : "")

/* The figures at the top, in two statements. */
static int figures(struct req *r, struct val *ctx)
{
    struct arena *a = &r->arena;
    int64_t admin = r->user->is_admin ? 1 : 0, uid = r->user->id, developed = 0;
    struct db_stmt *st;
    int rc;

    if ((rc = db_query_row(r->db, &st, mt_page_figures_sql,
                           DB_ARGS(DB_INT(admin), DB_INT(uid), DB_INT(admin), DB_INT(uid),
                                   DB_INT(uid), DB_INT(admin), DB_INT(uid), DB_INT(admin),
                                   DB_INT(uid)))) < 0)
        return rc;
    val_set(ctx, "figures",
            val_pack(a, "{s:o, s:o, s:o, s:o}", "mentors",
                     val_str_ref(a, view_int(r, db_col_int(st, 0))), "active",
                     val_str_ref(a, view_int(r, db_col_int(st, 1))), "open",
                     val_str_ref(a, view_int(r, db_col_int(st, 2))), "hours",
                     val_str_ref(a, arena_printf(a, "%.2f", mt_hours(db_col_int(st, 3))))));
    db_done(st);
    if ((rc = db_query_int(r->db, arena_printf(a, mt_page_developed_fmt, mt_developed_sql),
                           DB_ARGS(DB_TEXT("0000-01-01"), DB_TEXT("9999-12-31"), DB_INT(admin),
                                   DB_INT(uid)),
                           &developed)) < 0)
        return rc;
    val_set_str(val_get(ctx, "figures"), "developed", view_int(r, developed));
    val_set_str(ctx, "developed_hours",
                config.mentoring_developed_hours ? config.mentoring_developed_hours : "20");
    return 0;
}

/* The open requests of this page with their best suggestions. */
static int requests_view(struct req *r, struct val *ctx, int64_t page)
{
    struct arena *a = &r->arena;
    struct mt_pool p;
    struct mt_pick picks[MT_ADMIN_SUGGESTIONS];
    int rc;

    if ((rc = mt_pool_load(r, 0, &p)) < 0)
        return rc;
    struct val *items = val_list(a);
    size_t from = (size_t)(page - 1) * MT_ADMIN_REQUESTS;
    for (size_t i = from; i < p.nreqs && i < from + MT_ADMIN_REQUESTS; i++) {
        const struct mt_match_req *q = &p.reqs[i];
        size_t n = mt_suggest(a, &p, i, ARRAY_SIZE(picks), picks);
        struct val *sugg = val_list(a);
        for (size_t k = 0; k < n; k++) {
            size_t j = (size_t)(picks[k].m - p.men);
            val_push(sugg, val_pack(a, "{s:o, s:o, s:I, s:o, s:I}", "name",
                                    val_str_ref(a, p.men_name[j]), "email",
                                    val_str_ref(a, p.men_email[j]), "score",
                                    (json_int_t)picks[k].s.total, "reasons",
                                    val_str_ref(a, mt_score_reasons(a, r->lang, &picks[k].s)),
                                    "request", (json_int_t)q->id));
        }
        val_push(items,
                 val_pack(a, "{s:I, s:o, s:o, s:o, s:o, s:b, s:o, s:b}", "id", (json_int_t)q->id,
                          "name", val_str_ref(a, p.req_name[i]), "email",
                          val_str_ref(a, p.req_email[i]), "mode",
                          val_str_ref(a, mt_mode_label(r->lang, q->mode)), "language",
                          val_str_ref(a, q->language), "minor", mt_is_minor(q->birth_year),
                          "suggestions", sugg, "has_suggestions", n > 0));
    }
    val_set(ctx, "requests", items);
    val_set_bool(ctx, "has_requests", val_len(items) > 0);
    view_pager(r, ctx, page, MT_ADMIN_REQUESTS, (int64_t)p.nreqs);
    return 0;
}

static const char *const ms_statuses[] = { "proposed", "active", "closed", "declined" };

static int mentorships_view(struct req *r, struct val *ctx, int64_t page)
{
    struct arena *a = &r->arena;
    const char *status = http_query(r, "status");
    struct db_stmt *st;
    int64_t n = 0;
    int rc;

    bool known = false;
    for (size_t i = 0; status && i < ARRAY_SIZE(ms_statuses); i++)
        known = known || streq(status, ms_statuses[i]);
    if (!known)
        status = "";
    if ((rc = db_query(r->db, &st, mt_page_admin_ms_sql,
                       DB_ARGS(DB_INT(r->user->is_admin ? 1 : 0), DB_INT(r->user->id),
                               DB_INT(r->user->id), DB_TEXT(status), DB_TEXT(status),
                               DB_INT(MT_ADMIN_MS + 1), DB_INT((page - 1) * MT_ADMIN_MS)))) < 0)
        return rc;
    struct val *items = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        if (++n > MT_ADMIN_MS)
            continue;
        struct mt_ms m;
        mt_ms_get_row(a, st, &m);
        val_push(items, mt_ms_val(r, &m));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    val_set(ctx, "mentorships", items);
    val_set_bool(ctx, "has_mentorships", val_len(items) > 0);
    val_set(ctx, "statuses", mt_options(r, ms_statuses, ARRAY_SIZE(ms_statuses), status,
                                        mt_status_label));
    view_pager_more(r, ctx, page, n > MT_ADMIN_MS);
    return 0;
}

static int mentors_view(struct req *r, struct val *ctx)
{
    struct arena *a = &r->arena;
    struct db_stmt *st;
    int rc;

    if ((rc = db_query(r->db, &st, mt_hours_sql,
                       DB_ARGS(DB_INT(r->user->is_admin ? 1 : 0), DB_INT(r->user->id)))) < 0)
        return rc;
    struct val *items = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t cap = db_col_int(st, 4), active = db_col_int(st, 5);
        val_push(items,
                 val_pack(a, "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:s, s:o}", "email",
                          db_col_text(st, 0), "name", db_col_text(st, 1), "centre",
                          db_col_text(st, 2), "programme", db_col_text(st, 3), "load",
                          val_str_ref(a, arena_printf(a, "%lld / %lld", (long long)active,
                                                      (long long)cap)),
                          "hours",
                          val_str_ref(a, arena_printf(a, "%.2f", mt_hours(db_col_int(st, 6)))),
                          "meetings", val_str_ref(a, view_int(r, db_col_int(st, 7))), "full",
                          active >= cap, "statement",
                          val_str_ref(a, arena_printf(a, "/mentoring/statement?mentor=%s",
                                                      url_encode(a, db_col_text(st, 0)))),
                          "checked_on", db_col_text(st, 8), "checked",
                          val_str_ref(a, *db_col_text(st, 8) ? view_date(r, db_col_text(st, 8))
                                                             : "")));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    val_set(ctx, "mentors", items);
    val_set_bool(ctx, "has_mentors", val_len(items) > 0);
    return 0;
}

/* GET /admin/mentoring[?show=requests|mentorships|mentors] */
int mt_admin_page(struct req *r)
{
    const char *show = http_query(r, "show");
    int64_t page = form_page_arg(r);
    struct val *ctx = val_object(&r->arena);
    int rc;

    if (!show || (!streq(show, "mentorships") && !streq(show, "mentors")))
        show = "requests";
    if ((rc = figures(r, ctx)) < 0)
        return rc;
    if (streq(show, "requests"))
        rc = requests_view(r, ctx, page);
    else if (streq(show, "mentorships"))
        rc = mentorships_view(r, ctx, page);
    else
        rc = mentors_view(r, ctx);
    if (rc < 0)
        return rc;
    val_set_str(ctx, "title", _(r->lang, "Coordinate mentoring"));
    val_set_bool(ctx, "show_requests", streq(show, "requests"));
    val_set_bool(ctx, "show_mentorships", streq(show, "mentorships"));
    val_set_bool(ctx, "show_mentors", streq(show, "mentors"));
    form_crumbs(r, ctx, NULL);
    return view_page(r, "mentoring_admin", ctx);
}

/*
 * Propose the pair (request rid, mentor email) in a transaction of its own:
 * 0, or why not as a msgid in *why (DARS_ECONFLICT, DARS_EINVALID).
 */
static int propose(struct req *r, int64_t rid, const char *mentor, const char *status,
                   const char **why)
{
    struct mt_request q;
    json_t *errors = json_object();
    int64_t id = 0;
    int rc = rid ? mt_request_get(r->db, &r->arena, rid, &q) : DARS_ENOTFOUND;

    if (rc == 0 && !streq(q.status, "open")) {
        *why = N_("This request is answered already");
        rc = DARS_ECONFLICT;
        goto out;
    }
    if (rc < 0)
        goto out;
    struct mt_ms_input in = { mentor, q.mentee_email, NULL, status, q.id };
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_ms_create(r, &in, errors, &id));
    if (rc == DARS_ECONFLICT || rc == DARS_EINVALID)
        *why = mt_refusal(errors);
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/mentoring/propose: one suggestion taken */
int mt_admin_propose_submit(struct req *r)
{
    const char *why = NULL;
    const char *back = http_form(r, "back");
    int rc = propose(r, api_id(http_form(r, "request")), S(http_form(r, "mentor")), "proposed",
                     &why);
    if (rc == DARS_ENOTFOUND)
        why = N_("This request is answered already");
    else if (rc == DARS_EDENIED)
        return rc;
    else if (rc < 0 && !why)
        return rc;
    view_flash(r, why ? why : N_("The mentorship is proposed to both sides"));
    return http_redirect(r, back && http_is_local_path(back) ? back : "/admin/mentoring");
}

/* GET /admin/mentoring/assignment: the optimal assignment, to review */
int mt_admin_assignment_page(struct req *r)
{
    struct arena *a = &r->arena;
    struct mt_pool p;
    int rc;

    if ((rc = mt_pool_load(r, 0, &p)) < 0)
        return rc;
    struct mt_pick *picks = arena_alloc(a, (p.nreqs + 1) * sizeof(*picks));
    int64_t total = mt_suggest_all(a, &p, picks);
    struct val *items = val_list(a), *unmatched = val_list(a);
    for (size_t i = 0; i < p.nreqs; i++) {
        if (!picks[i].m) {
            val_push(unmatched, val_pack(a, "{s:o, s:o}", "name", val_str_ref(a, p.req_name[i]),
                                         "email", val_str_ref(a, p.req_email[i])));
            continue;
        }
        size_t j = (size_t)(picks[i].m - p.men);
        val_push(items,
                 val_pack(a, "{s:I, s:o, s:o, s:o, s:I, s:o, s:o}", "n",
                          (json_int_t)val_len(items) + 1, "mentee",
                          val_str_ref(a, p.req_name[i]), "mentor", val_str_ref(a, p.men_name[j]),
                          "mentor_email", val_str_ref(a, p.men_email[j]), "score",
                          (json_int_t)picks[i].s.total, "reasons",
                          val_str_ref(a, mt_score_reasons(a, r->lang, &picks[i].s)), "value",
                          val_str_ref(a, arena_printf(a, "%lld:%s", (long long)p.reqs[i].id,
                                                      p.men_email[j]))));
    }
    struct val *ctx = val_pack(
        a, "{s:s, s:o, s:b, s:o, s:b, s:o, s:o, s:o}", "title",
        _(r->lang, "Suggested assignment for all open requests"), "pairs", items, "has_pairs",
        val_len(items) > 0, "unmatched", unmatched, "has_unmatched", val_len(unmatched) > 0,
        "total", val_str_ref(a, view_int(r, total)), "requests",
        val_str_ref(a, view_int(r, (int64_t)p.nreqs)), "mentors",
        val_str_ref(a, view_int(r, (int64_t)p.nmen)));
    form_crumbs(r, ctx, _(r->lang, "Coordinate mentoring"), "/admin/mentoring", NULL);
    return view_page(r, "mentoring_assignment", ctx);
}

/* POST /admin/mentoring/assignment: the ticked pairs become proposals (or active) */
int mt_admin_assignment_submit(struct req *r)
{
    const char **pairs = mt_form_list(r, "pair");
    const char *status = http_form(r, "status");
    size_t made = 0, refused = 0;
    int rc;

    if (!status || !streq(status, "active"))
        status = "proposed";
    /* each pair on its own: one refused (a place taken meanwhile) leaves the others standing */
    for (size_t i = 0; pairs[i]; i++) {
        const char *colon = strchr(pairs[i], ':'), *why = NULL;
        if (!colon) {
            refused++;
            continue;
        }
        int64_t rid = api_id(arena_strndup(&r->arena, pairs[i], (size_t)(colon - pairs[i])));
        rc = propose(r, rid, colon + 1, status, &why);
        if (rc == 0)
            made++;
        else if (rc == DARS_ECONFLICT || rc == DARS_EINVALID || rc == DARS_ENOTFOUND ||
                 rc == DARS_EDENIED)
            refused++;
        else
            return rc;
    }
    if (!made && !refused)
        view_flash(r, N_("No pair was ticked: nothing was proposed"));
    else if (refused)
        view_flash(r, N_("Some pairs could not be made (a place was taken or a request "
                         "answered meanwhile): see the open requests"));
    else if (streq(status, "active"))
        view_flash(r, N_("The confirmed pairs are active; both sides are told"));
    else
        view_flash(r, N_("The confirmed pairs are proposed to both sides"));
    return http_redirect(r, refused ? "/admin/mentoring" : "/admin/mentoring?show=mentorships");
}

/* ---- hours per mentor as CSV and XLSX ---- */

static const char *const hours_header[] = { "email",    "name",   "centre",
                                            "volunteer_programme", "capacity",
                                            "active",   "confirmed_hours", "confirmed_meetings" };

static int hours_load(struct req *r, struct export_table *t)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, mt_hours_sql,
                      DB_ARGS(DB_INT(r->user->is_admin ? 1 : 0), DB_INT(r->user->id)));
    if (rc < 0)
        return rc;
    export_init(t, &r->arena, hours_header, ARRAY_SIZE(hours_header));
    while ((rc = db_step(st)) == DB_ROW) {
        const char **row = export_row(t);
        for (int c = 0; c < 6; c++)
            export_set(t, row, (size_t)c, db_col_text(st, c));
        export_set(t, row, 6, arena_printf(&r->arena, "%.2f", mt_hours(db_col_int(st, 6))));
        export_set(t, row, 7, db_col_text(st, 7));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /admin/mentoring/hours.csv */
int mt_admin_hours_csv(struct req *r)
{
    struct export_table t;
    int rc = hours_load(r, &t);
    return rc < 0 ? rc : export_send_csv(r, &t, "mentoring-hours");
}

/* GET /admin/mentoring/hours.xlsx */
int mt_admin_hours_xlsx(struct req *r)
{
    struct export_table t;
    int rc = hours_load(r, &t);
    return rc < 0 ? rc : export_send_xlsx(r, &t, "mentoring-hours");
}

/* ---- requests for a whole cohort ---- */

struct cohort_form {
    const char *cohort, *goals, *language, *mode;
    const char **skills;
};

/* how far back a cohort's end may lie for its learners to be offered (alumni look for work) */
#define MT_COHORT_DAYS 365
/* most cohorts the form lists */
#define MT_COHORT_OPTIONS 300

/* [{value, label, selected}] of the cohorts r's user coordinates. One statement. */
static int cohort_options(struct req *r, const char *selected, struct val **out)
{
    struct arena *a = &r->arena;
    struct db_stmt *st;
    char since[TIME_ISO_LEN];
    time_to_iso(since, time(NULL) - (time_t)MT_COHORT_DAYS * 86400);
    since[10] = '\0';
    int rc = db_query(r->db, &st, mt_page_cohorts_sql,
                      DB_ARGS(DB_TEXT(r->lang), DB_INT(r->user->is_admin ? 1 : 0),
                              DB_INT(r->user->id), DB_TEXT(since), DB_INT(MT_COHORT_OPTIONS)));
    if (rc < 0)
        return rc;
    struct val *list = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *id = arena_int(a, db_col_int(st, 0)), *title = db_col_text(st, 1);
        const char *label = arena_printf(
            a, "%s · %s · %s – %s · %s %s", *title ? title : db_col_text(st, 2),
            db_col_text(st, 3), view_date(r, db_col_text(st, 4)),
            view_date(r, db_col_text(st, 5)), view_int(r, db_col_int(st, 6)),
            _(r->lang, "learners"));
        val_push(list, val_pack(a, "{s:o, s:o, s:b}", "value", val_str_ref(a, id), "label",
                                val_str_ref(a, label), "selected",
                                selected && streq(selected, id)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = list;
    return 0;
}

static int cohort_page(struct req *r, int status, const struct cohort_form *f, json_t *errors)
{
    struct val *skills, *cohorts;
    int rc = mt_skill_options(r, f->skills, &skills);
    if (rc < 0 || (rc = cohort_options(r, f->cohort, &cohorts)) < 0)
        return rc;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:b, s:s, s:o, s:o, s:o}", "title",
        _(r->lang, "Ask for mentors for a cohort"), "cohorts", cohorts, "has_cohorts",
        val_len(cohorts) > 0, "goals", S(f->goals), "skills", skills, "languages",
        mt_lang_options(r, f->language ? f->language : r->lang), "modes",
        mt_mode_options(r, f->mode ? f->mode : "online"));
    form_crumbs(r, ctx, _(r->lang, "Coordinate mentoring"), "/admin/mentoring", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "mentoring_cohort", ctx);
}

/* GET /admin/mentoring/cohort */
int mt_admin_cohort_page(struct req *r)
{
    struct cohort_form f = { http_query(r, "cohort"), NULL, NULL, NULL, NULL };
    return cohort_page(r, 200, &f, NULL);
}

/*
 * Open a request for every learner of the cohort who has none open, in one
 * transaction; those who have one already, or are of a centre the
 * coordinator does not manage, are left as they are.
 */
static int cohort_requests(struct req *r, const struct cohort_form *f, int64_t cohort_id,
                           json_t *errors, int64_t *made, int64_t *learners /* OUT */)
{
    struct db_stmt *st;
    const char **emails = NULL;
    size_t n = 0, cap = 0;
    int rc;

    if ((rc = db_query(r->db, &st, mt_page_cohort_learners_sql, DB_ARGS(DB_INT(cohort_id)))) <
        0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        emails = arena_grow(&r->arena, emails, n, &cap, sizeof(*emails));
        emails[n++] = arena_strdup(&r->arena, db_col_text(st, 0));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *learners = (int64_t)n;
    for (size_t i = 0; i < n; i++) {
        struct mt_request_input in = { emails[i], f->goals, f->language, f->mode, NULL,
                                       f->skills };
        int64_t id;
        rc = mt_request_create(r, &in, errors, &id);
        if (rc == DARS_ECONFLICT || rc == DARS_EDENIED) {
            json_object_del(errors, "code");
            continue;
        }
        if (rc < 0)
            return rc;
        (*made)++;
    }
    return 0;
}

/* POST /admin/mentoring/cohort */
int mt_admin_cohort_submit(struct req *r)
{
    struct cohort_form f = { http_form(r, "cohort"), http_form(r, "goals"),
                             http_form(r, "language"), http_form(r, "mode"),
                             mt_form_list(r, "skills") };
    json_t *errors = json_object();
    int64_t cohort_id = api_id(f.cohort), centre_id = 0, made = 0, learners = 0;
    const char *title;
    int rc = cohort_id ? cohorts_centre_get(r->db, &r->arena, cohort_id, &centre_id, &title)
                       : DARS_ENOTFOUND;

    if (rc == DARS_ENOTFOUND || (rc == 0 && !mt_coordinates(r, centre_id))) {
        form_error(errors, "cohort", N_("Choose a cohort of your centres"));
        rc = cohort_page(r, 422, &f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, cohort_requests(r, &f, cohort_id, errors, &made, &learners));
    if (rc == DARS_EINVALID) {
        rc = cohort_page(r, 422, &f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    /* the count goes into the message already translated (a flash is shown as given) */
    view_flash(r, arena_printf(&r->arena, "%s %s. %s %s.",
                               _(r->lang, "Requests opened for the cohort:"),
                               view_int(r, made),
                               _(r->lang, "Learners left as they were (a request open "
                                          "already, or of a centre you do not coordinate):"),
                               view_int(r, learners - made)));
    rc = http_redirect(r, "/admin/mentoring");
out:
    json_decref(errors);
    return rc;
}
