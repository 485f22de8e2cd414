#!/bin/bash
# loader/systemd/p2mdump-service, what the packaged units run, on the host:
# - the shipped /etc/default/p2mdump, the script's own defaults and the
#   settings table in docs/service.md name the same keys and values, and
#   p2mdump(8) the same keys;
# - bad settings: one line, exit 2, before anything is done;
# - save, with the real `p2mdump save` on dump files from mkdumpdisk: no
#   file yet, an empty one, a complete dump (to SAVE_DIR/<YYYYMMDDHHMM>/
#   dump.<ts>, dump-info.<ts>, mode 0700, cleared on the target, so a
#   second save finds none), an incomplete one (saved, warned), foreign
#   data (NOT saved, nothing left behind), two dumps in one minute, and
#   P2MDUMP_NUM_DUMPS pruning only its own directories;
# - arm and disarm, with stubs of modprobe and p2mdump on PATH that log
#   their arguments: the load options each setting gives, the failures
#   of modprobe and load, a target disk that never appears, a re-arm.
# The real units on a real system: make e2e-debian (tests/system/).
set -u
. "$(dirname "$0")/lib.sh"

P2MDUMP=$ROOT/build/p2mdump
MKDISK=$ROOT/build/tests/mkdumpdisk
SERVICE=$ROOT/loader/systemd/p2mdump-service
DEFAULTS=$ROOT/loader/systemd/p2mdump.default
DOC=$ROOT/docs/service.md
D=$OUT/service
export TZ=UTC

synthetic_vmcore service "$D" 7 "$P2MDUMP" "$MKDISK"
REAL=$D/real-bin
mkdir -p "$REAL"
ln -s "$P2MDUMP" "$REAL/p2mdump"
export PATH="$REAL:$PATH"

# run NAME CONF-LINES ARGS...: the script with a settings file holding the
# shipped defaults and then CONF-LINES; sets RC, OUTF (stdout+stderr).
run() {
	local name=$1 lines=$2
	shift 2
	OUTF=$D/$name.out
	{ cat "$DEFAULTS"; printf '%s\n' "$lines"; } >"$D/$name.conf"
	P2MDUMP_CONF=$D/$name.conf timeout 60 sh "$SERVICE" "$@" >"$OUTF" 2>&1 </dev/null
	RC=$?
	echo "--- $name: p2mdump-service $*: exit $RC"
	sed 's/^/    /' "$OUTF"
}

# says TEXT: the last run printed the fixed string TEXT.
says() {
	grep -qF -- "$1" "$OUTF"
}

# --- the settings: one set of keys and defaults in three places
P2MDUMP_CONF=/dev/null sh "$SERVICE" show 2>&1 | grep '^P2MDUMP_' >"$D/defaults.script"
P2MDUMP_CONF=$DEFAULTS sh "$SERVICE" show 2>&1 | grep '^P2MDUMP_' >"$D/defaults.shipped"
grep -E '^P2MDUMP_[A-Z_]+=' "$DEFAULTS" | sed 's/"//g' >"$D/defaults.file"
sed -n 's/^| `\(P2MDUMP_[A-Z_]*\)` | `\([^`]*\)` |.*/\1=\2/p; s/^| `\(P2MDUMP_[A-Z_]*\)` | (empty) |.*/\1=/p' \
	"$DOC" >"$D/defaults.doc"
check "settings: the script's defaults are the shipped file's" \
	cmp "$D/defaults.script" "$D/defaults.shipped"
check "settings: show prints every key of the shipped file, in order" \
	cmp "$D/defaults.file" "$D/defaults.shipped"
check "settings: docs/service.md's table has the same keys and defaults" \
	cmp "$D/defaults.doc" "$D/defaults.shipped"
check "settings: ten keys" [ "$(wc -l <"$D/defaults.shipped")" = 10 ]
MAN=$ROOT/docs/p2mdump.8
check "settings: p2mdump(8) names the keys in order" \
	[ "$(grep -o 'P2MDUMP_[A-Z_]*' "$MAN" | grep -v '^P2MDUMP_$' | tr '\n' ' ')" = \
	  "$(sed 's/=.*//' "$D/defaults.shipped" | tr '\n' ' ')" ]

# --- bad settings: exit 2, one line naming the key, nothing done
bad() {
	local name=$1 line=$2 msg=$3
	run "bad-$name" "$line" save
	check "bad $name: exit 2 ($RC)" [ "$RC" = 2 ]
	check "bad $name: says '$msg'" says "$msg"
	check "bad $name: one line" [ "$(wc -l <"$OUTF")" = 1 ]
}
bad enabled "P2MDUMP_ENABLED=yes" "P2MDUMP_ENABLED wants 0 or 1, not 'yes'"
bad num-dumps "P2MDUMP_NUM_DUMPS=-1" "P2MDUMP_NUM_DUMPS wants a number, not '-1'"
bad wait "P2MDUMP_TARGET_WAIT=" "P2MDUMP_TARGET_WAIT wants seconds, not ''"
bad save-dir "P2MDUMP_SAVE_DIR=crash" "P2MDUMP_SAVE_DIR wants an absolute path, not 'crash'"
bad format "P2MDUMP_FORMAT=vmcore" "P2MDUMP_FORMAT wants kdump or elf, not 'vmcore'"
bad target "P2MDUMP_TARGET=" "P2MDUMP_TARGET is empty: no dump target"
bad syntax "P2MDUMP_TARGET='" "is not valid shell syntax"
P2MDUMP_CONF=$D/missing.conf sh "$SERVICE" arm >"$D/missing.out" 2>&1
RC=$?
check "missing settings file: exit 2 ($RC)" [ "$RC" = 2 ]
check "missing settings file: named" grep -qF "$D/missing.conf: cannot read it" "$D/missing.out"
sh "$SERVICE" frobnicate >"$D/usage.out" 2>&1
check "unknown step: exit 2" [ $? = 2 ]
check "unknown step: usage" grep -qF "usage: p2mdump-service save|arm|disarm|show" "$D/usage.out"

# --- save
S=$D/crash
T=$S/p2mdump.img
mkdir -p "$S"
chmod 0755 "$S"
CONF="P2MDUMP_TARGET=$T
P2MDUMP_SAVE_DIR=$S"
STAMP=202512020541		# mkdumpdisk's default crash time, in UTC

run disabled "$CONF
P2MDUMP_ENABLED=0" save
check "save disabled: exit 0, says why" bash -c "[ $RC = 0 ] && grep -qF 'not looking for a dump: P2MDUMP_ENABLED=0' '$OUTF'"

run no-file "$CONF" save
check "save, no dump file yet: exit 0 ($RC)" [ "$RC" = 0 ]
check "save, no dump file yet: says so" says "$T does not exist yet (never armed)"

truncate -s 1M "$T"
run empty "$CONF" save
check "save, empty file: exit 0 ($RC)" [ "$RC" = 0 ]
check "save, empty file: no dump" says "p2mdump: no dump on $T"
check "save, empty file: nothing left in the save dir" [ "$(ls -A "$S")" = p2mdump.img ]

"$MKDISK" disk "$T" "$CORE" || fail "service: mkdumpdisk complete"
run complete "$CONF" save
DIR=$S/$STAMP
check "save complete: exit 0 ($RC)" [ "$RC" = 0 ]
check "save complete: says where" says "p2mdump: saved the dump to $DIR/dump.$STAMP"
check "save complete: dump.<ts> is the vmcore" cmp "$CORE" "$DIR/dump.$STAMP"
check "save complete: dump-info.<ts> says complete" grep -qx 'state: complete' "$DIR/dump-info.$STAMP"
check "save complete: the directory is private (0700)" [ "$(stat -c %a "$DIR")" = 700 ]
check "save complete: no dmesg without a real kernel's dump, with a warning" \
	bash -c "[ ! -e '$DIR/dmesg.$STAMP' ] && grep -qF 'WARNING: ' '$OUTF' && grep -qF 'no dmesg.$STAMP' '$OUTF'"
check "save complete: nothing else left" bash -c "! find '$S' -name '.p2mdump-save.*' | grep -q ."
run again "$CONF" save
check "save again: the target was cleared: no dump, exit 0" \
	bash -c "[ $RC = 0 ] && grep -qF 'p2mdump: no dump on $T' '$OUTF'"
check "save again: no second directory" [ "$(ls -d "$S"/2* | wc -l)" = 1 ]

"$MKDISK" disk "$T" "$CORE" || fail "service: mkdumpdisk same minute"
run same-minute "$CONF" save
check "save, same minute: a -1 directory" cmp "$CORE" "$S/$STAMP-1/dump.$STAMP"

"$MKDISK" disk "$T" "$CORE" --state incomplete --reason 3 --detail "disk full" \
	--crash-time 1764740516 || fail "service: mkdumpdisk incomplete"
run incomplete "$CONF" save
INC=202512030541
check "save incomplete: exit 0, saved ($RC)" bash -c "[ $RC = 0 ] && [ -s '$S/$INC/dump.$INC' ]"
check "save incomplete: a loud warning" says "p2mdump: WARNING: the dump is INCOMPLETE (dump-info.$INC says why); saved as $S/$INC/dump.$INC"

"$MKDISK" junk "$T" 1048576 7 || fail "service: mkdumpdisk junk"
cp "$T" "$D/junk.img"
run foreign "$CONF" save
check "save foreign data: exit 1 ($RC)" [ "$RC" = 1 ]
check "save foreign data: p2mdump save's reason" says "holds no p2mdump dump (no P2MDUMP1 header)"
check "save foreign data: NOT saved, left as it is" says "the dump on $T was NOT saved (p2mdump save: exit 1, above) and is left as it is"
check "save foreign data: the target is untouched" cmp "$T" "$D/junk.img"
check "save foreign data: nothing left behind" bash -c "! find '$S' -name '.p2mdump-save.*' | grep -q ."

# NUM_DUMPS=2: the two newest of ours stay; a directory not ours stays
mkdir -p "$S/202401010000" "$S/202401010001"
: >"$S/202401010001/dump-info.202401010001"
"$MKDISK" disk "$T" "$CORE" --crash-time 1764826916 || fail "service: mkdumpdisk prune"
run prune "$CONF
P2MDUMP_NUM_DUMPS=2" save
NEW=202512040541
check "prune: the new dump is saved" [ -s "$S/$NEW/dump.$NEW" ]
check "prune: the two newest stay" bash -c "[ -d '$S/$NEW' ] && [ -d '$S/$INC' ]"
check "prune: the older ones go, each said" bash -c "[ ! -e '$S/$STAMP' ] && [ ! -e '$S/$STAMP-1' ] && [ ! -e '$S/202401010001' ] &&
	grep -qF 'removed the old dump $S/$STAMP-1 (P2MDUMP_NUM_DUMPS=2)' '$OUTF'"
check "prune: a directory without dump-info stays" [ -d "$S/202401010000" ]
check "prune: the dump file stays" [ -f "$T" ]

# --- arm and disarm, with stubs that log their arguments
STUB=$D/stub-bin
mkdir -p "$STUB"
LOG=$D/stub.log
cat >"$STUB/modprobe" <<EOF
#!/bin/sh
echo "modprobe \$*" >>"$LOG"
[ "\$*" != p2mdump ] || [ ! -e "$D/modprobe-fails" ]
EOF
cat >"$STUB/p2mdump" <<EOF
#!/bin/sh
echo "p2mdump \$*" >>"$LOG"
case \$1 in
status) [ -e "$D/loaded" ] || exit 1
	[ -e "$D/armed" ] && printf '{\n  "armed": true,\n  "bytes_held": 704512\n}\n' ||
		printf '{\n  "armed": false\n}\n' ;;
load) [ -e "$D/load-fails" ] && { echo "p2mdump: stub load refused" >&2; exit 1; }
	: >"$D/armed" ;;
unload) rm -f "$D/armed" ;;
esac
EOF
chmod +x "$STUB/modprobe" "$STUB/p2mdump"

# arm NAME CONF-LINES [STEP]: the script (arm, or STEP) with the stubs;
# sets RC, OUTF and CALLS (the stubs' log).
arm() {
	: >"$LOG"
	PATH="$STUB:$PATH" run "$1" "$2" "${3:-arm}"
	CALLS=$(cat "$LOG")
}
: >"$D/loaded"
arm arm-defaults "$CONF"
check "arm: exit 0 ($RC)" [ "$RC" = 0 ]
check "arm: the newest module, then load with the defaults" [ "$CALLS" = "p2mdump status --json
modprobe -r p2mdump
modprobe p2mdump
p2mdump load --target $T --format kdump --compress lzo --dump-level 31
p2mdump status --json
p2mdump status --json" ]
check "arm: one armed line" says "p2mdump: armed: $T, kdump lzo -d 31, 688 KiB held"

arm arm-again "$CONF
P2MDUMP_FORMAT=elf
P2MDUMP_FILE_SIZE=2G
P2MDUMP_LOAD_ARGS='--force --pool 300'"
check "re-arm: unloads first, elf takes no compression or level, size and extra options passed" \
	bash -c "grep -qx 'p2mdump unload' '$LOG' &&
		 grep -qx 'p2mdump load --target $T --format elf --size 2G --force --pool 300' '$LOG'"
check "re-arm: armed line" says "p2mdump: armed: $T, elf, 688 KiB held"

arm disarm "$CONF" disarm
check "disarm: unloads, says so" bash -c "[ $RC = 0 ] && grep -qx 'p2mdump unload' '$LOG' && grep -qx 'p2mdump: disarmed' '$OUTF'"
arm disarm-twice "$CONF" disarm
check "disarm when not armed: exit 0, says so, no unload" \
	bash -c "[ $RC = 0 ] && ! grep -q unload '$LOG' && grep -qx 'p2mdump: not armed' '$OUTF'"

arm arm-disabled "$CONF
P2MDUMP_ENABLED=0"
check "arm disabled: exit 0, says why, runs nothing" \
	bash -c "[ $RC = 0 ] && [ ! -s '$LOG' ] && grep -qx 'p2mdump: not armed: P2MDUMP_ENABLED=0 in $D/arm-disabled.conf' '$OUTF'"

: >"$D/modprobe-fails"
arm arm-no-module "$CONF"
rm -f "$D/modprobe-fails"
check "arm, modprobe fails: exit 1 ($RC)" [ "$RC" = 1 ]
check "arm, modprobe fails: says to check DKMS" says "not armed: modprobe p2mdump failed: is p2mdump-dkms built for $(uname -r)? (dkms status p2mdump)"

: >"$D/load-fails"
arm arm-refused "$CONF"
rm -f "$D/load-fails"
check "arm, load refuses: exit 1 ($RC)" [ "$RC" = 1 ]
check "arm, load refuses: load's reason, then not armed" \
	bash -c "grep -qF 'p2mdump: stub load refused' '$OUTF' && grep -qF 'p2mdump: not armed: p2mdump load --target $T' '$OUTF'"

arm arm-no-disk "P2MDUMP_TARGET=/dev/p2mdump-t-service-none
P2MDUMP_TARGET_WAIT=1"
check "arm, no such disk: exit 1 ($RC)" [ "$RC" = 1 ]
check "arm, no such disk: says how long it waited, loads nothing" \
	bash -c "grep -qF 'not armed: /dev/p2mdump-t-service-none did not appear within 1s' '$OUTF' && ! grep -q load '$LOG'"
arm save-no-disk "P2MDUMP_TARGET=/dev/p2mdump-t-service-none
P2MDUMP_TARGET_WAIT=1" save
check "save, no such disk: exit 1, says so" \
	bash -c "[ $RC = 1 ] && grep -qF 'no dump saved: /dev/p2mdump-t-service-none did not appear within 1s' '$OUTF'"

