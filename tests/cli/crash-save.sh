#!/bin/bash
# Crash-safe saves: a real rampartd holding a big configuration (thousands of lines)
# is killed with SIGKILL at a random moment while `write memory` runs, many times, in
# both personalities. After every kill the startup-config must be exactly the old or
# exactly the new file, complete to its last line (": end" on ASA, "end" on IOS), and
# a restarted rampartd must load it with no line refused and hold what it says.
# Run from the build directory (make check does). As root: configuration needs
# privilege 15. CRASH_SAVE_ROUNDS (default 25) kills per personality.
set -u
RAMPARTD=${RAMPARTD:-./rampartd}
RAMPART=${RAMPART:-./rampart}
ROUNDS=${CRASH_SAVE_ROUNDS:-25}
[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "SKIP: $RAMPARTD or $RAMPART not built"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: configuration needs root (privilege 15)"; exit 77; }

tmp=$(mktemp -d -t rampart-crash-save.XXXXXX)
pid=
fails=0
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }

sock=$tmp/vty.sock
startup=$tmp/startup-config

start_daemon() {
	rm -f "$sock"
	"$RAMPARTD" -F -f "$tmp/rampartd.conf" 2>>"$tmp/daemon.log" &
	pid=$!
	local i=0
	while [ ! -S "$sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	[ -S "$sock" ]
}

stop_daemon() {
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}

cli() { "$RAMPART" -s "$sock" "$@"; }

# The big configuration, typed from privileged EXEC: 4000 lines or so once rendered.
big_config() {
	local i
	echo "configure terminal"
	if [ "$1" = asa ]; then
		for i in $(seq 1 1500); do
			echo "object network OBJ-$i"
			echo " host 10.$((i / 250)).$((i % 250)).1"
		done
		echo "exit"
		for i in $(seq 1 1000); do
			echo "access-list BIG extended permit tcp any host 10.200.$((i / 250)).$((i % 250)) eq 443"
		done
	else
		echo "ip access-list extended BIG"
		for i in $(seq 1 3000); do
			echo " permit tcp any host 10.$((i / 250)).$((i % 250)).1 eq 443"
		done
		echo " exit"
	fi
	echo "end"
}

# The last line of a complete startup-config.
end_line() { if [ "$1" = asa ]; then echo ": end"; else echo "end"; fi; }

hostname_of() { sed -n 's/^hostname //p' "$1" | head -1; }

# Which of the two known texts the file is: A, B or "torn".
which_text() {
	if cmp -s "$startup" "$tmp/text-A"; then echo A
	elif cmp -s "$startup" "$tmp/text-B"; then echo B
	else echo torn
	fi
}

# A fresh rampartd from the file: it must load every line and hold that hostname.
restart_and_check() {
	local want=$1 before got
	before=$(wc -l <"$tmp/daemon.log")
	start_daemon || { not_ok "$2: rampartd restarts after the kill"; return 1; }
	got=$(cli -c "show running-config" | sed -n 's/^hostname //p')
	if [ "$got" != "$want" ]; then
		not_ok "$2: the restarted rampartd holds hostname $want (got '$got')"
		return 1
	fi
	if tail -n +"$((before + 1))" "$tmp/daemon.log" | grep -q "skipped\|cannot read"; then
		not_ok "$2: the restarted rampartd loaded every line"
		tail -n +"$((before + 1))" "$tmp/daemon.log" | sed 's/^/# /' | head -5
		return 1
	fi
	return 0
}

run_personality() {
	local p=$1 r delay_ms state next cpid got kept_old=0 got_new=0 mid=0 round_fail=0
	local host_A=R-A-$p host_B=R-B-$p save_ms t0 t1 ino hi

	rm -f "$startup" "$startup".*
	printf 'vty_socket = "%s";\nstartup_config = "%s";\npersonality = "%s";\nlog_level = "warnings";\n' \
		"$sock" "$startup" "$p" >"$tmp/rampartd.conf"
	start_daemon || { not_ok "$p: rampartd starts"; return; }

	# The two texts a save may leave, each written once without a kill.
	big_config "$p" | cli >/dev/null
	cli -c "configure terminal" -c "hostname $host_A" -c "end" -c "write memory" >/dev/null
	cp "$startup" "$tmp/text-A"
	# Timed from the client's start to the rename (a new inode takes the name): the
	# kills are spread over twice that.
	cli -c "configure terminal" -c "hostname $host_B" -c "end" >/dev/null
	ino=$(stat -c %i "$startup")
	t0=$(date +%s%N)
	cli -c "write memory" >/dev/null &
	cpid=$!
	while [ "$(stat -c %i "$startup" 2>/dev/null)" = "$ino" ] && kill -0 "$cpid" 2>/dev/null; do :; done
	t1=$(date +%s%N)
	wait "$cpid"
	cp "$startup" "$tmp/text-B"
	save_ms=$(((t1 - t0) / 1000000))
	if [ "$(wc -l <"$tmp/text-A")" -lt 2000 ] || cmp -s "$tmp/text-A" "$tmp/text-B" ||
		[ "$(tail -1 "$tmp/text-A")" != "$(end_line "$p")" ] ||
		[ "$(tail -1 "$tmp/text-B")" != "$(end_line "$p")" ]; then
		not_ok "$p: two different complete startup-configs of thousands of lines to switch between"
		stop_daemon
		return
	fi
	ok "$p: $(wc -l <"$tmp/text-A") lines per save, write memory renames it in after ${save_ms} ms"

	state=B
	hi=$((save_ms * 2 + 2))
	for r in $(seq 1 "$ROUNDS"); do
		if [ "$state" = A ]; then next=B; else next=A; fi
		if [ "$next" = A ]; then got=$host_A; else got=$host_B; fi
		cli -c "configure terminal" -c "hostname $got" -c "end" >/dev/null
		rm -f "$startup".tmp.*
		# Anywhere below hi, which closes in on the moment the save takes effect
		# (shrinks after a kill too late, grows after one too early).
		delay_ms=$((RANDOM % hi))
		cli -c "write memory" >/dev/null 2>&1 &
		cpid=$!
		sleep "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
		kill -9 "$pid"
		wait "$pid" 2>/dev/null
		pid=
		wait "$cpid" 2>/dev/null
		ls "$startup".tmp.* >/dev/null 2>&1 && mid=$((mid + 1))
		got=$(which_text)
		if [ "$got" = torn ]; then
			not_ok "$p round $r: after SIGKILL at ${delay_ms} ms the startup-config is the old or the new file"
			{ cmp "$startup" "$tmp/text-$state"; wc -l <"$startup"; tail -2 "$startup"; } 2>&1 | sed 's/^/# /'
			round_fail=1
			break
		fi
		if [ "$got" = "$state" ]; then
			kept_old=$((kept_old + 1)) hi=$((hi * 5 / 4 + 1))
		else
			got_new=$((got_new + 1)) hi=$((hi * 3 / 4 + 1))
		fi
		state=$got
		if [ "$state" = A ]; then got=$host_A; else got=$host_B; fi
		restart_and_check "$got" "$p round $r" || { round_fail=1; break; }
	done
	[ "$round_fail" = 0 ] && ok "$p: $ROUNDS kills during write memory: always the old or the new complete file, always loaded"
	# The kills must have landed on both sides of the rename, or the test proved nothing.
	if [ "$round_fail" = 0 ] && { [ $kept_old = 0 ] || [ $got_new = 0 ]; }; then
		not_ok "$p: kills landed both before and after the save took effect (old kept $kept_old, new $got_new)"
	else
		ok "$p: old file kept $kept_old times, new file $got_new times; $mid kills left a temp file (killed mid-save)"
	fi
	[ -n "$pid" ] && stop_daemon
}

run_personality asa
run_personality ios

[ $fails -eq 0 ] && echo "# crash-save: all passed" || echo "# crash-save: $fails failed"
[ $fails -eq 0 ]
