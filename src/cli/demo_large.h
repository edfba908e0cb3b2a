/* The national-scale demo for the benchmark (dars demo --scale large). */
#ifndef DARS_CLI_DEMO_LARGE_H
#define DARS_CLI_DEMO_LARGE_H

#include <stdint.h>

struct db;
struct arena;

/*
 * Add 1,000,000 people, 48 more centres (60 in all), 5,000 courses with
 * 100,000 lessons and 3,000,000 enrolments with lesson progress to a
 * database that holds the small demo, in one transaction, the same rows for
 * the same seed. Every new person's password is password. Prints progress on
 * stderr and on stdout the logins of a regional manager ("manager login:",
 * which bench/run reads), a centre's manager and a learner. Does nothing (0)
 * when the large demo is there already.
 */
int demo_large(struct db *db, struct arena *a, uint64_t seed, const char *password);

#endif
