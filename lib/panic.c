// SPDX-License-Identifier: GPL-2.0
/* panic(): the one way lib/ and its users report a broken invariant. */
#include <stdarg.h>
#include <p2mdump/exit_codes.h>
#include "bug.h"
#include "hooks.h"
#include "printk.h"

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("p2mdump: BUG: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	machine_exit(EXIT_BUG);
}
