#!/bin/bash
# Handshake rate of the IKEv1 engine (iketool, memory data plane) against strongSwan 5.9
# charon on this machine: N distinct ISAKMP SAs, each with one Quick Mode, started at
# once, first by iketool (N source addresses on gwA), then by charon. Prints the wall
# time until all N are up, the rate, and each daemon's CPU per handshake.
#
#   ike-bench.sh [N] [modp1024|modp2048|ecp256]      default 100 modp1024
# Not part of `make check` (it measures, it does not judge); needs root.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/ike-lib.sh"
netns_require
ike_require_tools charon

N=${1:-100}
GROUP_NAME=${2:-modp1024}
case $GROUP_NAME in modp1024) GROUP=2 ;; modp2048) GROUP=14 ;; ecp256) GROUP=19 ;; *) fail "group $GROUP_NAME" ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 150 ] || fail "N must be 1..150"
PSK=interop-test-psk-0123456789
CHARON_LOG_LEVEL=0

addr_a() { echo "192.0.2.$((100 + $1))"; }

write_confs() {
	local start=$1 i
	{
		echo "local = $WAN_A"
		echo "policy = 10 aes sha $GROUP"
		echo "psk = 0.0.0.0/0 $PSK"
		echo "tset = TS esp-aes esp-sha-hmac"
		for ((i = 0; i < N; i++)); do
			echo "conn = B $((i + 1)) peer=$WAN_B local=$(addr_a $i) sel=10.1.$i.0/24:10.3.$i.0/24 tset=TS"
		done
	} >"$IKE_DIR/bench.conf"
	{
		echo "connections {"
		for ((i = 0; i < N; i++)); do
			cat <<-EOF
			    c$i {
			        version = 1
			        local_addrs = $WAN_B
			        remote_addrs = $(addr_a $i)
			        proposals = aes128-sha1-$GROUP_NAME
			        local { auth = psk }
			        remote { auth = psk }
			        children {
			            net {
			                local_ts = 10.3.$i.0/24
			                remote_ts = 10.1.$i.0/24
			                esp_proposals = aes128-sha1
			                start_action = $start
			            }
			        }
			    }
			EOF
		done
		echo "}"
		echo "secrets { ike-any { secret = \"$PSK\" } }"
	} >"$IKE_DIR/bench-$start.swanctl.conf"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
ipsec_count() { local n; n=$(grep -c '^ipsec ' "$IKE_DIR/bench.status" 2>/dev/null); echo "${n:-0}"; }
charon_installed() { swc "$NS_GWB" --list-sas 2>/dev/null | grep -c 'INSTALLED'; }

wait_all() {
	local what=$1 i
	for ((i = 0; i < 3000; i++)); do
		[ "$($what)" -ge "$N" ] && return 0
		sleep 0.01
	done
	return 1
}

report() {
	local who=$1 t0=$2 t1=$3 c0=$4 c1=$5 i0=$6 i1=$7 hz
	hz=$(getconf CLK_TCK)
	awk -v who="$who" -v n="$N" -v ms=$(((t1 - t0) / 1000000)) -v c=$((c1 - c0)) -v i=$((i1 - i0)) -v hz="$hz" -v g="$GROUP_NAME" 'BEGIN {
		printf "%s initiates %d x MM+QM (aes128-sha1-%s): all up in %d ms = %.0f handshakes/s; CPU per handshake: iketool %.2f ms, charon %.2f ms\n",
			who, n, g, ms, n * 1000 / (ms ? ms : 1), i * 1000 / hz / n, c * 1000 / hz / n }'
}

netns_up
ike_setup
for ((i = 0; i < N; i++)); do
	ip -n "$NS_GWA" addr add "$(addr_a $i)/24" dev wan0
	# charon installs a route per CHILD_SA with a source inside its local TS
	ip -n "$NS_GWB" addr add "10.3.$i.1/24" dev lan0
done
charon_start "$NS_GWB"
sed -i "s/^\( *\)default = 1/\1default = $CHARON_LOG_LEVEL/; s/^\( *\)ike = 4/\1ike = $CHARON_LOG_LEVEL/" \
	"$(charon_dir "$NS_GWB")/strongswan.conf"
swc "$NS_GWB" --reload-settings >/dev/null
write_confs none
write_confs start
swanctl_load "$NS_GWB" "$IKE_DIR/bench-none.swanctl.conf"
CPID=${CHARON_PID[$NS_GWB]}
CHARON_REAL=$(pgrep -P "$CPID" charon || echo "$CPID")

# 1. iketool initiates all N at once
c0=$(cpu_ticks "$CHARON_REAL")
t0=$(date +%s%N)
iketool_start "$NS_GWA" bench "$IKE_DIR/bench.conf" -b memory -I
IPID=${IKETOOL_PID[bench]}
wait_all ipsec_count || log "only $(ipsec_count) of $N up"
t1=$(date +%s%N)
report iketool "$t0" "$t1" "$c0" "$(cpu_ticks "$CHARON_REAL")" 0 "$(cpu_ticks "$IPID")"
grep '^stats' "$IKE_DIR/bench.status"

# 2. charon initiates all N at once (start_action = start on load)
iketool_stop bench
swc "$NS_GWB" --terminate --ike c0 >/dev/null 2>&1
sleep 0.5
iketool_start "$NS_GWA" bench "$IKE_DIR/bench.conf" -b memory
IPID=${IKETOOL_PID[bench]}
i0=$(cpu_ticks "$IPID")
c0=$(cpu_ticks "$CHARON_REAL")
t0=$(date +%s%N)
swanctl_load "$NS_GWB" "$IKE_DIR/bench-start.swanctl.conf"
wait_all ipsec_count || log "only $(ipsec_count) of $N up"
t1=$(date +%s%N)
report charon "$t0" "$t1" "$c0" "$(cpu_ticks "$CHARON_REAL")" "$i0" "$(cpu_ticks "$IPID")"
grep '^stats' "$IKE_DIR/bench.status"
