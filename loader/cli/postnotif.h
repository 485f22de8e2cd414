/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crash_kexec_post_notifiers, which load turns on for the load it arms and
 * unload turns off again.  Without it panic() stops the other CPUs with
 * smp_send_stop(), which saves no registers; with it, with the NMI
 * shootdown, which saves each one's into its crash_notes, and p2mdump's
 * panic notifier still runs first (docs/linux.md, "What crash shows of the
 * CPUs").  The kernel does not export it to modules: the CLI writes its
 * sysfs file.  With a stock kdump kernel loaded it is left alone: which of
 * the two runs first is then the user's choice.
 */
#ifndef LOADER_CLI_POSTNOTIF_H
#define LOADER_CLI_POSTNOTIF_H

#include <stdbool.h>
#include <p2mdump/ioctl.h>

/* True if sysfs says a kdump kernel is loaded (kexec_crash_loaded 1). */
bool kdump_loaded(void);

/* What happens at a panic with a kdump kernel loaded too (which of the
 * two runs, by crash_kexec_post_notifiers), in one sentence. */
const char *kdump_note(void);

/* Its value, 'Y' or 'N'; 0 if it cannot be read (errno set). */
char postnotif_value(void);

/* Right before P2MDUMP_IOC_LOAD: turns it on if it is off and no kdump
 * kernel is loaded.  True if it did: the load then carries
 * P2MDUMP_LOAD_POST_NOTIFIERS.  A failed write is a one-line warning. */
bool postnotif_on(void);

/* Turns it off again: the load that turned it on failed or is unloaded.
 * 0, or -1 after a one-line warning. */
int postnotif_off(void);

/* Why it is @v for @st ("was on", ...), or NULL: no note. */
const char *postnotif_note(const struct p2mdump_status *st, char v);

/* Prints status' "crash_kexec_post_notifiers: ..." line for @st. */
void postnotif_print(const struct p2mdump_status *st);

#endif
