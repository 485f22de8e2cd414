// SPDX-License-Identifier: GPL-2.0
/* Per-CPU crash_notes and VMCOREINFO from sysfs; see notes.h. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "notes.h"
#include "sysfs.h"

#define CPU_DIR		"devices/system/cpu"
#define VMCOREINFO	"kernel/vmcoreinfo"

/* The CPU number of a "cpuN" directory entry, or -1. */
static long cpu_number(const char *name)
{
	uint64_t n;

	if (strncmp(name, "cpu", 3) || parse_u64(name + 3, 10, &n) ||
	    n > INT_MAX)
		return -1;
	return (long)n;
}

/* Reads one numeric attribute <root>/CPU_DIR/cpu@cpu/@attr into @v;
 * 0, or -1 printed. */
static int cpu_attr(long cpu, const char *attr, int base, uint64_t *v)
{
	char buf[64], path[PATH_MAX];

	sysfs_path(path, sizeof(path), CPU_DIR "/cpu%ld/%s", cpu, attr);
	if (sysfs_read(buf, sizeof(buf), CPU_DIR "/cpu%ld/%s", cpu, attr)) {
		cli_err("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (parse_u64(buf, base, v) || !*v) {
		cli_err("%s: expected a non-zero %s number, found '%s'",
			path, base == 16 ? "hex" : "decimal", buf);
		return -1;
	}
	return 0;
}

/* Reads cpu@cpu's crash_notes, if it has any, into @n; 0, or -1 printed. */
static int read_cpu(struct cpu_notes *n, long cpu)
{
	uint64_t addr, size;

	if (!sysfs_exists(CPU_DIR "/cpu%ld/crash_notes", cpu))
		return 0;
	if (cpu >= P2MDUMP_MAX_CPUS) {
		cli_err("CPU %ld has crash notes, but p2mdump handles CPUs 0 to %d only",
			cpu, P2MDUMP_MAX_CPUS - 1);
		return -1;
	}
	if (cpu_attr(cpu, "crash_notes", 16, &addr) ||
	    cpu_attr(cpu, "crash_notes_size", 10, &size))
		return -1;
	n->addr[cpu] = addr;
	n->size[cpu] = size;
	n->nr_notes++;
	if ((uint32_t)cpu >= n->nr_cpus)
		n->nr_cpus = (uint32_t)cpu + 1;
	return 0;
}

/* Reads every cpuN directory; 0, or -1 printed. */
static int read_cpus(struct cpu_notes *n)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;
	int ret = 0;

	d = sysfs_path(path, sizeof(path), CPU_DIR) ? NULL : opendir(path);
	if (!d) {
		cli_err("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (!ret && (e = readdir(d))) {
		long cpu = cpu_number(e->d_name);

		if (cpu >= 0)
			ret = read_cpu(n, cpu);
	}
	closedir(d);
	if (!ret && !n->nr_notes)
		cli_warn("no CPU has crash_notes in %s: the dump will hold no CPU registers",
			 path);
	return ret;
}

/* Reads "ADDR SIZE" (hex) from VMCOREINFO; 0, or -1 printed. */
static int read_vmcoreinfo(struct cpu_notes *n)
{
	char buf[128], path[PATH_MAX], *sp;
	uint64_t addr, size;

	sysfs_path(path, sizeof(path), VMCOREINFO);
	if (sysfs_read(buf, sizeof(buf), VMCOREINFO)) {
		if (errno != ENOENT) {
			cli_err("cannot read %s: %s", path, strerror(errno));
			return -1;
		}
		cli_warn("no %s: crash and makedumpfile will need the vmlinux",
			 path);
		return 0;
	}
	sp = strchr(buf, ' ');
	if (sp)
		*sp++ = '\0';
	if (!sp || parse_u64(buf, 16, &addr) || parse_u64(sp, 16, &size) ||
	    !addr || !size) {
		cli_err("%s: not \"ADDRESS SIZE\" in hex", path);
		return -1;
	}
	n->vmcoreinfo.maddr = addr;
	n->vmcoreinfo.size = size;
	return 0;
}

/*
 * Tests only: P2MDUMP_TEST_CRASH_NOTES=ADDR (hex) replaces CPU 0's
 * crash_notes address, so the guest tests can show the module refusing a
 * wrong one (docs/linux.md, Safety); 0, or -1 printed.
 */
static int test_override(struct cpu_notes *n)
{
	const char *v = env_or("P2MDUMP_TEST_CRASH_NOTES", NULL);
	uint64_t addr;

	if (!v)
		return 0;
	if (parse_u64(v, 16, &addr)) {
		cli_err("P2MDUMP_TEST_CRASH_NOTES: expected a hex address, found '%s'", v);
		return -1;
	}
	cli_warn("test override: CPU 0's crash_notes at 0x%llx",
		 (unsigned long long)addr);
	if (!n->addr[0])
		n->nr_notes++;
	n->addr[0] = addr;
	if (!n->nr_cpus)
		n->nr_cpus = 1;
	return 0;
}

int notes_read(struct cpu_notes *n)
{
	memset(n, 0, sizeof(*n));
	if (read_cpus(n) || test_override(n) || read_vmcoreinfo(n))
		return -1;
	return 0;
}

uint32_t notes_refs(const struct cpu_notes *n, struct core_note_ref *refs)
{
	uint32_t cpu, nr = 0;

	for (cpu = 0; cpu < n->nr_cpus; cpu++) {
		if (!n->addr[cpu])
			continue;
		refs[nr].maddr = n->addr[cpu];
		refs[nr].size = n->size[cpu];
		nr++;
	}
	if (n->vmcoreinfo.size)
		refs[nr++] = n->vmcoreinfo;
	return nr;
}
