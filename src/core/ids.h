/* Arrays of ids (int64_t), as db_query_ids() and the per-request caches hold them. */
#ifndef DARS_CORE_IDS_H
#define DARS_CORE_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether id is among v[0..n), which is sorted ascending: a binary search. */
bool ids_sorted_has(const int64_t *v, size_t n, int64_t id);
/* Whether id is among v[0..n), in any order: for the few ids of a person's roles. */
bool ids_has(const int64_t *v, size_t n, int64_t id);

#endif
