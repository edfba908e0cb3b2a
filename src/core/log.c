/*
 * JSON-lines logging. Each line is written with one write() so that lines from
 * different threads never interleave.
 */
#include "core/base.h"
#include "core/log.h"
#include "core/buf.h"
#include "core/time.h"

#include <stdarg.h>
#include <unistd.h>

static void emit(const char *level, const char *fmt, va_list ap)
{
    char now[TIME_ISO_LEN], msg[1024];
    struct buf line = BUF_INIT;

    time_now_iso(now);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    buf_addf(&line, "{\"time\":\"%s\",\"level\":\"%s\",\"msg\":", now, level);
    buf_add_json_str(&line, msg);
    buf_adds(&line, "}\n");
    if (write(STDERR_FILENO, line.ptr, line.len) < 0) {
        /* nowhere left to report it */
    }
    buf_release(&line);
}

#define LOG_FN(name, level)                   \
    void name(const char *fmt, ...)           \
    {                                         \
        va_list ap;                           \
        va_start(ap, fmt);                    \
        emit(level, fmt, ap);                 \
        va_end(ap);                           \
    }

LOG_FN(log_info, "info")
LOG_FN(log_warn, "warn")
LOG_FN(log_error, "error")

void log_access_line(const char *line, size_t len)
{
    if (write(STDOUT_FILENO, line, len) < 0) {
        /* a closed stdout must not stop the server */
    }
}
