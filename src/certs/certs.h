/*
 * Certificates (DESIGN.md 6a): issued when an enrolment or a programme
 * completes where the course or programme gives one (in the completing
 * transaction, once per completion), or by hand; revoked with a reason;
 * replaced when a name is corrected. Each has a register number per issuing
 * centre and year, a PDF drawn with cairo and pango right after the commit
 * and kept as drawn, a public verification page, and an Open Badges 3.0
 * credential signed with the keys published at /.well-known/jwks.json. The
 * tables certificates, certificate_counters, certificate_templates and
 * certificate_keys belong here, and the certificate columns of courses and
 * programmes are read through catalog.h.
 *
 * Uses: audit, mail, org, accounts, catalog, enrol, cohorts.
 */
#ifndef DARS_CERTS_CERTS_H
#define DARS_CERTS_CERTS_H

#include "http/route.h"
#include "db/report.h"

#include <stddef.h>
#include <stdint.h>

struct actor;
struct arena;
struct db;

extern const struct route_table certs_routes;

/*
 * `dars keys rotate`: retire the key that signs Open Badges credentials and
 * make a new one; the old stays published in /.well-known/jwks.json, so
 * credentials it signed still verify. *kid gets the new key's id.
 */
int certs_keys_rotate(struct db *db, struct arena *a, const struct actor *who,
                      const char **kid /* OUT */);

/* At start: the end-of-transaction hook that draws issued certificates' PDFs (issue.c). */
int certs_init(struct db *db);

/*
 * enrol.h's enrol_completed: in the completing transaction, the course's
 * certificate where it gives one, and those of the programmes holding it
 * that the person has now completed, each once (issue.c).
 */
int certs_completed(struct db *db, struct arena *a, const struct actor *who,
                    int64_t enrolment_id, int64_t user_id, int64_t course_id, int64_t cohort_id);

/*
 * `dars demo` (demo.c), after the demo's learners completed (which issued
 * their certificates): one revoked, one replaced by a corrected name, one
 * in Korean issued by hand. Inside the caller's transaction; *made: how
 * many it made (0 when they are there already).
 */
/*
 * `dars demo`: the demo courses' certificate templates, in the names of the
 * demo's ministry and donor, before any completion issues a certificate.
 */
int certs_demo_templates(struct db *db, struct arena *a, const struct actor *who);
int certs_demo(struct db *db, struct arena *a, const struct actor *who, size_t *made /* OUT */);

/*
 * enrol.h's enrol_my_certificates: the signed-in person's certificates for
 * /my, newest first, replaced ones left out (my.c). One statement.
 */
struct req;
struct val;
int certs_my_list(struct req *r, struct val **out /* OUT */);

/*
 * The certificates as the reports' facts (db/report.h, kind certified):
 * the reports' `certified` and the people_certified metric (report_sql.c).
 */
extern const struct report_source certs_report_sources[];
extern const size_t certs_report_nsources;

#endif
