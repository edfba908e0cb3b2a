/*
 * Matching: a score out of 100 for a request and a mentor, made of the
 * share of the wanted skills the mentor has (40), a shared language (25),
 * the same centre (20) or region (10), and the share of the mentor's places
 * still free (15); the reasons are shown beside it. Safeguarding comes
 * first: a mentee under 18 is never matched with a mentor whose check is
 * not recorded, and a mentor with no free place is not suggested.
 *
 * Everything is loaded in a fixed few statements (match_sql.c) and scored in
 * memory, so suggesting for every open request costs the same statements
 * for ten requests or two thousand.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "db/db.h"

#include <stdlib.h>
#include <string.h>

void mt_score(const struct mt_match_req *q, const struct mt_match_mentor *m, uint64_t q_lang,
              struct mt_score *out)
{
    memset(out, 0, sizeof(*out));
    if (m->id == q->mentee_id || m->load >= m->capacity ||
        (mt_is_minor(q->birth_year) && !m->checked)) {
        out->total = MT_NO_MATCH;
        return;
    }
    int shared = __builtin_popcountll(q->skills & m->skills);
    out->skills = q->nskills ? 40 * shared / q->nskills : 0;
    out->language = (q_lang & m->langs) != 0;
    out->same_centre = q->centre_id && q->centre_id == m->centre_id;
    out->same_region = !out->same_centre && q->region_id && q->region_id == m->region_id;
    out->spare = m->capacity ? (int)(15 * (m->capacity - m->load) / m->capacity) : 0;
    out->total = out->skills + (out->language ? 25 : 0) + (out->same_centre ? 20 : 0) +
                 (out->same_region ? 10 : 0) + out->spare;
    /* meeting in person needs somewhere near: a mentor of another region is no match */
    if (streq(q->mode, "in-person") && !out->same_centre && !out->same_region)
        out->total = MT_NO_MATCH;
}

const char *mt_score_reasons(struct arena *a, const char *lang, const struct mt_score *s)
{
    struct buf b = BUF_INIT;
    buf_addf(&b, _(lang, "skills %d of 40"), s->skills);
    if (s->language)
        buf_addf(&b, "; %s", _(lang, "shares the language"));
    if (s->same_centre)
        buf_addf(&b, "; %s", _(lang, "same centre"));
    else if (s->same_region)
        buf_addf(&b, "; %s", _(lang, "same region"));
    buf_addf(&b, "; ");
    buf_addf(&b, _(lang, "free places %d of 15"), s->spare);
    const char *out = arena_strdup(a, b.ptr);
    buf_release(&b);
    return out;
}

/* the index of mentor id in the pool (ids ascending), or -1 */
static long mentor_index(const struct mt_pool *p, int64_t id)
{
    size_t lo = 0, hi = p->nmen;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->men[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nmen && p->men[lo].id == id ? (long)lo : -1;
}

static long request_index(const struct mt_pool *p, int64_t id)
{
    size_t lo = 0, hi = p->nreqs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->reqs[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nreqs && p->reqs[lo].id == id ? (long)lo : -1;
}

/* a skill's bit: its id among the first MT_MAX_SKILLS ids, which the seeded list starts */
static uint64_t skill_bit(int64_t skill_id)
{
    return skill_id >= 1 && skill_id <= MT_MAX_SKILLS ? (uint64_t)1 << (skill_id - 1) : 0;
}

/* pairs under way, to leave out: sorted (mentor, mentee) */
struct mt_pair {
    int64_t mentor, mentee;
};
static int pair_cmp(const void *a, const void *b)
{
    const struct mt_pair *x = a, *y = b;
    if (x->mentor != y->mentor)
        return x->mentor < y->mentor ? -1 : 1;
    return x->mentee < y->mentee ? -1 : x->mentee > y->mentee;
}

int mt_pool_load(struct req *r, int64_t request_id, struct mt_pool *out)
{
    struct arena *a = &r->arena;
    struct db_stmt *st;
    size_t cap;
    int rc;

    memset(out, 0, sizeof(*out));
    /* requests */
    if ((rc = db_query(r->db, &st, mt_match_requests_sql,
                       DB_ARGS(DB_INT(request_id), DB_INT(request_id),
                               DB_INT(r->user->is_admin), DB_INT(r->user->id)))) < 0)
        return rc;
    cap = 64;
    out->reqs = arena_alloc(a, cap * sizeof(*out->reqs));
    out->req_email = arena_alloc(a, cap * sizeof(char *));
    out->req_name = arena_alloc(a, cap * sizeof(char *));
    while ((rc = db_step(st)) == DB_ROW) {
        if (out->nreqs == cap) {
            void *q = arena_alloc(a, cap * 2 * sizeof(*out->reqs));
            memcpy(q, out->reqs, cap * sizeof(*out->reqs));
            out->reqs = q;
            const char **e = arena_alloc(a, cap * 2 * sizeof(char *));
            memcpy(e, out->req_email, cap * sizeof(char *));
            out->req_email = e;
            const char **n = arena_alloc(a, cap * 2 * sizeof(char *));
            memcpy(n, out->req_name, cap * sizeof(char *));
            out->req_name = n;
            cap *= 2;
        }
        struct mt_match_req *q = &out->reqs[out->nreqs];
        memset(q, 0, sizeof(*q));
        q->id = db_col_int(st, 0);
        q->mentee_id = db_col_int(st, 1);
        q->centre_id = db_col_int(st, 2);
        q->region_id = db_col_int(st, 3);
        q->birth_year = db_col_int(st, 4);
        q->language = arena_strdup(a, db_col_text(st, 5));
        q->mode = arena_strdup(a, db_col_text(st, 6));
        out->req_email[out->nreqs] = arena_strdup(a, db_col_text(st, 7));
        out->req_name[out->nreqs] = arena_strdup(a, db_col_text(st, 8));
        out->nreqs++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, mt_match_request_skills_sql,
                       DB_ARGS(DB_INT(request_id), DB_INT(request_id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        long i = request_index(out, db_col_int(st, 0));
        uint64_t bit = skill_bit(db_col_int(st, 1));
        if (i >= 0 && bit) {
            out->reqs[i].skills |= bit;
            out->reqs[i].nskills++;
        }
    }
    db_done(st);
    if (rc < 0)
        return rc;

    /* mentors */
    if ((rc = db_query(r->db, &st, mt_match_mentors_sql, DB_NOARGS)) < 0)
        return rc;
    cap = 64;
    out->men = arena_alloc(a, cap * sizeof(*out->men));
    out->men_email = arena_alloc(a, cap * sizeof(char *));
    out->men_name = arena_alloc(a, cap * sizeof(char *));
    while ((rc = db_step(st)) == DB_ROW) {
        if (out->nmen == cap) {
            void *m = arena_alloc(a, cap * 2 * sizeof(*out->men));
            memcpy(m, out->men, cap * sizeof(*out->men));
            out->men = m;
            const char **e = arena_alloc(a, cap * 2 * sizeof(char *));
            memcpy(e, out->men_email, cap * sizeof(char *));
            out->men_email = e;
            const char **n = arena_alloc(a, cap * 2 * sizeof(char *));
            memcpy(n, out->men_name, cap * sizeof(char *));
            out->men_name = n;
            cap *= 2;
        }
        struct mt_match_mentor *m = &out->men[out->nmen];
        memset(m, 0, sizeof(*m));
        m->id = db_col_int(st, 0);
        m->centre_id = db_col_int(st, 1);
        m->region_id = db_col_int(st, 2);
        m->capacity = db_col_int(st, 3);
        m->load = db_col_int(st, 4);
        m->checked = db_col_int(st, 5) != 0;
        out->men_email[out->nmen] = arena_strdup(a, db_col_text(st, 6));
        out->men_name[out->nmen] = arena_strdup(a, db_col_text(st, 7));
        out->nmen++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, mt_match_mentor_skills_sql, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        long j = mentor_index(out, db_col_int(st, 0));
        if (j >= 0)
            out->men[j].skills |= skill_bit(db_col_int(st, 1));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, mt_match_mentor_langs_sql, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        long j = mentor_index(out, db_col_int(st, 0));
        if (j >= 0)
            out->men[j].langs |= mt_lang_bit(db_col_text(st, 1));
    }
    db_done(st);
    if (rc < 0)
        return rc;

    /* a mentee and a mentor already paired are not proposed again: the mentor leaves them out */
    struct mt_pair *pairs = NULL;
    size_t npairs = 0, pcap = 0;
    if ((rc = db_query(r->db, &st, mt_match_pairs_sql, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        pairs = arena_grow(a, pairs, npairs, &pcap, sizeof(*pairs));
        pairs[npairs++] = (struct mt_pair){ db_col_int(st, 0), db_col_int(st, 1) };
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if (npairs)
        qsort(pairs, npairs, sizeof(*pairs), pair_cmp);
    out->pairs = pairs;
    out->npairs = npairs;
    return 0;
}

/* request i with mentor j: its score, MT_NO_MATCH for a pair already under way */
static void pool_score(const struct mt_pool *p, size_t i, size_t j, struct mt_score *s)
{
    const struct mt_match_req *q = &p->reqs[i];
    const struct mt_match_mentor *m = &p->men[j];
    struct mt_pair key = { m->id, q->mentee_id };
    mt_score(q, m, mt_lang_bit(q->language), s);
    if (s->total != MT_NO_MATCH && p->npairs &&
        bsearch(&key, p->pairs, p->npairs, sizeof(key), pair_cmp))
        s->total = MT_NO_MATCH;
}

static int pick_cmp(const void *a, const void *b)
{
    const struct mt_pick *x = a, *y = b;
    if (x->s.total != y->s.total)
        return y->s.total - x->s.total;
    return x->m->id < y->m->id ? -1 : x->m->id > y->m->id;
}

size_t mt_suggest(struct arena *a, const struct mt_pool *p, size_t i, size_t n,
                  struct mt_pick *out)
{
    struct mt_pick *all = arena_alloc(a, (p->nmen + 1) * sizeof(*all));
    size_t k = 0;
    for (size_t j = 0; j < p->nmen; j++) {
        all[k].q = &p->reqs[i];
        all[k].m = &p->men[j];
        pool_score(p, i, j, &all[k].s);
        if (all[k].s.total != MT_NO_MATCH)
            k++;
    }
    qsort(all, k, sizeof(*all), pick_cmp);
    if (k > n)
        k = n;
    memcpy(out, all, k * sizeof(*out));
    return k;
}

int64_t mt_suggest_all(struct arena *a, const struct mt_pool *p, struct mt_pick *out)
{
    int16_t *score = arena_alloc(a, (p->nreqs * p->nmen + 1) * sizeof(*score));
    int64_t *cap = arena_alloc(a, (p->nmen + 1) * sizeof(*cap));
    int *pick = arena_alloc(a, (p->nreqs + 1) * sizeof(*pick));
    struct mt_score s;

    for (size_t j = 0; j < p->nmen; j++)
        cap[j] = p->men[j].capacity > p->men[j].load ? p->men[j].capacity - p->men[j].load : 0;
    for (size_t i = 0; i < p->nreqs; i++)
        for (size_t j = 0; j < p->nmen; j++) {
            pool_score(p, i, j, &s);
            score[i * p->nmen + j] = (int16_t)s.total;
        }
    int64_t total = mt_assign(a, score, p->nreqs, p->nmen, cap, pick);
    for (size_t i = 0; i < p->nreqs; i++) {
        out[i].q = &p->reqs[i];
        out[i].m = pick[i] >= 0 ? &p->men[pick[i]] : NULL;
        memset(&out[i].s, 0, sizeof(out[i].s));
        if (out[i].m)
            pool_score(p, i, (size_t)pick[i], &out[i].s);
    }
    return total;
}
