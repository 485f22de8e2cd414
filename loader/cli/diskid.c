// SPDX-License-Identifier: GPL-2.0
/* The dump disk's number, size and serial; see diskid.h. */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <p2mdump/ioctl.h>
#include "cli.h"
#include "diskid.h"
#include "read_at.h"
#include "sysfs.h"

/* Reads "MAJOR:MINOR" from class/block/NODE/dev (target_node()) into
 * @t->devno; 0, or -1 printed. */
static int read_devno(const char *spec, struct target *t)
{
	const char *node = target_node(t);
	unsigned int major, minor;
	char buf[32], end;

	if (sysfs_read(buf, sizeof(buf), "class/block/%s/dev", node)) {
		cli_err("target %s: cannot read its device number (sysfs class/block/%s/dev): %s",
			spec, node, strerror(errno));
		return -1;
	}
	if (sscanf(buf, "%u:%u%c", &major, &minor, &end) != 2 ||
	    major >= 1u << (32 - P2MDUMP_MINORBITS) ||
	    minor >= 1u << P2MDUMP_MINORBITS || !(major | minor)) {
		cli_err("target %s: class/block/%s/dev is not MAJOR:MINOR: '%s'",
			spec, node, buf);
		return -1;
	}
	t->devno = P2MDUMP_DEV(major, minor);
	return 0;
}

/* Reads the number in class/block/@name/@attr (sectors) into @v, which
 * must not be 0 unless @zero_ok; 0, or -1 printed. */
static int read_attr(const char *spec, const char *name, const char *attr,
		     bool zero_ok, uint64_t *v)
{
	char buf[32];

	if (sysfs_read(buf, sizeof(buf), "class/block/%s/%s", name, attr) ||
	    parse_u64(buf, 10, v) || (!*v && !zero_ok)) {
		cli_err("target %s: cannot read its %s (sysfs class/block/%s/%s)",
			spec, attr, name, attr);
		return -1;
	}
	return 0;
}

/*
 * The extent map's one extent into @t->extent: the whole disk, or the
 * partition's sectors, which must lie inside the disk's @t->sectors;
 * 0, or -1 printed.
 */
static int read_extent(const char *spec, struct target *t)
{
	uint64_t start, size;

	if (!t->part[0]) {
		t->extent = (struct dump_extent){ 0, 0, t->sectors };
		return 0;
	}
	if (read_attr(spec, t->part, "start", true, &start) ||
	    read_attr(spec, t->part, "size", false, &size))
		return -1;
	if (start >= t->sectors || size > t->sectors - start) {
		cli_err("target %s: partition %s (sectors %llu + %llu) ends past its disk %s (%llu sectors)",
			spec, t->part, (ull)start, (ull)size, t->block,
			(ull)t->sectors);
		return -1;
	}
	t->extent = (struct dump_extent){ 0, start, size };
	return 0;
}

/*
 * Reads class/block/NAME/serial, the virtio-blk serial as Linux shows
 * it: the GET_ID answer up to its first NUL, no newline added.  Read raw,
 * not as a line, so that it compares byte for byte in the capture
 * kernel.  No attribute: no serial word.  0, or -1 printed.
 */
static int read_serial(const char *spec, struct target *t)
{
	char path[PATH_MAX];
	ssize_t n = -1;
	int fd;

	if (sysfs_path(path, sizeof(path), "class/block/%s/serial", t->block))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd >= 0) {
		n = read_at(fd, t->serial, sizeof(t->serial), 0);
		close(fd);
	}
	if (n < 0 || n > VIRTIO_BLK_ID_BYTES) {
		cli_err("target %s: cannot read its serial (%s)", spec,
			n < 0 ? strerror(errno) : "over 20 bytes");
		return -1;
	}
	t->serial[n] = '\0';
	t->has_serial = true;
	return 0;
}

/*
 * An NVMe namespace's serial (its controller's, class/block/NAME/device/
 * serial: Identify Controller SN, blank-padded to 20 bytes, a newline
 * added) without the trailing blanks, as the capture kernel cuts it.
 * 0, or -1 printed.
 */
static int read_nvme_serial(const char *spec, struct target *t)
{
	char buf[64];
	size_t n;

	if (sysfs_read(buf, sizeof(buf), "class/block/%s/device/serial",
		       t->block)) {
		cli_err("target %s: cannot read its NVMe controller's serial (sysfs class/block/%s/device/serial): %s",
			spec, t->block, strerror(errno));
		return -1;
	}
	n = strlen(buf);
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\n'))
		buf[--n] = '\0';
	if (n > NVME_SERIAL_BYTES) {
		cli_err("target %s: its NVMe serial is over %u bytes", spec,
			NVME_SERIAL_BYTES);
		return -1;
	}
	memcpy(t->serial, buf, n + 1);
	t->has_serial = true;
	return 0;
}

/* The namespace ID (class/block/NAME/nsid, older kernels ns_id) and the
 * 512-byte logical blocks the capture kernel needs; 0, or -1 printed. */
static int read_nvme_ns(const char *spec, struct target *t)
{
	uint64_t nsid, lbs;
	char buf[32];

	if ((sysfs_read(buf, sizeof(buf), "class/block/%s/nsid", t->block) &&
	     sysfs_read(buf, sizeof(buf), "class/block/%s/ns_id", t->block)) ||
	    parse_u64(buf, 10, &nsid) || nsid == 0 || nsid > UINT32_MAX) {
		cli_err("target %s: cannot read its NVMe namespace ID (sysfs class/block/%s/nsid)",
			spec, t->block);
		return -1;
	}
	if (sysfs_read(buf, sizeof(buf), "class/block/%s/queue/logical_block_size",
		       t->block) || parse_u64(buf, 10, &lbs)) {
		cli_err("target %s: cannot read its logical block size (sysfs class/block/%s/queue/logical_block_size)",
			spec, t->block);
		return -1;
	}
	if (lbs != DISK_SECTOR_SIZE) {
		cli_err("target %s: NVMe namespace %s has %llu-byte logical blocks: the capture kernel writes 512-byte LBAs only",
			spec, t->block, (ull)lbs);
		return -1;
	}
	t->nsid = (uint32_t)nsid;
	return read_nvme_serial(spec, t);
}

int diskid_read(const char *spec, struct target *t)
{
	if (read_devno(spec, t) ||
	    read_attr(spec, t->block, "size", false, &t->sectors) ||
	    read_extent(spec, t))
		return -1;
	return t->nvme ? read_nvme_ns(spec, t) : read_serial(spec, t);
}

int diskid_words(const struct target *t, char *buf, size_t len)
{
	char sectors[48] = "", serial[16 + 2 * DISK_SERIAL_MAX] = "";
	char nsid[32] = "";
	size_t i, o;
	int n;

	if (t->sectors)
		snprintf(sectors, sizeof(sectors), " " DISK_WORD_SECTORS "=%llu",
			 (ull)t->sectors);
	if (t->has_serial) {
		o = (size_t)snprintf(serial, sizeof(serial), " " DISK_WORD_SERIAL "=");
		for (i = 0; t->serial[i]; i++, o += 2)
			snprintf(serial + o, 3, "%02x", (unsigned char)t->serial[i]);
	}
	if (t->nsid)
		snprintf(nsid, sizeof(nsid), " " DISK_WORD_NSID "=%u", t->nsid);
	n = snprintf(buf, len, DISK_WORD_BDF "=%s " DISK_WORD_ID "=%04x:%04x%s%s%s",
		     t->disk, t->vendor, t->device, sectors, serial, nsid);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
