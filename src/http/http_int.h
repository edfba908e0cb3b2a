/* What the files of src/http share and no other module needs. */
#ifndef DARS_HTTP_HTTP_INT_H
#define DARS_HTTP_HTTP_INT_H

#include "http/http.h"

/* Route, check access and CSRF, run the handler, turn failures into error answers. */
void http_dispatch(struct req *r);
/* The language to answer in: the signed-in person's, the dars_lang cookie's, Accept-Language. */
void http_pick_language(struct req *r);
/* Add the security headers every answer carries (once, before queueing). */
void http_finish_headers(struct req *r);
/* Whether the answer being built already has header name (any case). */
bool http_has_answer_header(const struct req *r, const char *name);

/* What http_send_stream queued: handed to libmicrohttpd, or dropped. */
struct http_stream {
    http_stream_read read;
    void (*done)(void *ctx);
    void *ctx;
    uint64_t len;
};
/* Drop r's stream, if any, calling its done(). */
void http_stream_drop(struct req *r);

#endif
