/*
 * PostgreSQL driver (libpq): '?' placeholders become $1, $2, ..., each SQL text
 * is prepared once per connection as a named server-side statement, and every
 * session runs in UTF-8 and UTC. A lost connection is reopened on the next call
 * and its statements are prepared again, so a database restart costs the
 * requests in flight, not the worker.
 */
#include "core/base.h"
#include "db/db_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <libpq-fe.h>

struct pg_conn {
    PGconn *pg;
    unsigned next_id; /* statement names: s1, s2, ... */
    unsigned gen;     /* bumped on reconnect: statements of older generations are gone */
    bool ready;       /* connected and session_setup() done */
    char err[256];    /* the last error, one line, for db_errmsg() */
};

struct pg_stmt {
    char name[16];
    char *sql; /* rewritten text, kept to prepare again after a reconnect */
    int nparams;
    unsigned gen;
    bool is_commit;
    PGresult *res; /* result of the current execution, NULL when reset */
    int rc;        /* its outcome: 0, or the error step() reports */
    int row;       /* rows handed out so far; the current row is row - 1 */
};

/* Copy src into dst as one line: newlines become "; ", trailing ones go. */
static void one_line(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src), j = 0;

    while (len && (src[len - 1] == '\n' || src[len - 1] == ' ' || src[len - 1] == '\t'))
        len--;
    for (size_t i = 0; i < len && j + 1 < n; i++) {
        if (src[i] != '\n') {
            dst[j++] = src[i];
            continue;
        }
        if (j + 3 >= n)
            break;
        dst[j++] = ';';
        dst[j++] = ' ';
        while (i + 1 < len && (src[i + 1] == ' ' || src[i + 1] == '\t'))
            i++;
    }
    dst[j] = '\0';
}

/*
 * Remember why r failed in c->err: the primary message and the SQLSTATE, but
 * not DETAIL, which quotes row values (e-mail addresses, names) into the logs.
 */
static void set_err(struct pg_conn *c, const PGresult *r)
{
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    char msg[200];

    if (primary) {
        one_line(msg, sizeof(msg), primary);
        snprintf(c->err, sizeof(c->err), state ? "%s (%s)" : "%s", msg, state);
    } else {
        /* a client-side failure (lost connection): only libpq knows why */
        one_line(c->err, sizeof(c->err), r ? PQresultErrorMessage(r) : PQerrorMessage(c->pg));
        if (!c->err[0])
            one_line(c->err, sizeof(c->err), PQerrorMessage(c->pg));
    }
}

/* Warnings go to stderr; notices ("already exists, skipping") and chatter do not. */
static void pg_notice(void *arg, const PGresult *r)
{
    UNUSED(arg);
    const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

    if (!sev || strcmp(sev, "WARNING") || !msg)
        return;
    /* db_tx_rollback() after a failed COMMIT: the server already ended the transaction */
    if (streq(state, "25P01"))
        return;
    fprintf(stderr, "pg: warning: %s\n", msg);
}

/* Session settings every connection needs; also run after a reconnect. */
static int session_setup(struct pg_conn *c)
{
    PQsetNoticeReceiver(c->pg, pg_notice, NULL);
    if (PQsetClientEncoding(c->pg, "UTF8") != 0) {
        one_line(c->err, sizeof(c->err), PQerrorMessage(c->pg));
        return DARS_EDB;
    }
    PGresult *r = PQexec(c->pg, "SET TIME ZONE 'UTC'");
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : DARS_EDB;
    if (rc < 0)
        set_err(c, r);
    PQclear(r);
    return rc;
}

/*
 * Make sure the connection is usable, reconnecting if it broke. Server-side
 * statements die with the old session, so bump gen to have them prepared again.
 */
static int ensure_conn(struct pg_conn *c)
{
    if (c->ready && PQstatus(c->pg) == CONNECTION_OK)
        return 0;
    if (PQstatus(c->pg) != CONNECTION_OK) {
        PQreset(c->pg);
        c->gen++;
        if (PQstatus(c->pg) != CONNECTION_OK) {
            one_line(c->err, sizeof(c->err), PQerrorMessage(c->pg));
            fprintf(stderr, "pg: cannot reconnect to database: %s\n", c->err);
            return DARS_EDB;
        }
    }
    c->ready = session_setup(c) == 0;
    if (!c->ready) {
        fprintf(stderr, "pg: cannot set up the session: %s\n", c->err);
        return DARS_EDB;
    }
    return 0;
}

static int pg_open(const char *url, void **conn, char **err)
{
    struct pg_conn *c = xcalloc(1, sizeof(*c));
    int rc = DARS_EDB;

    c->pg = PQconnectdb(url);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        /* the reason names host and database, never the password */
        one_line(c->err, sizeof(c->err), c->pg ? PQerrorMessage(c->pg) : "out of memory");
        goto out;
    }
    if (session_setup(c) < 0)
        goto out;
    c->ready = true;
    *conn = c;
    rc = 0;
out:
    if (rc < 0) {
        size_t n = strlen(c->err) + 32;
        *err = xmalloc(n);
        snprintf(*err, n, "cannot connect to database: %s", c->err);
        PQfinish(c->pg);
        free(c);
    }
    return rc;
}

static void pg_close(void *conn)
{
    struct pg_conn *c = conn;
    PQfinish(c->pg);
    free(c);
}

static bool is_ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/*
 * Length of the dollar-quote tag ("$tag$" or "$$") starting at s, or 0 when s
 * does not open one ($1 is a parameter, not a tag).
 */
static size_t dollar_tag(const char *s)
{
    size_t i = 1;
    if (s[i] >= '0' && s[i] <= '9')
        return 0;
    while (is_ident_char(s[i]) && s[i] != '$')
        i++;
    return s[i] == '$' ? i + 1 : 0;
}

/*
 * Rewrite '?' to $1, $2, ... in out; *nparams gets their number. Question marks
 * in string literals ('', E'' with backslash escapes, $$ $$), quoted identifiers
 * and comments stay. PostgreSQL's jsonb operators ?, ?| and ?& would be taken
 * for placeholders: the portable subset does not use them.
 */
static void rewrite_placeholders(const char *sql, struct buf *out, int *nparams)
{
    const char *p = sql;
    int n = 0;

    while (*p) {
        const char *start = p;
        if (*p == '?') {
            buf_addf(out, "$%d", ++n);
            p++;
            continue;
        }
        if (*p == '\'') {
            /* E'...' lets a backslash escape the quote */
            bool esc = p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
                       (p - 1 == sql || !is_ident_char(p[-2]));
            for (p++; *p; p++) {
                if (esc && *p == '\\' && p[1]) {
                    p++;
                } else if (*p == '\'') {
                    if (p[1] != '\'')
                        break;
                    p++; /* '' is a quote inside the literal */
                }
            }
            if (*p)
                p++;
        } else if (*p == '"') {
            /* "" inside an identifier: closing and reopening gives the same result */
            p = strchr(p + 1, '"');
            p = p ? p + 1 : start + strlen(start);
        } else if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            int depth = 1; /* PostgreSQL block comments nest */
            for (p += 2; *p && depth; p++) {
                if (p[0] == '/' && p[1] == '*')
                    depth++, p++;
                else if (p[0] == '*' && p[1] == '/')
                    depth--, p++;
            }
        } else if (*p == '$' && (p == sql || !is_ident_char(p[-1])) && dollar_tag(p)) {
            size_t tl = dollar_tag(p);
            const char *end = p + tl;
            while ((end = strchr(end, '$')) && strncmp(end, p, tl))
                end++;
            p = end ? end + tl : start + strlen(start);
        } else {
            p++;
        }
        buf_add(out, start, (size_t)(p - start));
    }
    *nparams = n;
}

/* Whether sql (after blanks and comments) starts with COMMIT or END. */
static bool is_commit_sql(const char *sql)
{
    for (;;) {
        sql += strspn(sql, " \t\r\n");
        if (sql[0] == '-' && sql[1] == '-')
            sql += strcspn(sql, "\n");
        else if (sql[0] == '/' && sql[1] == '*' && strstr(sql + 2, "*/"))
            sql = strstr(sql + 2, "*/") + 2;
        else
            break;
    }
    return (!strncasecmp(sql, "COMMIT", 6) && !is_ident_char(sql[6])) ||
           (!strncasecmp(sql, "END", 3) && !is_ident_char(sql[3]));
}

static int prepare_on_server(struct pg_conn *c, struct pg_stmt *st)
{
    /* no paramTypes: the server infers each parameter's type from its use */
    PGresult *r = PQprepare(c->pg, st->name, st->sql, st->nparams, NULL);
    int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : DARS_EDB;

    if (rc < 0) {
        set_err(c, r);
        fprintf(stderr, "pg: cannot prepare '%.80s': %s\n", st->sql, c->err);
    } else {
        st->gen = c->gen;
    }
    PQclear(r);
    return rc;
}

static int pg_prepare(void *conn, const char *sql, void **stmt)
{
    struct pg_conn *c = conn;
    struct pg_stmt *st = xcalloc(1, sizeof(*st));
    struct buf text = BUF_INIT;
    int rc = ensure_conn(c);

    if (rc < 0)
        goto out;
    rewrite_placeholders(sql, &text, &st->nparams);
    st->sql = buf_detach(&text, NULL);
    st->is_commit = is_commit_sql(sql);
    snprintf(st->name, sizeof(st->name), "s%u", ++c->next_id);
    rc = prepare_on_server(c, st);
out:
    if (rc < 0) {
        free(st->sql);
        free(st);
    } else {
        *stmt = st;
    }
    return rc;
}

/*
 * Nothing to tell the server: the only caller is db_close(), and closing the
 * connection drops its prepared statements. A DEALLOCATE per statement would
 * cost a round trip each and could hang shutdown on a half-dead TCP connection.
 * If the statement cache ever evicts, DEALLOCATE here (when PQstatus is OK and
 * no transaction has failed).
 */
static void pg_finalize(void *conn, void *stmt)
{
    UNUSED(conn);
    struct pg_stmt *st = stmt;
    PQclear(st->res);
    free(st->sql);
    free(st);
}

/*
 * A statement of one use (db_query_once): DEALLOCATE it on the server, which
 * would otherwise keep it until the connection closes. Not possible in a
 * failed transaction or on a broken or newer connection (gen): the
 * statement is gone with it, or stays until the connection closes.
 */
static void pg_discard(void *conn, void *stmt)
{
    struct pg_conn *c = conn;
    struct pg_stmt *st = stmt;
    if (PQstatus(c->pg) == CONNECTION_OK && st->gen == c->gen &&
        PQtransactionStatus(c->pg) != PQTRANS_INERROR) {
        char sql[32];
        snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
        PQclear(PQexec(c->pg, sql));
    }
    pg_finalize(conn, stmt);
}

/* 0 for a good result; otherwise set c->err and map SQLSTATE to a status. */
static int result_rc(struct pg_conn *c, struct pg_stmt *st, PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);

    if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
        /*
         * COMMIT of a transaction in which a statement failed "succeeds" with
         * the tag ROLLBACK: the caller must not believe its writes were kept.
         */
        if (st->is_commit && !strcmp(PQcmdStatus(r), "ROLLBACK")) {
            snprintf(c->err, sizeof(c->err),
                     "transaction rolled back: a statement in it had failed");
            fprintf(stderr, "pg: %s\n", c->err);
            return DARS_EDB;
        }
        return 0;
    }
    set_err(c, r);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    /* class 23, integrity constraint violation: unique, foreign key, not null, check */
    if (state && !strncmp(state, "23", 2))
        return DARS_ECONFLICT;
    fprintf(stderr, "pg: %s\n", c->err);
    return DARS_EDB;
}

static int pg_start(void *conn, void *stmt, const struct db_arg *args, size_t nargs)
{
    struct pg_conn *c = conn;
    struct pg_stmt *st = stmt;
    const char **vals = NULL;
    char (*nums)[24] = NULL;
    int *lengths = NULL, *formats = NULL;
    int rc = DARS_EDB;

    if ((size_t)st->nparams != nargs) {
        snprintf(c->err, sizeof(c->err), "statement takes %d arguments, got %zu", st->nparams,
                 nargs);
        fprintf(stderr, "pg: %s: '%.80s'\n", c->err, st->sql);
        goto out;
    }
    if (ensure_conn(c) < 0)
        goto out;
    if (st->gen != c->gen && prepare_on_server(c, st) < 0)
        goto out;
    if (nargs) {
        vals = xcalloc(nargs, sizeof(*vals));
        nums = xmalloc(nargs * sizeof(*nums));
    }
    for (size_t i = 0; i < nargs; i++) {
        switch (args[i].type) {
        case DB_T_INT:
            snprintf(nums[i], sizeof(nums[i]), "%" PRId64, args[i].i);
            vals[i] = nums[i];
            break;
        case DB_T_TEXT:
            vals[i] = args[i].s; /* NULL binds SQL NULL */
            break;
        case DB_T_BLOB:
            /* the only binary parameter: raw bytes, no escaping */
            if (!formats) {
                formats = xcalloc(nargs, sizeof(*formats));
                lengths = xcalloc(nargs, sizeof(*lengths));
            }
            formats[i] = 1;
            lengths[i] = (int)args[i].i;
            vals[i] = args[i].s ? args[i].s : "";
            break;
        default:
            vals[i] = NULL;
        }
    }
    PQclear(st->res);
    st->row = 0;
    /* all parameters and results in text format */
    st->res = PQexecPrepared(c->pg, st->name, st->nparams, vals, lengths, formats, 0);
    if (!st->res) {
        one_line(c->err, sizeof(c->err), PQerrorMessage(c->pg));
        fprintf(stderr, "pg: %s\n", c->err);
        goto out;
    }
    /* step() reports a failed execution, as sqlite3_step() would */
    st->rc = result_rc(c, st, st->res);
    rc = 0;
out:
    free(vals);
    free(nums);
    free(lengths);
    free(formats);
    return rc;
}

static int pg_step(void *conn, void *stmt)
{
    UNUSED(conn);
    struct pg_stmt *st = stmt;

    if (!st->res)
        return DARS_EDB;
    if (st->rc < 0)
        return st->rc;
    if (st->row < PQntuples(st->res)) {
        st->row++;
        return DB_ROW;
    }
    return DB_DONE;
}

static void pg_reset(void *conn, void *stmt)
{
    UNUSED(conn);
    struct pg_stmt *st = stmt;
    PQclear(st->res);
    st->res = NULL;
    st->rc = 0;
    st->row = 0;
}

static int pg_col_count(void *stmt)
{
    struct pg_stmt *st = stmt;
    return st->res ? PQnfields(st->res) : 0;
}

/* The current row's value of col, or NULL for SQL NULL or no such value. */
static const char *value(struct pg_stmt *st, int col)
{
    if (!st->res || st->row < 1 || st->row > PQntuples(st->res) || col < 0 ||
        col >= PQnfields(st->res) || PQgetisnull(st->res, st->row - 1, col))
        return NULL;
    return PQgetvalue(st->res, st->row - 1, col);
}

static bool pg_col_is_null(void *stmt, int col)
{
    return value(stmt, col) == NULL;
}

static int64_t pg_col_int(void *stmt, int col)
{
    const char *v = value(stmt, col);
    if (!v)
        return 0;
    /* booleans arrive as t/f; SQLite gives 1/0 for the same expression */
    if (!strcmp(v, "t"))
        return 1;
    if (!strcmp(v, "f"))
        return 0;
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(void *stmt, int col)
{
    return value(stmt, col);
}

/* bytea arrives as text in hex form ("\\x..."); PQunescapeBytea decodes it */
static const void *pg_col_blob(void *stmt, int col, struct arena *a, size_t *len)
{
    const char *v = value(stmt, col);
    if (!v)
        return NULL;
    size_t n = 0;
    unsigned char *raw = PQunescapeBytea((const unsigned char *)v, &n);
    if (!raw)
        BUG("out of memory decoding bytea");
    void *copy = arena_alloc(a, n + 1);
    if (n)
        memcpy(copy, raw, n);
    PQfreemem(raw);
    *len = n;
    return copy;
}

static int64_t pg_changes(void *conn, void *stmt)
{
    UNUSED(conn);
    struct pg_stmt *st = stmt;
    /* "" for commands without a count */
    return st->res ? strtoll(PQcmdTuples(st->res), NULL, 10) : 0;
}

/*
 * PQexec runs a multi-statement string with the simple query protocol, in one
 * implicit transaction unless the script has its own BEGIN/COMMIT.
 */
static int pg_exec_script(void *conn, const char *sql)
{
    struct pg_conn *c = conn;

    if (ensure_conn(c) < 0)
        return DARS_EDB;
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType s = PQresultStatus(r);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
        set_err(c, r);
        fprintf(stderr, "pg: %s\n", c->err);
        rc = DARS_EDB;
    }
    PQclear(r);
    return rc;
}

static const char *pg_errmsg(void *conn)
{
    struct pg_conn *c = conn;
    if (!c->err[0])
        one_line(c->err, sizeof(c->err), PQerrorMessage(c->pg));
    return c->err;
}

const struct db_driver db_pg_driver = {
    .name = "postgresql",
    .engine = DB_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .discard = pg_discard,
    .start = pg_start,
    .step = pg_step,
    .reset = pg_reset,
    .col_count = pg_col_count,
    .col_is_null = pg_col_is_null,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .changes = pg_changes,
    .exec_script = pg_exec_script,
    .errmsg = pg_errmsg,
};
