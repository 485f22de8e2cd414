// SPDX-License-Identifier: GPL-2.0
/* Opening /dev/p2mdump and asking for its status; see device.h. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli.h"
#include "device.h"
#include "sysfs.h"

const char *device_path(void)
{
	return env_or("P2MDUMP_DEVICE", P2MDUMP_DEVICE);
}

int device_open(void)
{
	const char *path = device_path();
	int fd;

	if (access(path, F_OK) || !sysfs_exists("module/p2mdump")) {
		cli_err("the p2mdump module is not loaded (modprobe p2mdump)");
		return -1;
	}
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		cli_err("cannot open %s: %s%s", path, strerror(errno),
			errno == EACCES || errno == EPERM ? " (run as root)" :
			"");
	return fd;
}

/* The status ioctl: 0, -1 if it failed (errno), 1 if the module speaks
 * another ABI. */
static int read_status(int fd, struct p2mdump_status *st)
{
	memset(st, 0, sizeof(*st));
	st->size = sizeof(*st);
	st->version = P2MDUMP_ABI_VERSION;
	if (ioctl(fd, P2MDUMP_IOC_STATUS, st) < 0)
		return -1;
	if (st->version != P2MDUMP_ABI_VERSION || st->size != sizeof(*st))
		return 1;
	st->cmdline[sizeof(st->cmdline) - 1] = '\0';
	return 0;
}

int device_status(int fd, struct p2mdump_status *st)
{
	int ret = read_status(fd, st);

	if (ret < 0)
		cli_err("cannot read the status from %s: %s", device_path(),
			strerror(errno));
	else if (ret > 0)
		cli_err("the p2mdump module speaks ABI version %u (%u-byte status); this p2mdump speaks version %u",
			st->version, st->size, P2MDUMP_ABI_VERSION);
	return ret ? -1 : 0;
}

int device_status_quiet(int fd, struct p2mdump_status *st)
{
	return read_status(fd, st) ? -1 : 0;
}
