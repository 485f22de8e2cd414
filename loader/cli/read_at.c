// SPDX-License-Identifier: GPL-2.0
/* Whole reads at an offset.  See read_at.h. */
#include <errno.h>
#include <unistd.h>
#include "read_at.h"

ssize_t read_at(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}
