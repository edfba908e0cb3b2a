/*
 * Logging: one JSON object per line on stderr ({"time":..,"level":..,"msg":..}),
 * which journald and log shippers read as they are. Never log secrets:
 * passwords, tokens, session ids or cookie values.
 */
#ifndef DARS_CORE_LOG_H
#define DARS_CORE_LOG_H

void log_info(const char *fmt, ...) DARS_PRINTF(1, 2);
void log_warn(const char *fmt, ...) DARS_PRINTF(1, 2);
void log_error(const char *fmt, ...) DARS_PRINTF(1, 2);
/* Write one already-formatted JSON object, with its final newline, as a line on stdout. */
void log_access_line(const char *line, size_t len);

#endif
