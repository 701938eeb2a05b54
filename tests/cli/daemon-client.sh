#!/bin/sh
# rampartd and rampart together: the daemon starts from a bootstrap file, refuses a bad
# one with FILE:LINE, serves `rampart -c` and stdin scripts in one session, keeps its
# settings when a SIGHUP brings a bad file, and stops cleanly on SIGTERM.
# Run from the build directory (make check does).
set -u
RAMPARTD=${RAMPARTD:-./rampartd}
RAMPART=${RAMPART:-./rampart}
[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "SKIP: $RAMPARTD or $RAMPART not built"; exit 77; }

tmp=$(mktemp -d /tmp/rampart-cli.XXXXXX)
pid=
fails=0
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { # check NAME COMMAND...: passes when the command succeeds
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

sock=$tmp/vty.sock
cat > "$tmp/rampartd.conf" <<CONF
vty_socket = "$sock";
startup_config = "$tmp/startup-config";
personality = "asa";
log_level = "debugging";
CONF

start_daemon() {
	"$RAMPARTD" -F -f "$tmp/rampartd.conf" 2>>"$tmp/daemon.log" &
	pid=$!
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -S "$sock" ]
}

# ---- a bad bootstrap file is refused with FILE:LINE ----
printf 'personality = "asa";\nvty_sockt = "/tmp/x";\n' > "$tmp/bad.conf"
"$RAMPARTD" -F -f "$tmp/bad.conf" 2> "$tmp/bad.err"
rc=$?
check "bad bootstrap exits 1" [ $rc -eq 1 ]
check "bad bootstrap names FILE:LINE" grep -qF "$tmp/bad.conf:2: unknown setting 'vty_sockt'" "$tmp/bad.err"
"$RAMPARTD" -F -f "$tmp/missing.conf" 2> "$tmp/missing.err"
check "missing -f file exits 1" [ $? -eq 1 ]
check "missing -f file is named" grep -qF "$tmp/missing.conf: No such file or directory" "$tmp/missing.err"

# ---- start, and a second daemon on the same socket is refused ----
check "rampartd -F starts and listens" start_daemon
"$RAMPARTD" -F -f "$tmp/rampartd.conf" 2> "$tmp/second.err"
check "a second rampartd on the same socket is refused" grep -q "another rampartd is listening" "$tmp/second.err"

# ---- the client ----
"$RAMPART" -s "$sock" -c "show running-config" > "$tmp/out1"
check "show running-config exits 0" [ $? -eq 0 ]
check "show running-config shows the hostname" grep -q "^hostname ciscoasa" "$tmp/out1"
check "no prompt or echo in script output" sh -c "! grep -q 'ciscoasa#' '$tmp/out1'"

if [ "$(id -u)" = 0 ]; then
	"$RAMPART" -s "$sock" -c "configure terminal" -c "hostname R1" \
		-c "show running-config | include hostname" > "$tmp/out2"
	check "-c commands run in order in one session" [ $? -eq 0 ]
	check "hostname R1 is in the running-config" grep -qx "hostname R1" "$tmp/out2"
	"$RAMPART" -s "$sock" -c "show running-config" | grep -qx "hostname R1"
	check "the change outlives the session" [ $? -eq 0 ]
else
	echo "ok - # SKIP configuration needs root (privilege 15)"
fi

"$RAMPART" -s "$sock" -c "show running-config" -c "shw version" > "$tmp/out3"
check "a failed command makes the exit status 1" [ $? -eq 1 ]
check "the failure prints the Cisco error" grep -q "Invalid input detected" "$tmp/out3"

printf 'show running-config | include hostname\n\nshow running-config | include hostname\n' |
	"$RAMPART" -s "$sock" > "$tmp/out4"
check "stdin lines run as a script" [ $? -eq 0 ]
check "each stdin line printed its output" [ "$(grep -c '^hostname' "$tmp/out4")" -eq 2 ]

# ---- a client that leaves mid-command and garbage on the socket do not hurt ----
if command -v python3 >/dev/null; then
	python3 - "$sock" <<'PY'
import socket, struct, sys
def frame(t, p=b''): return struct.pack('>IB', len(p), t) + p
hello = frame(1, struct.pack('>HHHBB', 1, 80, 24, 0, 0))
for payload in (hello + frame(2, b'show running-config'), b'\xff\xff\xff\xff\x02', frame(2, b'x' * 10)):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    s.sendall(payload)
    s.close()
PY
	sleep 0.2
	"$RAMPART" -s "$sock" -c "show running-config" > /dev/null
	check "the daemon survives clients that vanish or send garbage" [ $? -eq 0 ]
fi

# ---- SIGHUP with a bad file keeps the running settings ----
cp "$tmp/rampartd.conf" "$tmp/rampartd.conf.good"
printf 'ike_port = 0;\n' >> "$tmp/rampartd.conf"
kill -HUP "$pid"
sleep 0.3
check "SIGHUP with a bad file reports FILE:LINE" grep -qF "$tmp/rampartd.conf:5: ike_port must be a port number from 1 to 65535" "$tmp/daemon.log"
check "SIGHUP with a bad file keeps the daemon up" kill -0 "$pid"
"$RAMPART" -s "$sock" -c "show running-config" > /dev/null
check "the daemon still serves after the refused reload" [ $? -eq 0 ]
cp "$tmp/rampartd.conf.good" "$tmp/rampartd.conf"
kill -HUP "$pid"
sleep 0.3
check "SIGHUP with a good file reloads" grep -q "rampartd.conf reloaded" "$tmp/daemon.log"

# ---- SIGTERM stops cleanly and removes the socket ----
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
check "SIGTERM exits 0" [ $rc -eq 0 ]
check "the socket is removed" [ ! -e "$sock" ]
"$RAMPART" -s "$sock" -c "show version" 2> "$tmp/noconn.err"
check "the client says when the daemon is not there" [ $? -eq 1 ]

[ $fails -eq 0 ] || { echo "--- daemon log"; cat "$tmp/daemon.log"; }
exit $((fails > 0))
