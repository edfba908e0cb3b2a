/*
 * The server's hourly work: one thread, started by `dars serve` beside the
 * outbox's sender, with its own database connection, that runs each
 * module's hourly function (modules.h) a minute after start and then every
 * hour, and stops when the server does. What runs there must be safe on
 * several servers at once (each module says how: a unique key, a lease).
 */
#include "core/base.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "modules.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

/* the first round waits a little: the server is up and answering before the work starts */
#define HOURLY_FIRST_SECONDS 60
#define HOURLY_SECONDS 3600

static struct {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool running, stopping, woken;
    const char *db_url;
} hourly = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

/* Sleep up to seconds, or less when woken or asked to stop; true when stopping. */
static bool hourly_wait(int seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    pthread_mutex_lock(&hourly.lock);
    while (!hourly.stopping && !hourly.woken) {
        if (pthread_cond_timedwait(&hourly.wake, &hourly.lock, &until) != 0)
            break; /* the time is up */
    }
    hourly.woken = false;
    bool stopping = hourly.stopping;
    pthread_mutex_unlock(&hourly.lock);
    return stopping;
}

/* One round: every module's hourly work; a database error drops the connection for a fresh one. */
static void hourly_round(struct db **db)
{
    char *err = NULL;
    if (!*db && db_open(hourly.db_url, db, &err) < 0) {
        log_error("hourly: cannot open the database: %s", err ? err : "");
        free(err);
        *db = NULL;
        return;
    }
    for (const struct module *m = modules; m->name; m++) {
        if (!m->hourly)
            continue;
        int rc = m->hourly(*db);
        if (rc < 0) {
            log_error("hourly: %s: %s", m->name, rc == DARS_EINVALID ? "bad settings" : db_errmsg(*db));
            db_tx_rollback(*db);
            db_close(*db);
            *db = NULL;
            return;
        }
    }
}

static void *hourly_main(void *arg)
{
    struct db *db = NULL;
    UNUSED(arg);

    for (int wait = HOURLY_FIRST_SECONDS; !hourly_wait(wait); wait = HOURLY_SECONDS)
        hourly_round(&db);
    if (db)
        db_close(db);
    return NULL;
}

int cli_hourly_start(const char *db_url)
{
    sigset_t block, old;

    if (hourly.running)
        return 0;
    hourly.db_url = db_url;
    hourly.stopping = false;
    /* the server takes SIGTERM and SIGINT with sigwait; keep them out of this thread */
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int err = pthread_create(&hourly.thread, NULL, hourly_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        log_error("hourly: cannot start the thread: %s", strerror(err));
        return DARS_ERR;
    }
    hourly.running = true;
    return 0;
}

void cli_hourly_wake(void)
{
    pthread_mutex_lock(&hourly.lock);
    hourly.woken = true;
    pthread_cond_signal(&hourly.wake);
    pthread_mutex_unlock(&hourly.lock);
}

void cli_hourly_stop(void)
{
    if (!hourly.running)
        return;
    pthread_mutex_lock(&hourly.lock);
    hourly.stopping = true;
    pthread_cond_signal(&hourly.wake);
    pthread_mutex_unlock(&hourly.lock);
    pthread_join(hourly.thread, NULL);
    hourly.running = false;
}
