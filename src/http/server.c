/*
 * libmicrohttpd glue. A request's life: the first call of the access handler
 * allocates struct req; the following calls feed the body (form fields through
 * MHD's PostProcessor, anything else into r->body); the last call dispatches
 * and queues the response. We never answer on the first call: libmicrohttpd
 * 0.9.75 then closes keep-alive connections (DESIGN.md section 8).
 */
#include "core/base.h"
#include "http/server.h"
#include "core/log.h"
#include "core/time.h"
#include "core/xalloc.h"
#include "core/allocs.h"
#include "db/db.h"
#include "http/http_int.h"
#include "http/metrics.h"
#include "http/limits.h"
#include "http/route.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_DAEMONS 64
/*
 * A connection silent this long is closed, between requests or in the middle
 * of one. Longer than [limits] request_timeout, which ends a body that keeps
 * trickling: closing idle keep-alive connections sooner races clients that
 * are about to reuse them.
 */
#define IDLE_SECONDS 60
/* More fields than any of our forms has; past it the rest of the body is only counted. */
#define FORM_MAX_FIELDS 5000
/* Field values up to this size are copied into the arena; larger ones handed over. */
#define FIELD_COPY_MAX 4096

static const char *db_url;
static bool count_allocs; /* the access log says how many allocations each request made */
static long inflight;

/* every connection opened by a worker thread, closed at shutdown */
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct db *dbs[MAX_DAEMONS * 2];
static size_t ndbs;
static __thread struct db *thread_db;

struct db *server_thread_db(char **err)
{
    *err = NULL;
    if (thread_db)
        return thread_db;
    struct db *db;
    if (db_open(db_url, &db, err) < 0)
        return NULL;
    pthread_mutex_lock(&dbs_lock);
    if (ndbs < ARRAY_SIZE(dbs))
        dbs[ndbs++] = db;
    pthread_mutex_unlock(&dbs_lock);
    thread_db = db;
    return db;
}

static enum http_method method_of(const char *m)
{
    static const struct {
        const char *name;
        enum http_method m;
    } methods[] = {
        { "GET", HTTP_GET },     { "HEAD", HTTP_HEAD },     { "POST", HTTP_POST },
        { "PUT", HTTP_PUT },     { "PATCH", HTTP_PATCH },   { "DELETE", HTTP_DELETE },
    };
    for (size_t i = 0; i < ARRAY_SIZE(methods); i++)
        if (streq(methods[i].name, m))
            return methods[i].m;
    return 0;
}

/*
 * The last field is complete: its value moves from the growing buffer into
 * the arena (large values, file uploads, are handed over without a copy).
 */
static void field_close(struct req *r)
{
    struct form_field *f = r->form_tail;
    size_t len = r->field_value.len;

    if (!f || f->value)
        return;
    if (len > FIELD_COPY_MAX) {
        f->value = buf_detach(&r->field_value, NULL);
        arena_cleanup_add(&r->arena, free, f->value);
    } else {
        f->value = arena_alloc(&r->arena, len + 1);
        memcpy(f->value, r->field_value.ptr, len + 1);
        buf_reset(&r->field_value);
    }
    f->len = len;
}

/*
 * A chunk of a form field from MHD's PostProcessor. A field arrives in
 * chunks, appended to one buffer, so reading a form costs time and memory in
 * proportion to its size. A chunk continues the open field of the same name
 * when its offset is what that field holds so far: in multipart bodies MHD
 * may first call with an empty chunk at offset 0 and then give the value at
 * offset 0 again when it arrives in a later packet, which must not make a
 * second (empty) field. (Two fields of one name, the first empty, then read
 * as one: no form of Dars sends that.)
 */
static enum MHD_Result on_post_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *filename, const char *content_type,
                                     const char *transfer_encoding, const char *data,
                                     uint64_t off, size_t size)
{
    struct req *r = cls;
    struct form_field *last = r->form_tail;
    UNUSED(kind), UNUSED(content_type), UNUSED(transfer_encoding);

    if (!(last && !last->value && streq(last->name, key) && off == r->field_value.len)) {
        field_close(r);
        if (++r->nfields > FORM_MAX_FIELDS) {
            r->too_many_fields = true;
            return MHD_NO;
        }
        struct form_field *f = ARENA_NEW(&r->arena, struct form_field);
        f->name = arena_strdup(&r->arena, key);
        f->filename = filename ? arena_strdup(&r->arena, filename) : NULL;
        if (last)
            last->next = f;
        else
            r->form = f;
        r->form_tail = f;
    }
    if (size)
        buf_add(&r->field_value, data, size);
    return MHD_YES;
}

static bool is_form_type(const char *ct)
{
    return ct && (!strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
                               strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) ||
                  !strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
                               strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)));
}

/* The path with its last segment, a secret, masked; an extension (".ics") stays. */
static const char *masked_path(struct req *r)
{
    const char *slash = strrchr(r->path, '/'), *dot = strrchr(slash, '.');
    return arena_printf(&r->arena, "%.*s/***%s", (int)(slash - r->path), r->path,
                        dot ? dot : "");
}

/*
 * A request and the first block of its arena in one allocation: a page's
 * values and strings usually fit, so they cost no malloc of their own.
 */
#define REQ_ARENA_BYTES (32 * 1024)
struct req_mem {
    struct req r; /* first: free(r) frees the whole */
    _Alignas(16) unsigned char arena[REQ_ARENA_BYTES];
};

static struct req *req_new(struct MHD_Connection *conn, const char *url, const char *method)
{
    uint64_t allocs = allocs_now();
    struct req_mem *m = xmalloc(sizeof(*m));
    struct req *r = &m->r;

    memset(r, 0, sizeof(*r));
    r->allocs_start = allocs;
    arena_init_in(&r->arena, m->arena, sizeof(m->arena));
    /* room for most pages at once: growing from nothing would take a dozen reallocs */
    buf_init(&r->out, 16 * 1024);
    buf_init(&r->body, 0);
    r->conn = conn;
    r->started_ns = time_mono_ns();
    r->method = method_of(method);
    r->method_str = arena_strdup(&r->arena, method);
    r->path = arena_strdup(&r->arena, url);
    r->log_path = r->path;
    r->status = 200;
    r->lang = "en";
    r->ip = http_client_ip(r);
    buf_init(&r->field_value, 0);
    /* the route, and so the body it may send, is known before the body is read */
    r->route_index = route_match(r, r->method, r->path);
    r->body_limit = r->route && (r->route->flags & ROUTE_UPLOAD) ? http_limits.upload_bytes
                                                                 : http_limits.form_bytes;
    /* errors answer as problem+json under /api/ and on API routes, from the first call on */
    r->is_api = !strncmp(r->path, "/api/", 5) || (r->route && (r->route->flags & ROUTE_API));
    if (r->route && (r->route->flags & ROUTE_SECRET))
        r->log_path = masked_path(r);
    __atomic_add_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
    return r;
}

static void req_free(struct req *r)
{
    if (r->post_processor)
        MHD_destroy_post_processor(r->post_processor);
    if (r->db && db_in_tx(r->db))
        db_tx_rollback(r->db);
    http_stream_drop(r); /* never queued */
    buf_release(&r->out);
    buf_release(&r->body);
    buf_release(&r->field_value);
    arena_release(&r->arena);
    free(r);
    __atomic_sub_fetch(&inflight, 1, __ATOMIC_SEQ_CST);
}

/*
 * The access log line: no query string, no cookies, no user input beyond the
 * path, and no secret in the path (r->log_path).
 */
static void access_log(struct req *r, double seconds)
{
    uint64_t allocs = allocs_now();
    struct buf line;
    char now[TIME_ISO_LEN];

    /* the request's arena is still there: the line costs no malloc */
    buf_init_arena(&line, &r->arena, 256 + strlen(r->log_path));
    time_now_iso(now);
    buf_addf(&line, "{\"time\":\"%s\",\"method\":\"%s\",\"path\":", now, r->method_str);
    buf_add_json_str(&line, r->log_path);
    buf_addf(&line, ",\"status\":%d,\"ms\":%.3f,\"bytes\":%zu,\"ip\":", r->status,
             seconds * 1000.0, r->out_len);
    buf_add_json_str(&line, r->ip ? r->ip : "");
    if (r->user)
        buf_addf(&line, ",\"user\":%lld", (long long)r->user->id);
    buf_addf(&line, ",\"sql\":%llu", (unsigned long long)r->sql_count);
    if (count_allocs)
        buf_addf(&line, ",\"allocs\":%llu", (unsigned long long)(allocs - r->allocs_start));
    buf_adds(&line, "}\n");
    log_access_line(line.ptr, line.len);
    buf_release(&line);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct req *r = *con_cls;
    UNUSED(cls), UNUSED(conn), UNUSED(toe);
    if (!r)
        return;
    double seconds = (double)(time_mono_ns() - r->started_ns) / 1e9;
    metrics_observe(r->route_index, r->status, seconds);
    access_log(r, seconds);
    req_free(r);
    *con_cls = NULL;
}

static void free_body(void *p)
{
    free(p);
}

/* Bodies this small gain less from compression than its header and the CPU cost. */
#define GZIP_MIN_BYTES 1024

/*
 * Whether to gzip the answer: text the client accepts gzipped, large enough
 * to gain. Answers with an ETag (static assets, cached for a year anyway)
 * stay as they are, so the tag keeps naming one representation.
 */
static bool gzip_pays(struct req *r)
{
    static const char *const types[] = { "text/", "application/json", "application/problem+json",
                                         "application/javascript" };
    const char *ae = http_header(r, "Accept-Encoding");
    bool text = false;

    if (!ae || !strstr(ae, "gzip") || strstr(ae, "gzip;q=0") || r->out.len < GZIP_MIN_BYTES ||
        r->status != 200 || r->method == HTTP_HEAD || !r->content_type ||
        http_has_answer_header(r, "ETag") || http_has_answer_header(r, "Content-Encoding"))
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(types); i++)
        text |= !strncmp(r->content_type, types[i], strlen(types[i]));
    return text;
}

/*
 * One deflate stream per worker thread, reset between answers: a new stream
 * costs some 256 KB of allocations and its set-up. They are freed at shutdown,
 * after the threads have stopped.
 */
static z_stream *gzs[MAX_DAEMONS * 2];
static size_t ngzs;
static __thread z_stream *thread_gz;

static z_stream *thread_deflate(void)
{
    z_stream *z = thread_gz;

    if (z)
        return deflateReset(z) == Z_OK ? z : NULL;
    z = xcalloc(1, sizeof(*z));
    if (deflateInit2(z, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return NULL;
    }
    pthread_mutex_lock(&dbs_lock);
    if (ngzs < ARRAY_SIZE(gzs)) {
        gzs[ngzs++] = z;
        thread_gz = z;
    }
    pthread_mutex_unlock(&dbs_lock);
    if (!thread_gz) {
        /* more threads than slots (not with MAX_DAEMONS daemons): this answer goes plain */
        deflateEnd(z);
        free(z);
        return NULL;
    }
    return z;
}

static void free_deflates(void)
{
    pthread_mutex_lock(&dbs_lock);
    for (size_t i = 0; i < ngzs; i++) {
        deflateEnd(gzs[i]);
        free(gzs[i]);
    }
    ngzs = 0;
    pthread_mutex_unlock(&dbs_lock);
}

/* Replace r->out by its gzip form when that is smaller; false (and r->out unchanged) otherwise. */
static bool gzip_body(struct req *r)
{
    z_stream *z = thread_deflate();
    struct buf out = BUF_INIT;
    bool ok = false;

    if (!z)
        return false;
    buf_grow(&out, deflateBound(z, (uLong)r->out.len));
    z->next_in = (Bytef *)r->out.ptr;
    z->avail_in = (uInt)r->out.len;
    z->next_out = (Bytef *)out.ptr;
    z->avail_out = (uInt)(out.alloc - 1);
    if (deflate(z, Z_FINISH) == Z_STREAM_END && z->total_out < r->out.len) {
        out.len = z->total_out;
        out.ptr[out.len] = '\0';
        buf_release(&r->out);
        r->out = out;
        ok = true;
    } else {
        buf_release(&out);
    }
    return ok;
}

/* libmicrohttpd asks a streamed body for its next bytes. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct http_stream *s = cls;
    char *err = NULL;
    UNUSED(pos);
    struct db *db = server_thread_db(&err);
    if (!db) {
        log_error("http: a streamed answer has no database: %s", err ? err : "?");
        free(err);
        return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    long n = s->read(s->ctx, db, buf, max);
    if (n < 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    return n ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

/* Once libmicrohttpd is done with the response: sent whole, or the client left. */
static void stream_free(void *cls)
{
    struct http_stream *s = cls;
    s->done(s->ctx);
    free(s);
}

static enum MHD_Result queue(struct req *r)
{
    size_t len;
    bool head = r->method == HTTP_HEAD;
    struct MHD_Response *resp;
    char *body;

    http_finish_headers(r);
    if (r->stream && !head) {
        struct http_stream *s = r->stream;
        r->stream = NULL; /* libmicrohttpd's now: stream_free ends it */
        r->out_len = s->len;
        resp = MHD_create_response_from_callback(s->len, 64 * 1024, stream_read, s, stream_free);
        if (!resp) {
            stream_free(s);
            return MHD_NO;
        }
        goto headers;
    }
    http_stream_drop(r); /* HEAD: headers only */
    if (gzip_pays(r) && gzip_body(r))
        http_add_header(r, "Content-Encoding", "gzip");
    r->out_len = r->out.len;
    body = buf_detach(&r->out, &len);

    /*
     * HEAD keeps the body it would have sent: libmicrohttpd sends none for
     * HEAD, but takes Content-Length from the response, and a HEAD answer
     * must carry the length its GET would (RFC 9110 9.3.2; link checkers and
     * caches read it).
     */
    resp = MHD_create_response_from_buffer_with_free_callback(len, body, free_body);
headers:
    for (struct header *h = r->headers; h; h = h->next)
        MHD_add_response_header(resp, h->name, h->value);
    if (r->content_type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Content-Length as a number; false when absent or not one (chunked bodies have none). */
static bool content_length(struct req *r, uint64_t *out)
{
    const char *v = http_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    char *end;
    if (!v || !*v)
        return false;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (*end || errno)
        return false;
    *out = n;
    return true;
}

static bool has_body(struct req *r)
{
    uint64_t n = 0;
    return (content_length(r, &n) && n > 0) ||
           http_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

/* A JSON media type: application/json or application/something+json, parameters aside. */
static bool is_json_type(const char *ct)
{
    if (!ct)
        return false;
    size_t n = strcspn(ct, "; \t");
    if (n == 16 && !strncasecmp(ct, "application/json", 16))
        return true;
    return n > 17 && !strncasecmp(ct, "application/", 12) && !strncasecmp(ct + n - 5, "+json", 5);
}

/*
 * The answer a request gets before its body is read, or 0 when the body may
 * come: too large for its route (413), or not JSON for the API (415). Such a
 * request is answered on the first call, and libmicrohttpd then closes the
 * connection without reading the rest.
 */
static int early_status(struct req *r, const char *ct)
{
    uint64_t n = 0;
    if (content_length(r, &n) && n > r->body_limit)
        return 413;
    /* (called for POST, PUT and PATCH only) */
    if (r->route && (r->route->flags & ROUTE_API) && has_body(r) && !is_json_type(ct))
        return 415;
    return 0;
}

static enum MHD_Result refuse_early(struct req *r, int status)
{
    http_pick_language(r); /* nobody is signed in yet: the cookie, else Accept-Language */
    http_error(r, status, status == 415 ? "the body must be application/json" : NULL);
    return queue(r);
}

/* The body has ended: the last field is complete, the PostProcessor's last value delivered. */
static void body_done(struct req *r)
{
    if (r->post_processor) {
        MHD_destroy_post_processor(r->post_processor);
        r->post_processor = NULL;
    }
    field_close(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    struct req *r = *con_cls;
    UNUSED(cls), UNUSED(version);

    if (!r) {
        r = req_new(conn, url, method);
        *con_cls = r;
        if (r->method == HTTP_POST || r->method == HTTP_PATCH || r->method == HTTP_PUT) {
            const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
            int status = early_status(r, ct);
            if (status)
                return refuse_early(r, status);
            if (is_form_type(ct))
                r->post_processor = MHD_create_post_processor(conn, 64 * 1024, on_post_field, r);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        /*
         * A body that trickles in is cut off: the idle timeout alone would let
         * a byte a minute hold a connection and its request for ever.
         */
        if (time_mono_ns() - r->started_ns > (uint64_t)http_limits.request_timeout * 1000000000u) {
            r->status = 408;
            return MHD_NO;
        }
        /* only a chunked body can grow past the limit here (Content-Length was checked);
         * libmicrohttpd cannot answer in the middle of a body, so the connection is closed */
        if (r->body_bytes + n > r->body_limit) {
            r->status = 413;
            return MHD_NO;
        }
        r->body_bytes += n;
        if (r->too_many_fields)
            return MHD_YES; /* counted, not kept: the answer will be 413 */
        if (r->post_processor) {
            if (MHD_post_process(r->post_processor, upload_data, n) != MHD_YES &&
                !r->too_many_fields)
                r->body_malformed = true;
        } else {
            buf_add(&r->body, upload_data, n);
        }
        return MHD_YES;
    }
    body_done(r);
    http_dispatch(r);
    return queue(r);
}

/* "127.0.0.1:8080" or "[::1]:8080" or ":8080" */
static int parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[128];
    const char *colon = strrchr(s, ':');
    if (!colon || colon - s >= (long)sizeof(host))
        return DARS_EINVALID;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port <= 0 || port > 65535)
        return DARS_EINVALID;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    memset(ss, 0, sizeof(*ss));
    if (host[0] == '[') {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
        size_t hl = strlen(host);
        if (hl < 3 || host[hl - 1] != ']')
            return DARS_EINVALID;
        host[hl - 1] = '\0';
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return DARS_EINVALID;
        *len = sizeof(*a6);
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        if (!host[0])
            a4->sin_addr.s_addr = htonl(INADDR_ANY);
        else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
            return DARS_EINVALID;
        *len = sizeof(*a4);
    }
    return 0;
}

/*
 * SO_REUSEPORT lets our daemons share the port, but it would also let a second
 * dars (or anything else with the option) share it silently and split the
 * traffic. A plain bind first tells us the port is really free.
 */
static bool port_is_free(const struct sockaddr_storage *ss, socklen_t len)
{
    int one = 1, fd = socket(ss->ss_family, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)); /* TIME_WAIT is fine */
    bool ok = bind(fd, (const struct sockaddr *)ss, len) == 0;
    close(fd);
    return ok;
}

int server_run(const struct server_opts *opts)
{
    struct MHD_Daemon *daemons[MAX_DAEMONS];
    struct sockaddr_storage ss;
    socklen_t sslen;
    int n = opts->threads, started = 0, rc = DARS_ERR;
    sigset_t set;

    if (parse_listen(opts->listen, &ss, &sslen) < 0) {
        fprintf(stderr, "dars: cannot parse listen address '%s'\n", opts->listen);
        return DARS_EINVALID;
    }
    if (n < 1)
        n = 1;
    if (n > MAX_DAEMONS)
        n = MAX_DAEMONS;
    db_url = opts->db_url;
    count_allocs = allocs_init();
    metrics_init();

    /* signals are taken by sigwait below, so block them in every thread we start */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (!port_is_free(&ss, sslen)) {
        fprintf(stderr, "dars: cannot listen on '%s': address in use\n", opts->listen);
        goto out;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
    for (int i = 0; i < n; i++) {
        daemons[i] = MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, NULL,
            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
            MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
            MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS,
            /*
             * libmicrohttpd's own default: it zeroes a connection's memory
             * between requests, so 128 KB here cost a 128 KB memset per
             * request (5% of a page's time); bodies are streamed anyway.
             */
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
            MHD_OPTION_END);
        if (!daemons[i]) {
            fprintf(stderr, "dars: cannot listen on '%s': address in use or not allowed\n",
                    opts->listen);
            goto out;
        }
        started++;
    }
    log_info("dars serving on http://%s with %d threads", opts->listen, n);

    int sig;
    sigwait(&set, &sig);
    log_info("signal %d: finishing in-flight requests", sig);
    for (int i = 0; i < started; i++) {
        MHD_socket fd = MHD_quiesce_daemon(daemons[i]);
        if (fd != MHD_INVALID_SOCKET)
            close(fd);
    }
    /* in-flight requests finish; idle keep-alive connections are simply closed */
    for (int waited = 0; waited < 1000; waited++) {
        if (__atomic_load_n(&inflight, __ATOMIC_SEQ_CST) == 0)
            break;
        usleep(10000);
    }
    rc = 0;
out:
    for (int i = 0; i < started; i++)
        MHD_stop_daemon(daemons[i]);
    pthread_mutex_lock(&dbs_lock);
    for (size_t i = 0; i < ndbs; i++)
        db_close(dbs[i]);
    ndbs = 0;
    pthread_mutex_unlock(&dbs_lock);
    free_deflates();
    metrics_shutdown();
    if (rc == 0)
        log_info("dars stopped");
    return rc;
}
