// SPDX-License-Identifier: GPL-2.0
/* sysfs attributes and device nodes under movable roots; see sysfs.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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

int sysfs_write(const char *attr, const char *value)
{
	char path[PATH_MAX];
	size_t len = strlen(value);
	ssize_t n;
	int fd, err;

	if (sysfs_path(path, sizeof(path), "%s", attr))
		return -1;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, value, len);
	err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	if (close(fd) && !err)
		err = errno;
	errno = err;
	return err ? -1 : 0;
}

/* The device node root: $P2MDUMP_DEV or "/dev". */
static const char *dev_root(void)
{
	return env_or("P2MDUMP_DEV", "/dev");
}

/* True if dev_path() puts @spec under the device node root. */
static bool under_dev(const char *spec)
{
	return !strchr(spec, '/') || !strncmp(spec, "/dev/", 5);
}

int dev_path(char *buf, size_t len, const char *spec)
{
	if (!strchr(spec, '/'))
		return path_fmt(buf, len, "%s/%s", dev_root(), spec);
	if (!strncmp(spec, "/dev/", 5))
		return path_fmt(buf, len, "%s/%s", dev_root(), spec + 5);
	return path_fmt(buf, len, "%s", spec);
}

int dev_name(const char *spec, char *name, size_t len)
{
	char node[PATH_MAX], link[PATH_MAX], real[PATH_MAX];
	const char *base;
	struct stat st;

	if (!spec[0] || dev_path(node, sizeof(node), spec) || stat(node, &st))
		return -ENOENT;
	if (S_ISBLK(st.st_mode)) {
		/* The kernel's name for the node, whatever its path. */
		if (sysfs_path(link, sizeof(link), "dev/block/%u:%u",
			       major(st.st_rdev), minor(st.st_rdev)) ||
		    !realpath(link, real))
			return -ENOENT;
	} else if (S_ISREG(st.st_mode) && under_dev(spec) &&
		   env_or("P2MDUMP_DEV", NULL)) {
		if (!realpath(node, real))	/* a test's stand-in node */
			return -ENOENT;
	} else {
		return -ENOTBLK;
	}
	base = strrchr(real, '/') + 1;
	if (!base[0] || strlen(base) >= len)
		return -ENOENT;
	strcpy(name, base);
	return 0;
}
