/* Status code table; see err.h. */
#include "core/base.h"
#include "core/err.h"

static const struct {
    int rc, http, exit;
    const char *str;
} codes[] = {
    { DARS_OK, 200, 0, "ok" },
    { DARS_ERR, 500, 1, "internal error" },
    { DARS_ENOTFOUND, 404, 1, "not found" },
    { DARS_ECONFLICT, 409, 1, "conflict" },
    { DARS_EINVALID, 422, 2, "invalid input" },
    { DARS_EDENIED, 403, 1, "forbidden" },
    { DARS_EDB, 500, 1, "database error" },
    { DARS_EAUTH, 401, 1, "not authenticated" },
    { DARS_ETHROTTLED, 429, 1, "too many attempts" },
    { DARS_ETOOBIG, 413, 1, "request too large" },
};

static int find(int rc)
{
    for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
        if (codes[i].rc == rc)
            return (int)i;
    return 1; /* unknown codes are internal errors */
}

int err_http_status(int rc)
{
    return codes[find(rc)].http;
}

int err_exit_code(int rc)
{
    return codes[find(rc)].exit;
}

const char *err_str(int rc)
{
    return codes[find(rc)].str;
}
