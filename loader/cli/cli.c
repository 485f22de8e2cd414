// SPDX-License-Identifier: GPL-2.0
/* Messages and small helpers shared by the p2mdump subcommands; cli.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"

/* Prints "p2mdump: @prefix<message>" and a newline on stderr. */
static void say(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "p2mdump: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
}

const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && v[0] ? v : def;
}

int path_fmt(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;
	int ret = -1;

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		if (!ferror(f)) {
			buf[0] = '\0';
			ret = 0;
		}
		goto out;
	}
	n = strlen(buf);
	if (n && buf[n - 1] == '\n') {
		buf[n - 1] = '\0';
		ret = 0;
	} else if (fgetc(f) == EOF) {
		ret = 0;
	} else {
		errno = EOVERFLOW;
	}
out:
	fclose(f);
	return ret;
}

void *read_file(const char *path, size_t max, size_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t done = 0;
	struct stat st;
	char *buf = NULL;
	int err;

	if (fd < 0)
		return NULL;
	err = EINVAL;
	if (fstat(fd, &st) < 0) {
		err = errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode))
		goto fail;
	err = EFBIG;
	if ((uint64_t)st.st_size > max)
		goto fail;
	err = ENOMEM;
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		goto fail;
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : EIO;	/* EIO: it shrank */
			goto fail;
		}
		done += (size_t)n;
	}
	close(fd);
	*size = done;
	return buf;
fail:
	free(buf);
	close(fd);
	errno = err;
	return NULL;
}

int parse_u64(const char *s, int base, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (!isxdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}
