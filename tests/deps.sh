#!/bin/bash
# Installs the Debian packages the build and the tests need, if missing.
# A fresh Debian 12 machine has only gcc and make.  Needs root (or sudo).
set -eu

pkgs=(
	gcc-multilib		# -m32 and the 32-bit libgcc for the capture kernel
	binutils		# ld, nm, readelf, objdump
	liblzo2-dev		# miniLZO's source for the capture kernel; liblzo2 for test_compress
	binutils-source		# zlib's source (in the binutils tarball) for the capture kernel
	zlib1g-dev		# the system zlib: test_compress_zlib, check_vmcore
	qemu-system-x86		# qemu-system-i386 / -x86_64 for the guest tests
	gdb			# opens the vmcore in the tests
	valgrind		# memory checks of the host tools in the tests
	clang			# libFuzzer targets (tests/fuzz/) and their smoke run
	libclang-rt-14-dev	# -fsanitize=fuzzer,address (only recommended by clang)
	python3			# t_save, t_bench_report, t_soak_report (bench.py, soak-report.py)
	e2fsprogs		# chattr, lsattr: t_cli's dump file cases (tests/host/cli_file.sh)
)

exec "$(dirname "$0")/apt-install.sh" deps "${pkgs[@]}"
