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

const char *kdump_note(void)
{
	if (postnotif_value() == 'Y')
		return "a kdump kernel is also loaded; with crash_kexec_post_notifiers on, p2mdump's panic notifier runs first and does not return, so kdump does not run";
	return "a kdump kernel is also loaded; with crash_kexec_post_notifiers off, panic() starts kdump before any notifier, so p2mdump does not run";
}

const char *postnotif_note(const struct p2mdump_status *st, char v)
{
	if (st->load_flags & P2MDUMP_LOAD_POST_NOTIFIERS)
		return v == 'Y' ? "turned on by load; unload turns it off" :
		       "turned on by load, turned off since";
	if (st->armed && v == 'Y')
		return "was on";
	if (st->armed && kdump_loaded())
		return "left alone: a kdump kernel is loaded";
	return NULL;
}

void postnotif_print(const struct p2mdump_status *st)
{
	const char *note;
	char v = postnotif_value();

	if (!v) {
		printf("crash_kexec_post_notifiers: unknown (%s)\n",
		       strerror(errno));
		return;
	}
	note = postnotif_note(st, v);
	printf("crash_kexec_post_notifiers: %c%s%s%s\n", v, note ? " (" : "",
	       note ? note : "", note ? ")" : "");
}
