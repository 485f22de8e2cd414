// SPDX-License-Identifier: GPL-2.0
/* crash_kexec_post_notifiers at load and unload; see postnotif.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "postnotif.h"
#include "sysfs.h"

#define POST_NOTIFIERS	"module/kernel/parameters/crash_kexec_post_notifiers"

bool kdump_loaded(void)
{
	char v[16];

	return !sysfs_read(v, sizeof(v), "kernel/kexec_crash_loaded") &&
	       !strcmp(v, "1");
}

char postnotif_value(void)
{
	char v[16];

	if (sysfs_read(v, sizeof(v), POST_NOTIFIERS))
		return 0;
	if (!strcmp(v, "Y") || !strcmp(v, "N"))
		return v[0];
	errno = EINVAL;
	return 0;
}

/* Writes @v ('Y' or 'N'); 0, or -1 after a warning that ends in @then. */
static int set(char v, const char *then)
{
	/* With its newline, as the kernel shows it: a test's regular file
	 * then reads back one line. */
	const char line[] = { v, '\n', '\0' };

	if (!sysfs_write(POST_NOTIFIERS, line))
		return 0;
	cli_warn("cannot set crash_kexec_post_notifiers to %c (%s/%s: %s): %s",
		 v, sysfs_root(), POST_NOTIFIERS, strerror(errno), then);
	return -1;
}

bool postnotif_on(void)
{
	if (kdump_loaded() || postnotif_value() != 'N')
		return false;
	return !set('Y', "arming without it, so the dump will lack the other CPUs' registers");
}

int postnotif_off(void)
{
	return set('N', "it stays on");
}

void postnotif_print(const struct p2mdump_status *st)
{
	const char *note = "";
	char v = postnotif_value();

	if (!v) {
		printf("crash_kexec_post_notifiers: unknown (%s)\n",
		       strerror(errno));
		return;
	}
	if (st->load_flags & P2MDUMP_LOAD_POST_NOTIFIERS)
		note = v == 'Y' ? " (turned on by load; unload turns it off)" :
		       " (turned on by load, turned off since)";
	else if (st->armed && v == 'Y')
		note = " (was on)";
	else if (st->armed && kdump_loaded())
		note = " (left alone: a kdump kernel is loaded)";
	printf("crash_kexec_post_notifiers: %c%s\n", v, note);
}
