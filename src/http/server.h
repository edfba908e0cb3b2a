/*
 * The HTTP server: one libmicrohttpd daemon per worker thread on a shared
 * SO_REUSEPORT listener (one daemon's own thread pool can put every connection
 * on one thread; DESIGN.md section 8), one database connection per thread.
 */
#ifndef DARS_HTTP_SERVER_H
#define DARS_HTTP_SERVER_H

struct server_opts {
    const char *listen;  /* "ADDR:PORT" */
    int threads;
    const char *db_url;
};

/*
 * Serve until SIGTERM or SIGINT, then stop accepting, let in-flight requests
 * finish (up to 10 seconds) and return 0. Fails with DARS_ERR when the address
 * cannot be bound, DARS_EINVALID when it cannot be parsed.
 */
int server_run(const struct server_opts *opts);

/* The calling worker thread's database connection (opened on first use). */
struct db *server_thread_db(char **err /* OUT, on failure */);

#endif
