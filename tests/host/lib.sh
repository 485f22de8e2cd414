# Shared by the host-only script tests (no QEMU, no root): tests/lib.sh
# and the synthetic vmcores of build/tests/mkdumpdisk.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# synthetic_vmcore LABEL DIR SEED TOOL...: checks the TOOLs are built, makes
# DIR afresh and a synthetic vmcore DIR/core (mkdumpdisk, with its layout
# in DIR/core.layout).  Sets CORE; exits the test on failure.
synthetic_vmcore() {
	local label=$1 dir=$2 seed=$3 b
	shift 3
	for b in "$@"; do
		if [ ! -x "$b" ]; then
			fail "$label: $b is missing (run make)"
			exit 1
		fi
	done
	rm -rf "$dir"
	mkdir -p "$dir"
	CORE=$dir/core
	if ! "$ROOT/build/tests/mkdumpdisk" vmcore "$CORE" "$seed" >"$CORE.layout"; then
		fail "$label: mkdumpdisk vmcore failed"
		exit 1
	fi
}
