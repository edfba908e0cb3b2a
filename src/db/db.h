/*
 * The only storage API. One connection (struct db) belongs to one thread at a
 * time; the server keeps one per worker thread. SQL uses '?' placeholders and
 * the portable subset described in DESIGN.md section 4; the PostgreSQL driver
 * rewrites '?' to $1, $2, ...
 *
 * Statements are prepared once per connection and cached by the address of
 * their SQL text, so pass string literals (or other long-lived strings).
 *
 *     struct db_stmt *st;
 *     if (db_query(db, &st, "SELECT id, name FROM regions WHERE code = ?",
 *                  DB_ARGS(DB_TEXT(code))) < 0)
 *         goto out;
 *     while ((rc = db_step(st)) == DB_ROW)
 *         use(db_col_int(st, 0), db_col_text(st, 1));
 *     db_done(st);                       // always, also after an error
 *     if (rc < 0) goto out;
 *
 * To add a query: write it in the module's *_sql.c as a static const char[]
 * and call db_query()/db_exec() with bound arguments; never build SQL from input.
 */
#ifndef DARS_DB_DB_H
#define DARS_DB_DB_H

#include <stdint.h>

struct db;
struct db_stmt;

enum db_engine { DB_SQLITE = 1, DB_POSTGRES = 2 };

enum db_arg_type { DB_T_NULL, DB_T_INT, DB_T_TEXT, DB_T_BLOB };

struct db_arg {
    enum db_arg_type type;
    int64_t i; /* the integer; a blob's length */
    const char *s; /* the text; a blob's bytes */
};

#define DB_INT(x) ((struct db_arg){ DB_T_INT, (int64_t)(x), NULL })
/* a NULL pointer binds SQL NULL */
#define DB_TEXT(x) ((struct db_arg){ DB_T_TEXT, 0, (x) })
#define DB_NULL ((struct db_arg){ DB_T_NULL, 0, NULL })
/* bytes (BLOB in SQLite, BYTEA in PostgreSQL); not copied, keep them until the step */
#define DB_BLOB(p, n) ((struct db_arg){ DB_T_BLOB, (int64_t)(n), (const char *)(p) })
/* optional integer: SQL NULL when the id is 0 */
#define DB_ID(x) ((x) ? DB_INT(x) : DB_NULL)
#define DB_ARGS(...) (const struct db_arg[]){ __VA_ARGS__ }, \
    (sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0

/* db_step() results; errors are negative DARS_E* codes */
#define DB_ROW 1
#define DB_DONE 0

/*
 * Open "sqlite:PATH" or "postgresql://..." (also "postgres://..."). On failure
 * returns DARS_EDB (or DARS_EINVALID for a URL we do not understand) and puts
 * a readable reason in err (caller frees it with free()).
 */
int db_open(const char *url, struct db **out /* OUT */, char **err /* OUT */);
void db_close(struct db *db);
enum db_engine db_engine(const struct db *db);

/*
 * Prepare (or take from the cache), bind args and start a statement. The
 * statement is owned by the connection; give it back with db_done(). Only one
 * use of a given SQL text may be open at a time per connection.
 */
int db_query(struct db *db, struct db_stmt **out /* OUT */, const char *sql,
             const struct db_arg *args, size_t nargs);
/*
 * db_query() for SQL built at run time (a report's filters and periods): the
 * text may be freed once this returns. The cache of db_query() keys
 * statements by their text's address, which a freed and reused buffer would
 * make answer for another statement; these are kept by their whole text
 * instead (the last 16 per connection), so the same report asked again is not
 * prepared again, and a different text never runs another's statement.
 */
int db_query_once(struct db *db, struct db_stmt **out /* OUT */, const char *sql,
                  const struct db_arg *args, size_t nargs);
/* DB_ROW, DB_DONE or a negative error. */
int db_step(struct db_stmt *st);
/* Reset and hand back a statement from db_query(); NULL is fine. */
void db_done(struct db_stmt *st);

int db_col_count(struct db_stmt *st);
bool db_col_is_null(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
/* Text of a column, "" for NULL; valid until the next db_step()/db_done(). */
const char *db_col_text(struct db_stmt *st, int col);

/*
 * Bytes of a BLOB/BYTEA column, copied into a (so they outlive the row);
 * *len gets their count. NULL (and *len 0) for SQL NULL.
 */
struct arena;
const void *db_col_blob(struct db_stmt *st, int col, struct arena *a, size_t *len /* OUT */);

/* Run a statement returning no rows; *changes (may be NULL) gets rows affected. */
int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs);
int db_exec_changes(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
                    int64_t *changes /* OUT */);
/*
 * Start sql and step to its first row: 0 with *out standing on it (read its
 * columns, then db_done(*out)); DARS_ENOTFOUND when there is no row, or a
 * database error (the statement is given back already in both cases).
 *
 *     if ((rc = db_query_row(db, &st, code_sql, DB_ARGS(DB_INT(id)))) < 0)
 *         return rc;
 *     *code = arena_strdup(a, db_col_text(st, 0));
 *     db_done(st);
 */
int db_query_row(struct db *db, struct db_stmt **out /* OUT */, const char *sql,
                 const struct db_arg *args, size_t nargs);
/*
 * Run a statement and collect the first column of every row (integers, such
 * as ids) into an array in a; *n gets their count (0 and *out NULL for none).
 */
int db_query_ids(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
                 size_t nargs, int64_t **out /* OUT */, size_t *n /* OUT */);
/* Run a statement whose first row's first column is an integer (e.g. RETURNING id). */
int db_query_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
                 int64_t *out /* OUT */);
/* Run several ';'-separated statements without arguments (migrations). Not cached. */
int db_exec_script(struct db *db, const char *sql);

/*
 * Transactions do not nest; a failed request calls db_tx_rollback(). They are
 * for writing: on SQLite db_tx_begin() takes the write lock at once (BEGIN
 * IMMEDIATE), so a transaction that reads and then writes waits its turn
 * (busy timeout) instead of failing on a snapshot another writer made stale.
 */
int db_tx_begin(struct db *db);
/*
 * Until db_snapshot_end(), reads outside a transaction share one read
 * transaction (SQLite; nothing on PostgreSQL): a request's statements take
 * the database's locks once rather than each, and see one state of it. A
 * write outside a transaction, and db_tx_begin(), end it first, so writes
 * behave as they always do. The server brackets each request with these.
 */
void db_snapshot_begin(struct db *db);
void db_snapshot_end(struct db *db);
/*
 * Serialise the transactions that decide on the same thing (a course's free
 * places, a learner's next attempt) until this one ends. Call it first in the
 * transaction, before reading what the decision rests on. On PostgreSQL an
 * advisory lock keyed (space, key): pick a space per kind of decision, the
 * key names the thing; keys are cut to 32 bits, so two things may share a
 * lock, which costs only waiting. On SQLite the transaction already holds the
 * database's one write lock, so nothing more is needed.
 */
int db_tx_lock(struct db *db, uint32_t space, int64_t key);
int db_tx_commit(struct db *db);
void db_tx_rollback(struct db *db);
bool db_in_tx(const struct db *db);
/*
 * End a transaction by the outcome of its work: commit when rc is 0, roll
 * back otherwise. Returns rc, or the commit's failure.
 *
 *     if ((rc = db_tx_begin(db)) < 0 || (rc = db_tx_end(db, do_the_writes(db))) < 0)
 *         goto out;
 */
int db_tx_end(struct db *db, int rc);
/*
 * A function every transaction runs just before it commits, in it (reports
 * keep their summary so); its failure rolls the transaction back. One per
 * process, set at start before any connection is used.
 */
void db_set_commit_hook(int (*fn)(struct db *db));
/*
 * A function every transaction runs once it has ended, outside it: committed
 * tells whether its work is in the database (certificates draw their PDFs
 * then, never while the transaction holds the database). One per process,
 * set at start like the commit hook.
 */
void db_set_end_hook(void (*fn)(struct db *db, bool committed));

/* The last error message of this connection, for logs. Never NULL. */
const char *db_errmsg(struct db *db);

/* Statements executed on this connection since it opened (tests count them). */
uint64_t db_stmt_count(const struct db *db);
/* Nanoseconds spent inside the database on this connection. */
uint64_t db_time_ns(const struct db *db);

#endif
