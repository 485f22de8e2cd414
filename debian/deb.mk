# The Debian packages (debian/).  `make deb` builds them into
# build/deb/ and runs lintian; `make deb-check` also builds the packaged
# module from the unpacked p2mdump-dkms alone (minutes; not in check).
# `make e2e-debian` installs them on a Debian 12 system under QEMU, as
# root, and dumps a panic (tests/system/README.md; ~5 min warm, not in check).
.PHONY: deb deb-check e2e-debian
deb:
	@debian/build-deb.sh

deb-check: deb
	@tests/host/deb_check.sh

e2e-debian: deb
	@tests/system/e2e.sh
