#!/bin/sh
# rampart translate: a configuration written in one personality, translated, loads in
# the other without a rejected line and keeps its VPN objects; blocks without an
# equivalent are named in comments, never dropped silently.
# Run from the build directory (make check does).
set -u
srcdir=${srcdir:-$(dirname "$0")/../..}
RAMPARTD=${RAMPARTD:-./rampartd}
RAMPART=${RAMPART:-./rampart}
[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "SKIP: rampartd or rampart not built"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rampart-translate.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
fails=0
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

# load_in PERSONALITY FILE: starts rampartd with FILE as startup-config, prints its
# running-config, stops it; the daemon's log is left in $tmp/log
load_in() {
	printf 'vty_socket = "%s/sock";\nstartup_config = "%s";\npersonality = "%s";\n' "$tmp" "$2" "$1" \
		> "$tmp/conf"
	"$RAMPARTD" -F -f "$tmp/conf" 2> "$tmp/log" &
	pid=$!
	i=0
	while [ ! -S "$tmp/sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	"$RAMPART" -s "$tmp/sock" -c "write terminal"
	kill $pid; wait $pid 2>/dev/null; pid=
}
rejected() { grep -E ":[0-9]+: " "$tmp/log"; }

# ---- ASA -> IOS ----
"$RAMPART" translate --to ios "$srcdir/tests/cli/translate/site-a.asa.cfg" > "$tmp/a.ios"
check "ASA to IOS exits 0" [ $? -eq 0 ]
check "the tunnel-group has no IOS form and says so" grep -q '^! no IOS equivalent: tunnel-group 192.0.2.2 ipsec-attributes' "$tmp/a.ios"
load_in ios "$tmp/a.ios" > "$tmp/a.ios.run"
check "the IOS translation loads without a rejected line" sh -c "! grep -E ':[0-9]+: ' '$tmp/log'"
for line in "crypto isakmp policy 10" " encr aes 256" " group 14" "crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac " \
	"crypto map CM 10 ipsec-isakmp " " set peer 192.0.2.2" " match address VPN" " crypto map CM" \
	" permit ip 10.1.0.0 0.0.0.255 10.2.0.0 0.0.0.255"; do
	check "IOS running-config holds '$line'" grep -qxF "$line" "$tmp/a.ios.run"
done

# ---- IOS -> ASA ----
"$RAMPART" translate --to asa "$srcdir/tests/cli/translate/site-b.ios.cfg" > "$tmp/b.asa"
check "IOS to ASA exits 0" [ $? -eq 0 ]
load_in asa "$tmp/b.asa" > "$tmp/b.asa.run"
check "the ASA translation loads without a rejected line" sh -c "! grep -E ':[0-9]+: ' '$tmp/log'"
for line in "crypto ikev1 policy 10" " encryption aes-256" " group 14" "crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac " \
	"crypto map CM 10 match address 101" "crypto map CM 10 set ikev1 transform-set TS" \
	"access-list 101 extended permit ip 10.2.0.0 255.255.255.0 10.1.0.0 255.255.255.0 "; do
	check "ASA running-config holds '$line'" grep -qxF "$line" "$tmp/b.asa.run"
done

# ---- a file with lines its own personality rejects ----
printf 'hostname R9\nthis is not a command\n' > "$tmp/bad.cfg"
"$RAMPART" translate --to asa "$tmp/bad.cfg" > /dev/null 2> "$tmp/bad.err"
check "a rejected source line makes translate exit 1" [ $? -eq 1 ]
check "and is reported with its line number" grep -q ":2: this is not a command" "$tmp/bad.err"
"$RAMPART" translate --to vax "$tmp/bad.cfg" 2> /dev/null
check "an unknown target is a usage error" [ $? -eq 2 ]

echo "$fails failed"
[ $fails -eq 0 ]
