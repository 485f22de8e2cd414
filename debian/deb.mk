# The Debian packages (debian/).  `make deb` builds them into
# build/deb/ and runs lintian; `make deb-check` also builds the packaged
# module from the unpacked p2mdump-dkms alone (minutes; not in check).
.PHONY: deb deb-check
deb:
	@debian/build-deb.sh

deb-check: deb
	@tests/host/deb_check.sh
