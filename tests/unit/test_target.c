// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for the dump-target parsing in loader/cli/target.c:
 * parse_pci() on well-formed and malformed addresses, and the early
 * refusals of target_resolve() that need no sysfs (which form a spec is
 * taken as, bad addresses, domains other than 0000).  $P2MDUMP_SYSFS
 * points at a directory that does not exist, so nothing reads the real
 * /sys; the message each refusal prints is captured through a pipe.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "loader/cli/target.h"

/* @s for a PASS/FAIL line, a newline shown as a backslash and n. */
static const char *shown(const char *s)
{
	static char buf[64];
	size_t i, o = 0;

	for (i = 0; s[i] && o < sizeof(buf) - 3; i++) {
		if (s[i] == '\n') {
			buf[o++] = '\\';
			buf[o++] = 'n';
		} else {
			buf[o++] = s[i];
		}
	}
	buf[o] = '\0';
	return buf;
}

/* One parse_pci() case: @s, @short_ok, and the address wanted (or -1). */
static void pci_case(const char *s, bool short_ok, int want_ret,
		     unsigned int dom, unsigned int bus, unsigned int dev,
		     unsigned int fn)
{
	struct pci_addr a = { 0xdead, 0xdead, 0xdead, 0xdead };
	int ret = parse_pci(s, short_ok, &a);

	if (want_ret)
		CHECK(ret == -1, "pci: \"%s\"%s refused", shown(s),
		      short_ok ? "" : " (long form only)");
	else
		CHECK(ret == 0 && a.domain == dom && a.bus == bus &&
		      a.dev == dev && a.fn == fn,
		      "pci: \"%s\" is %04x:%02x:%02x.%x (got %d, %x:%x:%x.%x)",
		      s, dom, bus, dev, fn, ret, a.domain, a.bus, a.dev, a.fn);
}

/* parse_pci(): both forms, limits, case, and malformed text. */
static void test_parse_pci(void)
{
	static const char *const bad[] = {
		"", "0", "00:04", "00:04.", "00:4.0", "0:04.0", "000:04.0",
		"00:04.00", "00:04:0", "00.04.0", "00-04.0", "00:20.0",
		"00:ff.0", "00:04.8", "00:04.f", "0g:04.0", "00:0g.0",
		"00:04.g", " 0:04.0", "00:04.0 ", "+0:04.0", "-0:04.0",
		"00:+4.0", "0000:00:04", "0000:00:04.0 ", "0000-00:04.0",
		"000g:00:04.0", "00000:00:04.0", "0000:0:004.0",
		"0000:00:04.0\n", "0x00:04.0", "00:04.0\n",
	};
	unsigned int i;

	pci_case("00:04.0", true, 0, 0, 0, 4, 0);
	pci_case("0000:00:04.0", true, 0, 0, 0, 4, 0);
	pci_case("0000:00:04.0", false, 0, 0, 0, 4, 0);
	pci_case("00:04.0", false, -1, 0, 0, 0, 0);
	pci_case("ff:1f.7", true, 0, 0, 0xff, 0x1f, 7);
	pci_case("FF:1F.7", true, 0, 0, 0xff, 0x1f, 7);
	pci_case("0001:02:03.4", true, 0, 1, 2, 3, 4);
	pci_case("ffff:a0:1e.1", false, 0, 0xffff, 0xa0, 0x1e, 1);
	pci_case("AbCd:0a:0B.0", true, 0, 0xabcd, 0x0a, 0x0b, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		pci_case(bad[i], true, -1, 0, 0, 0, 0);
}

/* Runs target_resolve(@spec) with stderr into @msg; its return. */
static int resolve(const char *spec, struct target *t, char *msg,
		   size_t len)
{
	int fds[2], saved, ret;
	ssize_t n;

	fflush(stderr);
	if (pipe(fds) || (saved = dup(2)) < 0 || dup2(fds[1], 2) < 0) {
		printf("FAIL: cannot redirect stderr\n");
		exit(1);
	}
	ret = target_resolve(spec, false, t);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fds[1]);
	n = read(fds[0], msg, len - 1);	/* one short message: fits the pipe */
	msg[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	return ret;
}

/* One target_resolve() refusal: @spec gives -1 and a message with @want. */
static void refuse_case(const char *spec, const char *want)
{
	struct target t;
	char msg[512];
	int ret;

	memset(&t, 0x5a, sizeof(t));
	ret = resolve(spec, &t, msg, sizeof(msg));
	msg[strcspn(msg, "\n")] = '\0';
	CHECK(ret == -1 && strstr(msg, want) && !strncmp(msg, "p2mdump: ", 9) &&
	      t.disk[0] == '\0',
	      "resolve: \"%s\" refused with \"%s\" (got %d, \"%s\")", spec,
	      want, ret, msg);
}

/* target_resolve() refusals that are decided before (or without) sysfs. */
static void test_resolve(void)
{
	refuse_case("", "target '': no such device");
	refuse_case("0001:00:04.0",
		    "is in PCI domain 0001: p2mdump supports domain 0000 only");
	refuse_case("ffff:00:04.0", "is in PCI domain ffff");
	refuse_case("00:04", "not a PCI address");
	refuse_case("00:20.0", "not a PCI address");
	refuse_case("00:04.8", "not a PCI address");
	refuse_case("0000:00:04.0x", "not a PCI address");
	refuse_case("vd:b", "not a PCI address");	/* ':' and no '/' */
	/* Well formed, domain 0: sysfs is asked, and has no such device. */
	refuse_case("00:04.0", "target 00:04.0: no such device");
	refuse_case("0000:00:04.0", "target 0000:00:04.0: no such device");
	/* No ':' or a '/': a block device. */
	refuse_case("p2mdump-no-such-disk",
		    "target p2mdump-no-such-disk: no such device");
	refuse_case("/nonexistent/dev/vdb", "target /nonexistent/dev/vdb: no such device");
	refuse_case("/dev/null", "target /dev/null is not a block device");
	refuse_case("/", "is not a block device");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);	/* lines survive a crash */
	setenv("P2MDUMP_SYSFS", "/nonexistent/p2mdump-test-sysfs", 1);
	test_parse_pci();
	test_resolve();
	return check_exit();
}
