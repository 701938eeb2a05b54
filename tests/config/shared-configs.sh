#!/bin/sh
# Every real configuration in tests/config/shared/ (public captures, SOURCES.md) loads into rampartd with no
# rejected line, and its rendering is a fixed point: loading what rampartd printed
# gives back the same text. Run from the build directory (make check does).
# CONFIGS_DIR overrides where the configurations are; ONLY=substring picks some files.
# Rejections owned by other areas are listed in known-rejects.txt next to this script:
# they are reported, not failed; any other rejected line fails.
set -u
RAMPARTD=${RAMPARTD:-./rampartd}
RAMPART=${RAMPART:-./rampart}
srcdir=${srcdir:-.}
CONFIGS_DIR=${CONFIGS_DIR:-$srcdir/tests/config/shared}
[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "SKIP: $RAMPARTD or $RAMPART not built"; exit 77; }
[ -d "$CONFIGS_DIR" ] || { echo "not ok - no configs in $CONFIGS_DIR"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (privilege 15 over the vty socket)"; exit 77; }

known=$(dirname "$0")/known-rejects.txt
differences=$(dirname "$0")/render-differences.txt
tmp=$(mktemp -d /tmp/rampart-configs.XXXXXX)
pid=
fails=0
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }

# run_daemon PERSONALITY STARTUP LOG OUT: boots rampartd on STARTUP, leaves its log in LOG
# and its rendering in OUT, stops it.
run_daemon() {
	sock=$tmp/vty.sock
	rm -f "$sock"
	cat > "$tmp/rampartd.conf" <<CONF
vty_socket = "$sock";
startup_config = "$2";
personality = "$1";
log_level = "informational";
CONF
	"$RAMPARTD" -F -f "$tmp/rampartd.conf" 2>"$3" &
	pid=$!
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	if [ "$1" = asa ]; then show="more system:running-config"; else show="show running-config"; fi
	"$RAMPART" -s "$sock" -c "$show" > "$4" 2>>"$3"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}

n=0
for cfg in "$CONFIGS_DIR"/*.txt; do
	name=$(basename "$cfg")
	case "$name" in *"${ONLY:-}"*) ;; *) continue ;; esac
	n=$((n + 1))
	if grep -q -e 'ASA Version' -e 'nameif' -e 'ikev1' -e '^tunnel-group ' "$cfg" &&
		! grep -q '^crypto isakmp policy' "$cfg"; then
		pers=asa
	else
		pers=ios
	fi
	# Published samples anonymise addresses (206.X.X.1, 40.76.X.X) and name the
	# interface to edit <NameOfYourOutsideInterface>; one capture starts with the echoed
	# prompt and command. Those are substituted or dropped, nothing else.
	sed -e 's/\([0-9]\)\.X\.X\.X/\1.0.0.2/g' -e 's/\.X\.X\./.0.0./g' -e 's/\.X\.X$/.0.1/' \
		-e 's/\.X\.X /.0.1 /g' -e 's/<NameOfYourOutsideInterface>/GigabitEthernet0\/1/' \
		-e '/^[A-Za-z0-9_-]*# /d' "$cfg" > "$tmp/startup1"
	run_daemon $pers "$tmp/startup1" "$tmp/log1" "$tmp/out1"
	grep "startup1:[0-9]*:" "$tmp/log1" | sed "s|^.*startup1:|$name:|" > "$tmp/rejects"
	unknown=0
	while IFS= read -r line; do
		where=${line%%: *}
		if grep -q "^$where	" "$known" 2>/dev/null; then
			echo "#   known ($(grep "^$where	" "$known" | cut -f2)): $line"
		else
			echo "#   $line"
			unknown=$((unknown + 1))
		fi
	done < "$tmp/rejects"
	if [ $unknown -gt 0 ]; then
		not_ok "$name ($pers) loads with no rejected line ($unknown)"
	else
		ok "$name ($pers) loads with no rejected line other than known ones ($(wc -l < "$tmp/rejects"))"
	fi
	# a listed rejection that no longer happens must leave the list, so it stays true
	stale=$(grep "^$name:[0-9]*	" "$known" 2>/dev/null | cut -f1 | while IFS= read -r where; do
		grep -q "^$where: " "$tmp/rejects" || echo "$where"
	done)
	if [ -z "$stale" ]; then
		ok "$name ($pers): every listed known rejection still happens"
	else
		not_ok "$name ($pers): known rejections that no longer happen (remove them from the list): $stale"
	fi
	# Faithfulness: every command line of the file is in the rendering, up to leading
	# and trailing blanks, unless render-differences.txt lists it with the reason
	# (a typed area's own spelling, a default the device hides, a rejected line...).
	awk -v name="$name" '
	function norm(s) { sub(/[ \t\r]+$/, "", s); sub(/^[ \t]+/, "", s); return s }
	FNR == NR { have[norm($0)] = 1; next }
	{ l = norm($0) }
	l == "" || l ~ /^[!:]/ || l ~ /^(ASA Version|Building configuration|Current configuration|Cryptochecksum|version |end$)/ { next }
	!(l in have) { print name ":" FNR "\t" l }' "$tmp/out1" "$tmp/startup1" > "$tmp/differs"
	new_diff=$(cut -f1 "$tmp/differs" | while IFS= read -r where; do
		grep -q "^$where	" "$differences" || echo "$where"
	done)
	gone_diff=$(grep "^$name:[0-9]*	" "$differences" | cut -f1 | while IFS= read -r where; do
		grep -q "^$where	" "$tmp/differs" || echo "$where"
	done)
	if [ -z "$new_diff" ] && [ -z "$gone_diff" ]; then
		ok "$name ($pers) renders every line of the file but the $(wc -l < "$tmp/differs") listed differences"
	else
		not_ok "$name ($pers) rendering differs from the file beyond the list: new $(echo $new_diff) gone $(echo $gone_diff)"
		for where in $new_diff; do grep "^$where	" "$tmp/differs"; done | sed 's/^/#   not rendered: /'
	fi
	# An IOS banner's text lines (up to the delimiter) are part of the rendering.
	awk '/^banner [a-z-]+ \^C/ { if (index(substr($0, index($0, "^C") + 2), "^C") == 0) inb = 1; next }
	     inb { if (index($0, "^C")) { inb = 0; next } print }' "$tmp/startup1" > "$tmp/banner-text"
	missing=$(grep -cvxF -f "$tmp/out1" "$tmp/banner-text")
	if [ -s "$tmp/banner-text" ] && [ "$missing" -gt 0 ] && grep -q "^$name:banner	" "$known" 2>/dev/null; then
		echo "#   known ($(grep "^$name:banner	" "$known" | cut -f2)): $missing banner lines missing"
	elif [ -s "$tmp/banner-text" ] && [ "$missing" -gt 0 ]; then
		not_ok "$name ($pers) renders the banner text ($missing lines missing)"
	elif [ -s "$tmp/banner-text" ]; then
		ok "$name ($pers) renders the banner text"
	fi
	if [ ! -s "$tmp/out1" ]; then
		not_ok "$name ($pers) renders"
		sed 's/^/#   /' "$tmp/log1" | head -5
		continue
	fi
	cp "$tmp/out1" "$tmp/startup2"
	run_daemon $pers "$tmp/startup2" "$tmp/log2" "$tmp/out2"
	if grep -q "startup2:[0-9]*:" "$tmp/log2"; then
		not_ok "$name ($pers) rendering loads with no rejected line"
		grep "startup2:[0-9]*:" "$tmp/log2" | sed "s|^.*startup2:|#   rendered:|"
	else
		ok "$name ($pers) rendering loads with no rejected line"
	fi
	# ASA's Cryptochecksum covers the text, which is compared line by line instead.
	grep -v '^Cryptochecksum:' "$tmp/out1" > "$tmp/cmp1"
	grep -v '^Cryptochecksum:' "$tmp/out2" > "$tmp/cmp2"
	if cmp -s "$tmp/cmp1" "$tmp/cmp2"; then
		ok "$name ($pers) rendering is a fixed point"
	else
		not_ok "$name ($pers) rendering is a fixed point"
		diff "$tmp/cmp1" "$tmp/cmp2" | head -20 | sed 's/^/#   /'
	fi
done
[ $n -gt 0 ] || { echo "not ok - no configuration found in $CONFIGS_DIR"; exit 1; }

# The published Azure template as it is: a placeholder where an address must be
# (206.X.X.X) fails on its own with a line-numbered Cisco error, and no other line
# does (the echoed prompt line aside). Where the device takes a name (a tunnel-group,
# a `set peer` host, an opaque route line) the placeholder is a name, as on an ASA.
azure=$CONFIGS_DIR/Azure-vpn-config-samples__ASA_9.1_and_above_Show_running-config.txt
if [ -f "$azure" ]; then
	sed '/^[A-Za-z0-9_-]*# /d' "$azure" > "$tmp/azure"
	run_daemon asa "$tmp/azure" "$tmp/log-azure" "$tmp/out-azure"
	grep "azure:[0-9]*:" "$tmp/log-azure" > "$tmp/azure-rejects"
	placeholders=$(grep -c -e 'X\.X' -e '<NameOf' "$tmp/azure")
	others=$(grep -v -e 'X\.X' -e '<NameOf' "$tmp/azure-rejects" | wc -l)
	if [ -s "$tmp/azure-rejects" ] && [ "$others" -eq 0 ] && ! grep -q ': $' "$tmp/azure-rejects"; then
		ok "Azure template as published: $(wc -l < "$tmp/azure-rejects") of its $placeholders placeholder lines fail, each with a Cisco error and its line number, nothing else does"
	else
		not_ok "Azure template as published: $(wc -l < "$tmp/azure-rejects") rejected lines, $placeholders placeholders, $others others"
		sed 's/^/#   /' "$tmp/azure-rejects"
	fi
fi
[ $fails -eq 0 ]
