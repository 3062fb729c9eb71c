/*
 * error.c — the error buffer shared by every nash module.
 *
 * Owns: one thread-local message per thread. Functions that can fail return
 * an int status and call nash_fail() with context (file, offset, expected vs
 * found); the caller may add more context with nash_fail_context(); the CLI
 * prints nash_last_error() on one line. Lives in kernels/ because kernels/ is
 * the lowest module and every other module may include it.
 */
#include "nash_kernels.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NASH_ERROR_SIZE 1024

static _Thread_local char error_message[NASH_ERROR_SIZE];

int nash_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error_message, sizeof error_message, fmt, ap);
    va_end(ap);
    return -1;
}

int nash_fail_context(const char *fmt, ...)
{
    char prefix[NASH_ERROR_SIZE];
    char old[NASH_ERROR_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, error_message, sizeof old);
    /* prefix + ": " + old, truncated to the buffer (written by hand: snprintf would
     * warn about the truncation that is intended here) */
    size_t used = 0;
    const char *parts[3] = {prefix, old[0] ? ": " : "", old};
    for (int i = 0; i < 3; i++)
        for (const char *p = parts[i]; *p && used + 1 < sizeof error_message; p++)
            error_message[used++] = *p;
    error_message[used] = '\0';
    return -1;
}

const char *nash_last_error(void)
{
    return error_message[0] ? error_message : "unknown error";
}

void nash_clear_error(void)
{
    error_message[0] = '\0';
}
