/* Reading a request: query, headers, cookies, form fields, JSON body. */
#include "core/base.h"
#include "core/ids.h"
#include "http/http.h"
#include "core/config.h"
#include "core/utf8.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>

const char *http_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const struct form_field *http_form_field(struct req *r, const char *name)
{
    for (const struct form_field *f = r->form; f; f = f->next)
        if (streq(f->name, name))
            return f;
    return NULL;
}

const char *http_form(struct req *r, const char *name)
{
    const struct form_field *f = http_form_field(r, name);
    return f ? utf8_trim(&r->arena, f->value) : NULL;
}

int64_t http_query_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max)
{
    const char *v = http_query(r, name);
    char *end;
    if (!v || !*v)
        return def;
    long long n = strtoll(v, &end, 10);
    if (*end)
        return def;
    if (n < min)
        return min;
    if (n > max)
        return max;
    return n;
}

json_t *http_json_body(struct req *r)
{
    json_error_t e;
    json_t *v = json_loadb(r->body.ptr, r->body.len, 0, &e);
    if (!v || !json_is_object(v)) {
        json_decref(v);
        http_problem(r, 400, "Malformed JSON",
                     v ? "the body must be a JSON object"
                       : arena_printf(&r->arena, "line %d: %s", e.line, e.text));
        return NULL;
    }
    arena_cleanup_add(&r->arena, (void (*)(void *))json_decref, v);
    return v;
}

/* true when addr is one of the comma-separated trusted proxies */
static bool is_trusted_proxy(const char *addr)
{
    const char *list = config.trusted_proxies;
    size_t n = strlen(addr);
    while (list && *list) {
        const char *end = strchrnul(list, ',');
        while (*list == ' ')
            list++;
        size_t len = (size_t)(end - list);
        while (len && list[len - 1] == ' ')
            len--;
        if (len == n && !memcmp(list, addr, n))
            return true;
        list = *end ? end + 1 : end;
    }
    return false;
}

/*
 * The client's address. Behind a trusted proxy it is the last address the
 * proxy appended to X-Forwarded-For: earlier entries come from the client and
 * could be forged to dodge the sign-in throttle.
 */
const char *http_client_ip(struct req *r)
{
    const char *peer = http_peer_ip(r);
    const char *xff;
    if (!*peer || !is_trusted_proxy(peer) || !(xff = http_header(r, "X-Forwarded-For")))
        return peer;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ')
        last++;
    size_t len = strcspn(last, " ");
    if (!len || len > 45)
        return peer;
    return arena_strndup(&r->arena, last, len);
}

const char *http_peer_ip(struct req *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char addr[INET6_ADDRSTRLEN] = "";
    if (!ci || !ci->client_addr)
        return "";
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr,
                  sizeof(addr));
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr,
                  sizeof(addr));
    return arena_strdup(&r->arena, addr);
}

/* A Host header made only of host-name and address characters, else NULL. */
static const char *plain_host(struct req *r)
{
    const char *host = http_header(r, "Host");
    if (!host || !*host || strlen(host) > 255)
        return NULL;
    for (const char *p = host; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr(".-:[]", *p))
            return NULL;
    return host;
}

const char *http_site_url(struct req *r)
{
    if (config.public_url && *config.public_url) {
        size_t n = strlen(config.public_url);
        while (n > 0 && config.public_url[n - 1] == '/')
            n--;
        return arena_strndup(&r->arena, config.public_url, n);
    }
    const char *host = plain_host(r);
    bool tls = config.secure_cookies && streq(config.secure_cookies, "1");
    return arena_printf(&r->arena, "%s://%s", tls ? "https" : "http", host ? host : "localhost");
}

const char *http_site_host(struct req *r)
{
    const char *url = http_site_url(r), *h = strstr(url, "://");
    h = h ? h + 3 : url;
    size_t n = strcspn(h, h[0] == '[' ? "]/" : ":/");
    if (h[0] == '[' && h[n] == ']')
        n++;
    return arena_strndup(&r->arena, h, n);
}

bool http_user_manages_centre(const struct req *r, int64_t centre_id)
{
    if (!r->user)
        return false;
    return r->user->is_admin ||
           ids_sorted_has(r->user->scope_centres, r->user->nscope_centres, centre_id);
}
