/*
 * What http asks of the layers above it (DESIGN.md 4, "Layers point one
 * way"): who is asking, and the error page people see. http names neither
 * accounts nor view; the table of modules (src/modules.c) fills these at
 * start-up, before the server starts its threads, and nothing changes them
 * afterwards, so reading them needs no lock.
 *
 * To add a hook: declare its setter here, keep the pointer static in the file
 * that calls it, say what happens while it is NULL, and set it in modules.c.
 */
#ifndef DARS_HTTP_HOOKS_H
#define DARS_HTTP_HOOKS_H

struct req;

/*
 * Who is asking (a session cookie or a Bearer token): fills r->user (or
 * leaves it NULL), r->session_* and r->csrf. Returns 0; DARS_EAUTH when the
 * request sends credentials that are not valid (the API answers 401); another
 * negative status on failure (500). Without it nobody is ever signed in.
 */
void http_set_authenticate(int (*fn)(struct req *r));

/*
 * The error page for people (the API answers problem+json without it):
 * title is already translated, detail may be NULL. Returns 0. Without it the
 * answer is the title as plain text.
 */
void http_set_error_page(int (*fn)(struct req *r, int status, const char *title,
                                   const char *detail));
/*
 * Wake the server's background thread (the modules' hourly work, which has
 * its own connection) to run a round now, for work too long for a request
 * that a page has queued in the database. Set by `dars serve` when it starts
 * that thread (unlike the hooks above, which modules.c sets); while it is
 * NULL, http_background_wake returns false and the caller does the work
 * itself.
 */
void http_set_background_wake(void (*fn)(void));
bool http_background_wake(void);

#endif
