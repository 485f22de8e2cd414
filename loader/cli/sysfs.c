// SPDX-License-Identifier: GPL-2.0
/* sysfs attributes under a movable root; see sysfs.h. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include "cli.h"
#include "sysfs.h"

const char *sysfs_root(void)
{
	return env_or("P2MDUMP_SYSFS", "/sys");
}

/* "<root>/" followed by @fmt formatted with @ap into @buf; 0 or -1. */
static int vpath(char *buf, size_t len, const char *fmt, va_list ap)
{
	int n = snprintf(buf, len, "%s/", sysfs_root());
	int m;

	if (n < 0 || (size_t)n >= len)
		goto long_path;
	m = vsnprintf(buf + n, len - (size_t)n, fmt, ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		goto long_path;
	return 0;
long_path:
	errno = ENAMETOOLONG;
	return -1;
}

int sysfs_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vpath(buf, len, fmt, ap);
	va_end(ap);
	return ret;
}

int sysfs_read(char *buf, size_t len, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	return ret ? ret : read_line(path, buf, len);
}

bool sysfs_exists(const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vpath(path, sizeof(path), fmt, ap);
	va_end(ap);
	return !ret && access(path, F_OK) == 0;
}
