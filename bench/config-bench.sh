#!/bin/bash
# Configuration benchmarks of rampartd (ASA personality), run from a build directory
# (where ./rampartd and ./rampart are) by bench/run, or by hand as root:
#
#   bench/config-bench.sh load LINES     startup-config of LINES generated lines
#                                        (bench/gen-config.awk, kind peers): time from
#                                        starting rampartd to its first answer on the
#                                        socket (replay and VPN apply done), RSS then,
#                                        and the fastest of 3 `show running-config`
#   bench/config-bench.sh acl ENTRIES [xfrm]
#                                        a crypto map ACL of ENTRIES entries: mean time
#                                        of one-entry changes (an entry appended, then
#                                        removed, in turn, 200 or 10 times in one
#                                        session: see mean_us), and of a trivial
#                                        command (hostname) for comparison; the
#                                        data-plane operations per change as rampartd
#                                        counts them and, with xfrm, the kernel's
#                                        policy events per change (ip xfrm monitor)
#
# The daemon runs in a namespace of its own with the userspace data plane (or the
# kernel's, xfrm: policies need no ESP support), so that whatever it installs for the
# bound crypto map stays there. Prints one result line:
#   load LINES: ready MS ms, rss KB kB, skipped N, show-run MS ms, N lines
#   acl ENTRIES: change US us, trivial US us, ops N.N, kernel N.N, skipped N, errors N
# (kernel is "-" on the userspace data plane).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RAMPARTD=$PWD/rampartd RAMPART=$PWD/rampart
if [ ! -x "$RAMPARTD" ] || [ ! -x "$RAMPART" ]; then
	echo "run from a build directory (no ./rampartd, ./rampart)"
	exit 99
fi
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespace)"; exit 77; }
MODE=${1:-} N=${2:-} DATAPLANE=${3:-userspace}
case $MODE/$DATAPLANE in load/userspace | acl/userspace | acl/xfrm) ;;
*) echo "usage: config-bench.sh load LINES | acl ENTRIES [xfrm]"; exit 2 ;;
esac
[[ $N =~ ^[0-9]+$ ]] || { echo "config-bench.sh: a count, not '$N'"; exit 2; }

NS=rcb$$
TMP=$(mktemp -d)
PID= MONITOR=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	[ -n "$MONITOR" ] && kill "$MONITOR" 2>/dev/null && wait "$MONITOR" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

ip netns add "$NS" || exit 1
ip -n "$NS" link set lo up
ip -n "$NS" link add wan0 type veth peer name lan0
ip -n "$NS" addr add 192.0.2.1/24 dev wan0
ip -n "$NS" addr add 10.0.0.1/24 dev lan0
ip -n "$NS" link set wan0 up
ip -n "$NS" link set lan0 up
cat >"$TMP/rampartd.conf" <<EOF
vty_socket = "$TMP/vty.sock";
startup_config = "$TMP/startup-config";
personality = "asa";
dataplane = "$DATAPLANE";
tun_name = "rampart0";
interfaces = (
  { name = "GigabitEthernet0/0"; link = "wan0"; },
  { name = "GigabitEthernet0/1"; link = "lan0"; }
);
EOF

now_us() { echo $(($(date +%s%N) / 1000)); }

# start_daemon: starts rampartd and waits for its socket; sets PID and READY_US.
start_daemon() {
	local t0 limit
	t0=$(now_us)
	limit=$((t0 + 600 * 1000000))
	ip netns exec "$NS" "$RAMPARTD" -F -f "$TMP/rampartd.conf" >"$TMP/rampartd.log" 2>&1 </dev/null &
	PID=$!
	while [ ! -S "$TMP/vty.sock" ]; do
		kill -0 "$PID" 2>/dev/null || { cat "$TMP/rampartd.log"; echo "rampartd exited"; exit 1; }
		[ "$(now_us)" -lt $limit ] || { echo "rampartd not ready after 600 s"; exit 1; }
		sleep 0.005
	done
	# The socket is bound after the replay, but the VPN runtime applies the loaded
	# configuration from the event loop: the first command answered is the true ready.
	vty -c "show clock" >/dev/null 2>&1
	READY_US=$(($(now_us) - t0))
}

skipped() { grep -cE 'startup-config:[0-9]+:' "$TMP/rampartd.log"; }
vty() { "$RAMPART" -s "$TMP/vty.sock" "$@"; }

bench_load() {
	local rss best=0 t0 t i out
	awk -v lines="$N" -v kind=peers -f "$HERE/gen-config.awk" >"$TMP/startup-config"
	start_daemon
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status")
	for i in 1 2 3; do
		t0=$(now_us)
		vty -c "show running-config" >"$TMP/show-run.txt"
		t=$(($(now_us) - t0))
		[ $best = 0 ] || [ $t -lt $best ] && best=$t
	done
	out=$(wc -l <"$TMP/show-run.txt")
	echo "load $N: ready $((READY_US / 1000)) ms, rss $rss kB, skipped $(skipped), show-run $((best / 1000)) ms, $out lines"
}

# mean_us LINE...: mean wall time of one command line, the lines run in turn in one
# session after `configure terminal`: 10 at first, 200 when those took under 2 s (a
# command that takes 100 ms or more is measured well enough by 10). Every count run
# is added to lines-run.
mean_us() {
	local n=10 i t0 t
	while :; do
		{
			echo "configure terminal"
			for ((i = 0; i < n; i++)); do echo "${@:i%$#+1:1}"; done
		} >"$TMP/script.txt"
		t0=$(now_us)
		vty <"$TMP/script.txt" >>"$TMP/session.out" 2>&1
		t=$(($(now_us) - t0))
		echo $n >>"$TMP/lines-run"
		[ $n = 10 ] && [ $t -lt 2000000 ] && { n=200; continue; }
		echo $((t / n))
		return
	done
}

# applied_ops FROM: the data-plane operations of the configuration applies logged from
# line FROM of rampartd's log on.
applied_ops() {
	tail -n "+$1" "$TMP/rampartd.log" | awk '/configuration applied:/ { ops += $(NF - 2) } END { print ops + 0 }'
}

lines_run() { awk '{ n += $1 } END { print n + 0 }' "$TMP/lines-run"; }

# The kernel's policy events (each added or deleted policy is one) from the monitor's
# output: an event starts at an unindented line.
kernel_events() { grep -cE '^(Deleted )?src ' "$TMP/monitor.txt"; }

per_change() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

bench_acl() {
	local add t_change t_trivial errors from ops changes kernel=-
	awk -v entries="$N" -v kind=acl -f "$HERE/gen-config.awk" >"$TMP/startup-config"
	start_daemon
	add="access-list BIG extended permit ip host 10.255.255.1 host 172.31.255.1"
	t_trivial=$(mean_us "hostname bench")
	from=$(($(wc -l <"$TMP/rampartd.log") + 1))
	if [ "$DATAPLANE" = xfrm ]; then
		ip -n "$NS" xfrm monitor policy >"$TMP/monitor.txt" &
		MONITOR=$!
		sleep 0.2    # subscribed before the first change
	fi
	rm -f "$TMP/lines-run"
	t_change=$(mean_us "$add" "no $add")    # an even count: the list ends as it began
	ops=$(applied_ops "$from") changes=$(lines_run)
	if [ -n "$MONITOR" ]; then
		sleep 0.2    # the last events read
		kill "$MONITOR" && wait "$MONITOR" 2>/dev/null
		MONITOR=
		kernel=$(per_change "$(kernel_events)" "$changes")
	fi
	errors=$(grep -ciE 'error|invalid|incomplete' "$TMP/session.out")
	# The list must be back to N entries, each change having been applied and undone,
	# and one more add must show as N+1.
	vty -c "show access-list BIG" | grep -q "BIG; $N elements" || errors=$((errors + 1))
	vty -c "configure terminal" -c "$add" >>"$TMP/session.out" 2>&1
	vty -c "show access-list BIG" | grep -q "BIG; $((N + 1)) elements" || errors=$((errors + 1))
	echo "acl $N: change $t_change us, trivial $t_trivial us, ops $(per_change "$ops" "$changes")," \
		"kernel $kernel, skipped $(skipped), errors $errors"
}

"bench_$MODE"
