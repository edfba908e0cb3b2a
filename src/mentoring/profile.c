/*
 * A mentor's own profile page (/mentoring/profile): skills from the list,
 * languages, centre, capacity, volunteer programme and a short bio, checked
 * and written exactly as the API's PUT (mt_mentor_put, audited). The date of
 * the safeguarding check is shown but only a coordinator records it, from
 * the mentors' view of /admin/mentoring (POST /admin/mentoring/safeguarding).
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/i18n.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "view/view.h"

#include <string.h>

#define S(x) ((x) ? (x) : "")

/* [{value, label, selected}] of every language a mentor may list, the chosen ones ticked */
static struct val *lang_boxes(struct req *r, const char *const *chosen)
{
    struct val *list = val_list(&r->arena);
    for (size_t i = 0; i < mt_nlangs; i++) {
        bool on = false;
        for (size_t k = 0; chosen && chosen[k]; k++)
            on = on || streq(chosen[k], mt_langs[i]);
        val_push(list, val_pack(&r->arena, "{s:o, s:o, s:b}", "value",
                                val_str_ref(&r->arena, mt_langs[i]), "label",
                                val_str_ref(&r->arena, mt_lang_name(mt_langs[i])), "selected",
                                on));
    }
    return list;
}

/* The form filled from m, or from what was typed (in, after an error). */
static int profile_page(struct req *r, int status, const struct mt_mentor *m,
                        const struct mt_mentor_input *in, json_t *errors)
{
    struct arena *a = &r->arena;
    const char *centre = in && in->centre ? in->centre : m->centre_code;
    struct val *skills, *centres;
    int rc = mt_skill_options(r, in && in->skills ? in->skills : m->skills, &skills);
    if (rc < 0)
        return rc;
    if (!(centres = org_centre_options(a, r->db, centre)))
        return DARS_EDB;
    struct val *ctx = val_pack(
        a, "{s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:b}", "title",
        _(r->lang, "Your mentor profile"), "name", m->full_name, "email", m->email, "skills",
        skills, "languages", lang_boxes(r, in && in->languages ? in->languages : m->languages),
        "centres", centres, "capacity",
        in && in->capacity ? in->capacity : arena_int(a, m->capacity), "volunteer_programme",
        in && in->volunteer_programme ? in->volunteer_programme : m->volunteer_programme, "bio",
        in && in->bio ? in->bio : m->bio, "checked",
        *m->safeguarding_checked_on ? view_date(r, m->safeguarding_checked_on) : "", "hours",
        val_str_ref(a, arena_printf(a, "%.2f", mt_hours(m->confirmed_minutes))), "has_profile",
        m->has_profile);
    form_crumbs(r, ctx, _(r->lang, "Mentoring"), "/mentoring", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "mentoring_profile", ctx);
}

/* GET /mentoring/profile: a mentor's own; anyone else is told there is none */
int mt_profile_page(struct req *r)
{
    struct mt_mentor m;
    int rc = mt_mentor_get_id(r->db, &r->arena, r->user->id, &m);
    return rc < 0 ? rc : profile_page(r, 200, &m, NULL, NULL);
}

/* POST /mentoring/profile */
int mt_profile_submit(struct req *r)
{
    struct mt_mentor m;
    /* a box list is sent only when something is ticked: none ticked means none */
    struct mt_mentor_input in = { .centre = S(http_form(r, "centre")),
                                  .capacity = S(http_form(r, "capacity")),
                                  .volunteer_programme = S(http_form(r, "volunteer_programme")),
                                  .bio = S(http_form(r, "bio")),
                                  .skills = mt_form_list(r, "skills"),
                                  .languages = mt_form_list(r, "languages") };
    json_t *errors;
    int rc = mt_mentor_get_id(r->db, &r->arena, r->user->id, &m);
    if (rc < 0)
        return rc;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_mentor_put(r, &m, &in, errors));
    if (rc == DARS_EINVALID) {
        rc = profile_page(r, 422, &m, &in, errors);
    } else if (rc == 0) {
        view_flash(r, N_("Your mentor profile is saved"));
        rc = http_redirect(r, "/mentoring");
    }
    json_decref(errors);
    return rc;
}

/* POST /admin/mentoring/safeguarding: a coordinator records (or clears) a mentor's check */
int mt_admin_safeguarding_submit(struct req *r)
{
    struct mt_mentor m;
    struct mt_mentor_input in = { .safeguarding_checked_on = S(http_form(r, "checked_on")) };
    const char *back = "/admin/mentoring?show=mentors";
    json_t *errors;
    int rc = mt_mentor_get(r->db, &r->arena, S(http_form(r, "mentor")), &m);
    if (rc < 0)
        return rc;
    if (!mt_mentor_may_edit(r, &m) || r->user->id == m.user_id)
        return DARS_EDENIED;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_mentor_put(r, &m, &in, errors));
    if (rc == DARS_EINVALID) {
        view_flash(r, mt_refusal(errors));
        rc = 0;
    } else if (rc == 0) {
        view_flash(r, *in.safeguarding_checked_on ? N_("The safeguarding check is recorded")
                                                  : N_("The safeguarding check is cleared"));
    }
    json_decref(errors);
    return rc < 0 ? rc : http_redirect(r, back);
}
