#!/bin/sh
# Hostile input against a real rampartd, in both personalities: overlong lines, control
# characters, unterminated quotes, ten thousand tokens, bytes that are not UTF-8, a
# startup-config full of garbage. Every line gets a Cisco-style error, the daemon stays
# up, and the running-config is what it was before.
# Run from the build directory (make check does).
set -u
RAMPARTD=${RAMPARTD:-./rampartd}
RAMPART=${RAMPART:-./rampart}
[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "SKIP: $RAMPARTD or $RAMPART not built"; exit 77; }

tmp=$(mktemp -d /tmp/rampart-bad.XXXXXX)
pid=
fails=0
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

sock=$tmp/vty.sock
start_daemon() { # start_daemon PERSONALITY
	cat > "$tmp/rampartd.conf" <<CONF
vty_socket = "$sock";
startup_config = "$tmp/startup-config";
personality = "$1";
CONF
	"$RAMPARTD" -F -f "$tmp/rampartd.conf" 2>>"$tmp/daemon.log" &
	pid=$!
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -S "$sock" ]
}
stop_daemon() {
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}
cli() { "$RAMPART" -s "$sock" "$@"; }
saved_text() { cli -c "write terminal"; }

# The hostile lines, one per line of the file; each must fail on its own.
make_hostile() {
	python3 - "$1" <<'PY'
import sys
lines = [
    "hostname " + "A" * 300000,                 # longer than a frame: refused by the client
    "hostname " + "a" * 60000,                  # long but inside a frame
    "crypto map VPN 10 set peer " + " ".join("10.0.0.%d" % (i % 250) for i in range(10000)),
    " ".join(["crypto"] * 10000),
    "description \"unterminated quote",
    "hostname bad\x01name",
    "show running-config \x1b[2J",
    "access-list X extended permit ip any any \x7f",
    "hostname \xc3\x28\xa0\xa1",
    "crypto ikev1 policy 99999999999999999999999",
    "crypto isakmp policy -1",
    "interface GigabitEthernet0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0.99999999999",
    "access-list X extended permit tcp any any eq 99999",
    "access-list X extended permit ip 10.0.0.0 255.0.255.0 any",
    "no no no no no",
    "|",
    "show running-config | include (",
    "?" * 1000,
]
with open(sys.argv[1], "wb") as f:
    for l in lines:
        f.write(l.encode("latin-1") + b"\n")
PY
}

for personality in asa ios; do
	rm -f "$tmp/startup-config"
	check "$personality: rampartd starts" start_daemon $personality
	cli -c "configure terminal" -c "hostname gw1" -c "interface g0/0" -c "ip address 192.0.2.1 255.255.255.0" \
		> /dev/null
	before=$(saved_text)
	make_hostile "$tmp/hostile"
	n=$(wc -l < "$tmp/hostile")
	cli -c "configure terminal" < /dev/null > /dev/null
	# each hostile line in its own session, in configuration mode
	errors=0
	while IFS= read -r line; do
		out=$(printf "configure terminal\n%s\n" "$line" | cli 2>&1)
		rc=$?
		case "$out" in *"%"* | *"ERROR: "*) [ $rc -eq 1 ] && errors=$((errors + 1)) ;; esac
	done < "$tmp/hostile"
	check "$personality: each of the $n hostile lines failed with a Cisco error ($errors did)" [ "$errors" -eq "$n" ]
	# the same lines as one stdin script: the session survives them all
	cli < "$tmp/hostile" > /dev/null 2>&1
	check "$personality: the daemon is still running" kill -0 "$pid"
	after=$(saved_text)
	check "$personality: the running-config is unchanged" [ "$before" = "$after" ]
	# a startup-config made of garbage and one good line: the good line loads
	stop_daemon
	{ cat "$tmp/hostile"; echo "hostname survivor"; } > "$tmp/startup-config"
	check "$personality: rampartd starts from a garbage startup-config" start_daemon $personality
	check "$personality: the good line of it loaded" sh -c "\"$RAMPART\" -s \"$sock\" -c 'show running-config' | grep -q '^hostname survivor'"
	check "$personality: the bad lines are logged with their line numbers" grep -q "startup-config:3:" "$tmp/daemon.log"
	stop_daemon
done

echo "$fails failed"
[ $fails -eq 0 ]
