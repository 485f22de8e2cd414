// SPDX-License-Identifier: GPL-2.0
/* `p2mdump dump-elfcorehdr`: load's preparation, no module; dumphdr.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "dumphdr.h"
#include "load.h"

/* The page_offset for the RAM vaddrs: $P2MDUMP_PAGE_OFFSET, else 0 (no
 * vaddrs); 0, or -1 printed. */
static int page_offset(uint64_t *v)
{
	const char *s = env_or("P2MDUMP_PAGE_OFFSET", NULL);

	*v = 0;
	if (!s) {
		cli_warn("P2MDUMP_PAGE_OFFSET is not set: the RAM PT_LOADs get vaddr 0");
		return 0;
	}
	if (parse_u64(s, 0, v)) {
		cli_err("P2MDUMP_PAGE_OFFSET is not a number: '%s'", s);
		return -1;
	}
	return 0;
}

/* Writes @len bytes of @buf to the new file @path; 0, or -1 printed. */
static int write_out(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t done = 0;

	if (fd < 0) {
		cli_err("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cli_err("cannot write %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0) {
		cli_err("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Prints what load would send besides the header, "key: value", and the
 * pool the capture kernel needs (@need). */
static void print_plan(const struct load_opts *o, const struct load_plan *p,
		       uint64_t page_offset, uint32_t need)
{
	const struct system_core *c = &p->core;
	uint32_t i;

	printf("elfcorehdr: %zu bytes, %u notes, %s, %u RAM ranges\n",
	       c->hdr_size, c->nr_refs,
	       c->ktext_size ? "kernel text" : "no kernel text",
	       c->iomem.nr_ram);
	printf("page_offset: 0x%llx\n", (ull)page_offset);
	printf("nr_cpus: %u\n", c->notes.nr_cpus);
	for (i = 0; i < c->notes.nr_cpus; i++)
		printf("crash_notes[%u]: 0x%llx\n", i,
		       (ull)c->notes.addr[i]);
	if (o->image)
		printf("image: %s, %zu bytes, entry 0x%x, %u segments\n",
		       o->image, p->image_size, p->elf.entry, p->elf.nr_segs);
	if (o->target)
		printf("cmdline: %s\n", p->cmdline);
	printf("pool_pages: %u\n", o->pool_pages);
	printf("pool_need: %u\n", need);
}

int cmd_dump_elfcorehdr(int argc, char **argv)
{
	struct load_plan plan;
	struct load_opts o;
	uint32_t need;
	uint64_t po;
	int ret;

	ret = load_parse_args(argc, argv, true, &o);
	if (ret)
		return ret == 100 ? P2MDUMP_EXIT_OK : ret;
	memset(&plan, 0, sizeof(plan));
	ret = P2MDUMP_EXIT_ERROR;
	if (!page_offset(&po) && !load_prepare(&o, &plan) &&
	    !corehdr_build(&plan.core, po) &&
	    !corehdr_pool(&plan.core, o.pool_pages, &need) &&
	    !load_check_size(&o, &plan) &&
	    !write_out(o.out, plan.core.hdr, plan.core.hdr_size)) {
		print_plan(&o, &plan, po, need);
		ret = P2MDUMP_EXIT_OK;
	}
	load_plan_free(&plan, false);
	if (fflush(stdout) && !ret) {
		cli_err("cannot write the summary: %s", strerror(errno));
		ret = P2MDUMP_EXIT_ERROR;
	}
	return ret;
}
