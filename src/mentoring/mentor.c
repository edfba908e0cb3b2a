/*
 * Mentor profiles: who counts as a mentor (the role), what they said about
 * themselves (skills, languages, centre, capacity, bio, volunteer
 * programme) and what a coordinator recorded (the safeguarding check).
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "audit/audit.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"

#include <math.h>
#include <string.h>

/* the languages a mentor may list: the interface's and those of the volunteers who come */
const char *const mt_langs[] = { "ar", "az", "de", "en", "fr", "ja", "kk", "ko",
                                           "ky", "ru", "tg", "tk", "tr", "uz", "vi", "zh" };

const size_t mt_nlangs = ARRAY_SIZE(mt_langs);

uint64_t mt_lang_bit(const char *lang)
{
    for (size_t i = 0; lang && i < ARRAY_SIZE(mt_langs); i++)
        if (streq(lang, mt_langs[i]))
            return (uint64_t)1 << i;
    return 0;
}

double mt_hours(int64_t minutes)
{
    return round((double)minutes / 60.0 * 100.0) / 100.0;
}

bool mt_is_day(const char *s)
{
    time_t t;
    char iso[64];
    if (!s || strlen(s) != 10 || !time_shaped(s, "9999-99-99"))
        return false;
    snprintf(iso, sizeof(iso), "%sT00:00:00Z", s);
    if (time_from_iso(iso, &t) < 0)
        return false;
    char back[TIME_ISO_LEN];
    time_to_iso(back, t);
    return !strncmp(back, s, 10); /* 2026-02-30 would roll over */
}

bool mt_coordinates(const struct req *r, int64_t centre_id)
{
    if (!r->user)
        return false;
    if (r->user->is_admin)
        return true;
    return centre_id && accounts_can_manage_centre(r, centre_id);
}

bool mt_mentor_may_edit(const struct req *r, const struct mt_mentor *m)
{
    if (!r->user)
        return false;
    if (r->user->id == m->user_id || r->user->is_admin)
        return true;
    /* a mentor of no centre yet: any coordinator may take them in */
    return m->centre_id ? mt_coordinates(r, m->centre_id) : r->user->is_manager;
}

/* A NULL-ended list of the first column of every row of sql (one integer argument). */
static int text_list(struct db *db, struct arena *a, const char *sql, int64_t id,
                     const char ***out)
{
    struct db_stmt *st;
    size_t n = 0, cap = 0;
    const char **v = NULL;
    int rc = db_query(db, &st, sql, DB_ARGS(DB_INT(id)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        v = arena_grow(a, v, n, &cap, sizeof(*v));
        v[n++] = arena_strdup(a, db_col_text(st, 0));
    }
    db_done(st);
    v = arena_grow(a, v, n, &cap, sizeof(*v));
    v[n] = NULL;
    *out = v;
    return rc < 0 ? rc : 0;
}

static int mentor_fill(struct db *db, struct arena *a, struct mt_mentor *m)
{
    struct db_stmt *st;
    int64_t n = 0;
    int rc = db_query_int(db, mt_is_mentor_sql, DB_ARGS(DB_INT(m->user_id)), &n);
    if (rc < 0)
        return rc;
    if (!n)
        return DARS_ENOTFOUND;
    m->capacity = 2; /* the table's default, until they say */
    m->volunteer_programme = m->bio = m->safeguarding_checked_on = m->updated_at = "";
    m->centre_code = m->centre_name = "";
    rc = db_query_row(db, &st, mt_profile_sql, DB_ARGS(DB_INT(m->user_id)));
    if (rc == 0) {
        m->has_profile = true;
        m->centre_id = db_col_int(st, 0);
        m->centre_code = arena_strdup(a, db_col_text(st, 1));
        m->centre_name = arena_strdup(a, db_col_text(st, 2));
        m->capacity = db_col_int(st, 3);
        m->volunteer_programme = arena_strdup(a, db_col_text(st, 4));
        m->bio = arena_strdup(a, db_col_text(st, 5));
        m->safeguarding_checked_on = arena_strdup(a, db_col_text(st, 6));
        m->updated_at = arena_strdup(a, db_col_text(st, 7));
        m->active = db_col_int(st, 8);
        m->proposed = db_col_int(st, 9);
        m->confirmed_minutes = db_col_int(st, 10);
        db_done(st);
    } else if (rc != DARS_ENOTFOUND) {
        return rc;
    }
    if ((rc = text_list(db, a, mt_profile_skills_sql, m->user_id, &m->skills)) < 0)
        return rc;
    return text_list(db, a, mt_profile_langs_sql, m->user_id, &m->languages);
}

int mt_mentor_get(struct db *db, struct arena *a, const char *email, struct mt_mentor *out)
{
    struct accounts_user_ref u;
    int rc = accounts_user_by_email(db, a, email, &u);
    if (rc == DARS_EINVALID)
        return DARS_ENOTFOUND;
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->user_id = u.id;
    out->email = u.email;
    out->full_name = u.full_name;
    return mentor_fill(db, a, out);
}

int mt_mentor_get_id(struct db *db, struct arena *a, int64_t user_id, struct mt_mentor *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, mt_mentor_load_sql, DB_ARGS(DB_INT(user_id)));
    if (rc < 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->user_id = user_id;
    out->email = arena_strdup(a, db_col_text(st, 0));
    out->full_name = arena_strdup(a, db_col_text(st, 1));
    db_done(st);
    return mentor_fill(db, a, out);
}

static json_t *str_array(const char *const *v)
{
    json_t *arr = json_array();
    for (size_t i = 0; v && v[i]; i++)
        json_array_append_new(arr, json_string(v[i]));
    return arr;
}

json_t *mt_mentor_json(const struct mt_mentor *m)
{
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:s, s:s, s:o, s:I, s:I, s:f}", "email",
                     m->email, "full_name", m->full_name, "skills", str_array(m->skills),
                     "languages", str_array(m->languages), "centre",
                     *m->centre_code ? json_string(m->centre_code) : json_null(), "capacity",
                     (json_int_t)m->capacity, "volunteer_programme", m->volunteer_programme,
                     "bio", m->bio, "safeguarding_checked_on",
                     *m->safeguarding_checked_on ? json_string(m->safeguarding_checked_on)
                                                 : json_null(),
                     "active", (json_int_t)m->active, "proposed", (json_int_t)m->proposed,
                     "hours", mt_hours(m->confirmed_minutes));
}

/* Whether two NULL-ended lists hold the same strings in the same order. */
static bool same_list(const char *const *a, const char *const *b)
{
    size_t i = 0;
    for (; a && b && a[i] && b[i]; i++)
        if (!streq(a[i], b[i]))
            return false;
    return (!a || !a[i]) && (!b || !b[i]);
}

static const char *joined(struct arena *a, const char *const *v)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; v && v[i]; i++)
        buf_addf(&b, "%s%s", i ? "," : "", v[i]);
    const char *s = arena_strdup(a, b.ptr);
    buf_release(&b);
    return s;
}

int mt_mentor_put(struct req *r, const struct mt_mentor *m, const struct mt_mentor_input *in,
                  json_t *errors)
{
    int64_t centre_id = m->centre_id, capacity = m->capacity, skill_ids[MT_MAX_SKILLS];
    const char *volunteer = in->volunteer_programme ? in->volunteer_programme
                                                    : m->volunteer_programme;
    const char *bio = in->bio ? in->bio : m->bio;
    const char *checked = in->safeguarding_checked_on ? in->safeguarding_checked_on
                                                      : m->safeguarding_checked_on;
    const char *const *skills = in->skills ? in->skills : m->skills;
    const char *const *langs = in->languages ? in->languages : m->languages;
    size_t nskills = 0;
    char now[TIME_ISO_LEN];
    int rc;

    if (in->centre && *in->centre) {
        rc = org_centre_id(r->db, form_code_norm(&r->arena, in->centre), &centre_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "centre", N_("Choose a centre that exists"));
        else if (rc < 0)
            return rc;
    } else if (in->centre) {
        centre_id = 0;
    }
    /* a coordinator takes a mentor to their centres only; the mentor moves freely */
    if (in->centre && centre_id != m->centre_id && r->user->id != m->user_id &&
        !mt_coordinates(r, centre_id))
        form_error(errors, "centre", N_("Choose a centre you manage"));
    if (in->capacity && !form_count(in->capacity, 50, &capacity))
        form_error(errors, "capacity", N_("Enter a whole number from 0 to 50"));
    if (in->safeguarding_checked_on && !streq(checked, m->safeguarding_checked_on)) {
        bool coordinator = mt_coordinates(r, centre_id) || mt_coordinates(r, m->centre_id);
        if (!coordinator || r->user->id == m->user_id)
            form_error(errors, "safeguarding_checked_on",
                       N_("Only a coordinator records a safeguarding check"));
        else if (*checked && !mt_is_day(checked))
            form_error(errors, "safeguarding_checked_on", N_("Enter a date like 2026-03-31"));
    }
    if (strlen(volunteer) > 200)
        form_error(errors, "volunteer_programme", N_("Keep it under 200 characters"));
    if (strlen(bio) > 2000)
        form_error(errors, "bio", N_("Keep it under 2,000 characters"));
    for (size_t i = 0; skills && skills[i]; i++) {
        if (nskills == MT_MAX_SKILLS) {
            form_error(errors, "skills", N_("Choose fewer skills"));
            break;
        }
        rc = db_query_int(r->db, mt_skill_id_sql, DB_ARGS(DB_TEXT(skills[i])),
                          &skill_ids[nskills]);
        if (rc == DARS_ENOTFOUND) {
            form_error(errors, "skills", N_("Choose skills from the list"));
            break;
        }
        if (rc < 0)
            return rc;
        nskills++;
    }
    for (size_t i = 0; langs && langs[i]; i++)
        if (!mt_lang_bit(langs[i])) {
            form_error(errors, "languages", N_("Choose languages from the list"));
            break;
        }
    if (json_object_size(errors))
        return DARS_EINVALID;

    time_now_iso(now);
    if ((rc = db_exec(r->db, mt_profile_upsert_sql,
                      DB_ARGS(DB_INT(m->user_id), DB_ID(centre_id), DB_INT(capacity),
                              DB_TEXT(volunteer), DB_TEXT(bio),
                              DB_TEXT(*checked ? checked : NULL), DB_TEXT(now),
                              DB_TEXT(now)))) < 0 ||
        (rc = db_exec(r->db, mt_profile_skills_clear_sql, DB_ARGS(DB_INT(m->user_id)))) < 0 ||
        (rc = db_exec(r->db, mt_profile_langs_clear_sql, DB_ARGS(DB_INT(m->user_id)))) < 0)
        return rc;
    for (size_t i = 0; i < nskills; i++)
        if ((rc = db_exec(r->db, mt_profile_skill_add_sql,
                          DB_ARGS(DB_INT(m->user_id), DB_INT(skill_ids[i])))) < 0)
            return rc;
    for (size_t i = 0; langs && langs[i]; i++)
        if ((rc = db_exec(r->db, mt_profile_lang_add_sql,
                          DB_ARGS(DB_INT(m->user_id), DB_TEXT(langs[i])))) < 0)
            return rc;

    json_t *changes = json_object();
    const char *old_centre = "", *new_centre = "";
    if (centre_id != m->centre_id) {
        old_centre = m->centre_code;
        if (centre_id && (rc = org_centre_code(r->db, &r->arena, centre_id, &new_centre)) < 0)
            goto out;
    } else {
        old_centre = new_centre = m->centre_code;
    }
    audit_diff(changes, "centre", old_centre, new_centre);
    audit_diff(changes, "capacity", arena_int(&r->arena, m->capacity),
               arena_int(&r->arena, capacity));
    audit_diff(changes, "volunteer_programme", m->volunteer_programme, volunteer);
    audit_diff(changes, "bio", m->bio, bio);
    audit_diff(changes, "safeguarding_checked_on", m->safeguarding_checked_on, checked);
    if (!same_list(skills, m->skills))
        audit_diff(changes, "skills", joined(&r->arena, m->skills), joined(&r->arena, skills));
    if (!same_list(langs, m->languages))
        audit_diff(changes, "languages", joined(&r->arena, m->languages),
                   joined(&r->arena, langs));
    struct actor who = audit_actor(r);
    rc = audit_record(r->db, &who, m->has_profile ? "mentor.update" : "mentor.create", "mentor",
                      m->email, changes);
out:
    json_decref(changes);
    return rc;
}
