#!/bin/bash
# Throughput through the userspace data plane: dpctl with static SAs in gwA and
# gwB, iperf3 from lanA to lanB with 1400-byte IP packets (UDP payload 1372), then
# a TCP run.
#   esp-bench.sh [raw|udp] [ALG] [SECS]
#   ALG: aes128-sha1 (default) | aes256-sha256 | aes128gcm | aes256gcm
# RATE=400M limits the UDP sender (default: unlimited, which overloads a small
# machine; the receiver rate then is the ceiling). Prints iperf3's receiver lines
# (Mbit/s, lost/total datagrams) and gwB's counters. Needs root and iperf3.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
netns_require
command -v iperf3 >/dev/null || { echo "SKIP: iperf3 not installed"; exit 77; }
DPCTL=${DPCTL:-$PWD/tests/tools/dpctl}
[ -x "$DPCTL" ] || DPCTL=$HERE/../tools/dpctl

ENCAP=${1:-raw} ALG=${2:-aes128-sha1} SECS=${3:-5}
hexkey() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
case $ALG in
aes128-sha1) keys() { echo "enc=aes:$(hexkey 16) auth=sha1:$(hexkey 20)"; } ;;
aes256-sha256) keys() { echo "enc=aes:$(hexkey 32) auth=sha256:$(hexkey 32)"; } ;;
aes128gcm) keys() { echo "enc=aesgcm16:$(hexkey 20) auth=none"; } ;;
aes256gcm) keys() { echo "enc=aesgcm16:$(hexkey 36) auth=none"; } ;;
*) echo "unknown algorithm $ALG"; exit 2 ;;
esac

netns_up
T=$NETNS_TMP
opt= ; udp_a=() ; udp_b=()
[ "$ENCAP" = udp ] && { opt="encap=4500:4500"; udp_a=(-u $WAN_A); udp_b=(-u $WAN_B); }
SA_AB="sa $WAN_A $WAN_B 0x1001 reqid=1 $(keys) $opt"
SA_BA="sa $WAN_B $WAN_A 0x2001 reqid=1 $(keys) $opt"
cat >"$T/gwA" <<EOS
$SA_AB
$SA_BA
policy out $LAN_A_NET $LAN_B_NET protect reqid=1 tmpl=$WAN_A-$WAN_B
policy fwd $LAN_B_NET $LAN_A_NET protect reqid=1 tmpl=$WAN_B-$WAN_A
EOS
cat >"$T/gwB" <<EOS
$SA_AB
$SA_BA
policy out $LAN_B_NET $LAN_A_NET protect reqid=1 tmpl=$WAN_B-$WAN_A
policy fwd $LAN_A_NET $LAN_B_NET protect reqid=1 tmpl=$WAN_A-$WAN_B
EOS
netns_bg "$NS_GWA" "$T/gwA.out" "$DPCTL" "${udp_a[@]}" "$T/gwA"; PID_A=$NETNS_LAST_PID
netns_bg "$NS_GWB" "$T/gwB.out" "$DPCTL" "${udp_b[@]}" "$T/gwB"; PID_B=$NETNS_LAST_PID
wait_for_line "$T/gwA.out" '^ready$' && wait_for_line "$T/gwB.out" '^ready$' || fail "dpctl: $(cat "$T"/gw?.out)"
netns_bg "$NS_LANB" "$T/iperf-server.out" iperf3 -s -1
sleep 0.5
nsx "$NS_LANA" iperf3 -c $LAN_B_HOST -u -b "${RATE:-0}" -l 1372 -t "$SECS" >"$T/udp.out" 2>&1 || fail "iperf3: $(cat "$T/udp.out")"
recv=$(grep -E 'receiver$' "$T/udp.out" | tail -1)
netns_bg "$NS_LANB" "$T/iperf-server2.out" iperf3 -s -1
sleep 0.5
nsx "$NS_LANA" iperf3 -c $LAN_B_HOST -t "$SECS" >"$T/tcp.out" 2>&1
tcp=$(grep -E 'receiver$' "$T/tcp.out" | tail -1)
kill -USR1 $PID_B; sleep 0.3
echo "encap=$ENCAP alg=$ALG"
echo "UDP 1400-byte packets, receiver: $recv"
echo "TCP, receiver: $tcp"
grep '^stats' "$T/gwB.out" | tail -1
