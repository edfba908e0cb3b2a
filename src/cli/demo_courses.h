/*
 * The demo's courses and programmes: real lessons in four languages, kept as
 * JSON files under src/cli/demo/ (embedded in the binary) and written through
 * catalog.h. demo_courses.c documents the file format.
 */
#ifndef DARS_CLI_DEMO_COURSES_H
#define DARS_CLI_DEMO_COURSES_H

struct db;
struct arena;
struct actor;

/*
 * Create every course of the src/cli/demo/ JSON files with its modules, lessons,
 * translations and instructors, then the programmes of
 * src/cli/demo/programmes.json, inside the caller's transaction. A course or
 * programme whose code exists is left alone, so running it twice adds
 * nothing. Instructors are demo people found by e-mail (they must exist).
 * Returns 0; DARS_EINVALID after printing "FILE: what is wrong" to stderr
 * when a file is malformed or the catalog refuses a field; or a database
 * error.
 */
int demo_courses(struct db *db, struct arena *a, const struct actor *who);

#endif
