#!/bin/bash
# Fault injection against a real rampartd: a flood of spoofed Main Mode 1 messages from
# many sources while its legitimate peer brings a tunnel up (userspace data plane).
#
#   lanA(10.1.0.10) -- gwA(rampartd ASA, 192.0.2.1) == gwB(rampartd IOS, 192.0.2.2) -- lanB(10.2.0.10)
#                      gwA also runs mm1-flood.py: RATE MM1/s for SECS s to gwB, each
#                      from its own address of 198.18.0.0/15 (nobody answers there),
#                      one in 20 of them damaged (truncated, corrupted, a lying length,
#                      oversized in IP fragments)
#
# gwB answers anyone (a wildcard pre-shared key) and bounds its negotiations with
# `crypto call admission limit ike in-negotiation-sa LIMIT`. Checked:
#   1. the flood reaches gwB and fills its in-negotiation table to the limit, and the
#      table never holds more (show crypto isakmp sa, sampled through the flood); the
#      limit is logged; gwB's RSS grows by less than RSS_BOUND_KB;
#   2. a ping from lanA in the middle of the flood brings the tunnel up (gwA's Main
#      Mode gets through the full table) and pings pass while the flood goes on;
#   3. gwB's CLI answers throughout, and gwB is still running at the end;
#   4. after the flood the spoofed negotiations expire (the 40 s Phase 1 deadline) and
#      only the real ISAKMP SA is left; the tunnel still carries pings.
# Exit 0 when every check passed, 77 (skipped) without root, TUN or python3.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/rampartd-lib.sh"
netns_require
rd_require
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
netns_up
rd_setup

PSK=flood-test-key-0123456789
LIMIT=100
RATE=${FLOOD_RATE:-1000}
SECS=${FLOOD_SECS:-20}
SPOOFED=198.18.0.0/15
# 100 half-open SAs and the flood's churn cost gwB about 3 MB; a table without a bound
# would keep the flood's 20 000 (tens of MB). Under AddressSanitizer RSS says nothing:
# its quarantine keeps every evicted SA's memory.
RSS_BOUND_KB=8192
ASAN_BUILD=0
grep -qa __asan_init "$RAMPARTD" && ASAN_BUILD=1
FAILS=0
ok_or() { local what=$1; shift; if "$@"; then log "ok: $what"; else FAILS=$((FAILS + 1)); log "FAIL: $what"; fi; }

rd_asa_site_a >"$RD_DIR/gwA.cfg"
{
	echo "crypto call admission limit ike in-negotiation-sa $LIMIT"
	rd_ios_site_b "0.0.0.0 0.0.0.0"
} >"$RD_DIR/gwB.cfg"

# gwB answers the spoofed sources through gwA, which drops the answers.
ip -n "$NS_GWB" route add "$SPOOFED" via "$WAN_A" dev wan0
ip -n "$NS_GWA" route add blackhole "$SPOOFED"
RD_LOG_LEVEL=notifications
rampartd_start "$NS_GWA" gwA asa "$RD_DIR/gwA.cfg"
rampartd_start "$NS_GWB" gwB ios "$RD_DIR/gwB.cfg"
PID_B=${RAMPARTD_PID[gwB]}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
rx_packets() { ip -n "$NS_GWB" -s -j link show wan0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'; }
# IOS `show crypto isakmp sa`: one row per ISAKMP SA, its first column an address;
# nothing when the CLI did not answer with the table.
isakmp_rows() {
	local out
	out=$(rcli gwB "show crypto isakmp sa") && grep -q '^IPv4 Crypto ISAKMP SA' <<<"$out" || return 1
	grep -cE '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+ ' <<<"$out"
}
ping_ab() { nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" >/dev/null 2>&1; }
ping_until() { local i; for ((i = 0; i < 10; i++)); do ping_ab && return 0; done; return 1; }

sleep 1
rss0=$(rss_kb "$PID_B") rx0=$(rx_packets)
log "flood: $RATE MM1/s for $SECS s from $SPOOFED; gwB RSS $rss0 kB, limit $LIMIT"
nsx "$NS_GWA" python3 "$HERE/mm1-flood.py" "$WAN_B" "$SPOOFED" "$SECS" "$RATE" >"$RD_DIR/flood.out" 2>&1 &
FLOOD_PID=$!
rd_extra_teardown() { kill "$FLOOD_PID" 2>/dev/null; }

# Sample gwB through the flood; the real peer calls a third of the way in.
most_rows=0 most_rss=$rss0 cli_failures=0 pinged=0 tunnel=1 t0=$(date +%s)
while kill -0 "$FLOOD_PID" 2>/dev/null; do
	rows=$(isakmp_rows)
	[ -n "$rows" ] || cli_failures=$((cli_failures + 1))
	rss=$(rss_kb "$PID_B")
	[ "${rows:-0}" -gt "$most_rows" ] && most_rows=$rows
	[ "$rss" -gt "$most_rss" ] && most_rss=$rss
	if [ $pinged = 0 ] && [ $(($(date +%s) - t0)) -ge $((SECS / 3)) ]; then
		pinged=1
		log "the real peer calls: ping lanA -> lanB"
		ping_until || tunnel=0
		log "ping through the tunnel during the flood: $([ $tunnel = 1 ] && echo passed || echo FAILED)"
		nsx "$NS_LANA" ping -c5 -i0.2 -W1 -q "$LAN_B_HOST" >/dev/null 2>&1 || tunnel=0
	fi
	sleep 0.25
done
wait "$FLOOD_PID"
read -r _ sent _ junk < <(grep '^sent ' "$RD_DIR/flood.out")
rx=$(($(rx_packets) - rx0))
log "flood over: sent ${sent:-0} (${junk:-0} of them damaged), gwB received $rx packets; most ISAKMP SAs shown $most_rows; RSS $rss0 -> most $most_rss kB"

log "step 1: the table filled to the limit and no further; memory bounded"
ok_or "the flood was sent (at least $((RATE * SECS * 9 / 10)) MM1)" test "${sent:-0}" -ge $((RATE * SECS * 9 / 10))
ok_or "one in 20 was damaged (cut, overwritten, lying about its length, 20 kB in fragments)" \
	test "${junk:-0}" -ge $((RATE * SECS * 9 / 200))
ok_or "gwB received the flood" test "$rx" -ge "${sent:-1}"
ok_or "the in-negotiation table reached the limit ($most_rows rows, limit $LIMIT + the real SA)" test "$most_rows" -ge "$LIMIT"
ok_or "and never held more than the limit + the real SA" test "$most_rows" -le $((LIMIT + 1))
ok_or "gwB logged the limit" grep -q "IKE in-negotiation SA limit $LIMIT reached" "$RD_DIR/gwB.log"
if [ $ASAN_BUILD = 0 ]; then
	ok_or "gwB's RSS grew by less than $RSS_BOUND_KB kB ($((most_rss - rss0)) kB)" test $((most_rss - rss0)) -lt "$RSS_BOUND_KB"
else
	log "AddressSanitizer build: RSS not checked ($((most_rss - rss0)) kB growth)"
fi

log "step 2: the real peer got through"
ok_or "the ping from lanA brought the tunnel up during the flood" test "$pinged" = 1 -a "$tunnel" = 1
ok_or "gwB negotiated with gwA" grep -q "$WAN_A" <(rcli gwB "show crypto isakmp sa")

log "step 3: the CLI answered throughout"
ok_or "every show crypto isakmp sa during the flood answered" test "$cli_failures" = 0
ok_or "gwB is still running" kill -0 "$PID_B"

log "step 4: the spoofed negotiations expire, the tunnel stays"
only_real() { [ "$(isakmp_rows)" = 1 ]; }
expired=1
for ((i = 0; i < 50; i++)); do only_real && break; sleep 1; done
only_real || expired=0
ok_or "only the real ISAKMP SA is left ($(isakmp_rows) rows)" test $expired = 1
ok_or "pings still pass through the tunnel" nsx "$NS_LANA" ping -c3 -i0.2 -W1 -q "$LAN_B_HOST"

rcli gwB "show crypto isakmp sa" >"$RD_DIR/gwB.isakmp-sa.txt"
[ $FAILS = 0 ] || { log "$FAILS check(s) failed; gwB log:"; tail -20 "$RD_DIR/gwB.log" >&2; exit 1; }
log "all checks passed"
