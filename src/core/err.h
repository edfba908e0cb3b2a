/*
 * The one table from DARS_E* status codes to HTTP statuses, exit codes and
 * short names (STYLE.md rule 4).
 */
#ifndef DARS_CORE_ERR_H
#define DARS_CORE_ERR_H

/* HTTP status for a status code: 0 -> 200, DARS_ENOTFOUND -> 404, ... */
int err_http_status(int rc);
/* Exit code: 0 ok, 2 for invalid input (usage), 1 for everything else. */
int err_exit_code(int rc);
/* A short English phrase for logs and problem titles: "not found". */
const char *err_str(int rc);

#endif
