# EXPIRE events and ESP-in-UDP: namespaces L and R on a veth; xfrm_dpctl installs a
# host-to-host tunnel whose SAs are UDP-encapsulated (port 4500, sockets held by
# xfrm_natt as the IKE layer would) and whose L->R SA has packet limits soft 3 and
# hard 5. A ping must pass through the encapsulated SAs, then L's dpctl must print a
# soft and then a hard expire for that SA, and the kernel must have dropped it.
set -u
log() { echo "[$(cut -d' ' -f1 /proc/uptime)] $*" >&2; }
fail() { log "FAIL: $*"; for f in "$W"/*.out; do echo "-- $f"; cat "$f"; done; exit 1; }
W=$(mktemp -d)
R1=0x52000011
PIDS=()
trap 'kill "${PIDS[@]}" 2> /dev/null; wait 2> /dev/null; ip netns del L; ip netns del R; rm -rf "$W"' EXIT
ip netns add L; ip netns add R
ip link add name vL netns L type veth peer name vR netns R
ip -n L addr add 192.0.2.1/24 dev vL; ip -n R addr add 192.0.2.2/24 dev vR
for n in L R; do ip -n $n link set lo up; ip -n $n link set v$n up; done
ip netns exec L ping -c1 -W2 -q 192.0.2.2 > /dev/null || fail "veth"

key() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
EK1=$(key 16) AK1=$(key 20) EK2=$(key 16) AK2=$(key 20)
sas() {  # extra options of the L->R SA
	echo "sa 192.0.2.1 192.0.2.2 0x3001 reqid=$R1 enc=aes:$EK1 auth=sha1:$AK1 encap=4500:4500 $1"
	echo "sa 192.0.2.2 192.0.2.1 0x3002 reqid=$R1 enc=aes:$EK2 auth=sha1:$AK2 encap=4500:4500"
}
{ sas "soft-packets=3 hard-packets=5"
  echo "policy out 192.0.2.1/32 192.0.2.2/32 protect reqid=$R1 tmpl=192.0.2.1-192.0.2.2"
  echo "policy in 192.0.2.2/32 192.0.2.1/32 protect reqid=$R1 tmpl=192.0.2.2-192.0.2.1"; } > "$W/L"
{ sas ""
  echo "policy out 192.0.2.2/32 192.0.2.1/32 protect reqid=$R1 tmpl=192.0.2.2-192.0.2.1"
  echo "policy in 192.0.2.1/32 192.0.2.2/32 protect reqid=$R1 tmpl=192.0.2.1-192.0.2.2"; } > "$W/R"

wait_line() { local i; for ((i = 0; i < 100; i++)); do grep -Eq "$2" "$1" && return 0; sleep 0.1; done; return 1; }
start() {  # NS OUT program args...
	local ns=$1 out=$2; shift 2
	ip netns exec "$ns" "$@" > "$out" 2>&1 &
	PIDS+=($!)
	wait_line "$out" '^ready$' || fail "$* in $ns did not start"
}
start L "$W/natt-L.out" "$BUILDDIR/tests/tools/xfrm_natt" 192.0.2.1
start R "$W/natt-R.out" "$BUILDDIR/tests/tools/xfrm_natt" 192.0.2.2
start L "$W/dp-L.out" "$BUILDDIR/tests/tools/xfrm_dpctl" -b xfrm "$W/L"
start R "$W/dp-R.out" "$BUILDDIR/tests/tools/xfrm_dpctl" -b xfrm "$W/R"
ip -n L xfrm state | grep -q 'encap type espinudp sport 4500 dport 4500' || fail "no UDP encapsulation: $(ip -n L xfrm state)"

ip netns exec L ping -c 2 -i 0.3 -W 2 -q 192.0.2.2 | grep -q ' 2 received' || fail "ping through ESP-in-UDP"
n=$(ip -n R -s xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x3001 |
	awk '/lifetime current:/ { getline; split($2, a, "("); print a[1]; exit }')
[ "${n:-0}" = 2 ] || fail "R counted ${n:-no} packets on 0x3001, expected 2"
log "ESP-in-UDP: 2 echo requests decapsulated by R"

ip netns exec L ping -c 5 -i 0.3 -W 1 -q 192.0.2.2 > /dev/null 2>&1
wait_line "$W/dp-L.out" '^expire dst=192.0.2.2 spi=0x00003001 hard' || fail "no hard expire"
grep '^expire' "$W/dp-L.out" >&2
[ "$(grep '^expire' "$W/dp-L.out" | head -n 1)" = "expire dst=192.0.2.2 spi=0x00003001 soft" ] ||
	fail "the first event is not the soft expire"
[ "$(grep -c '^expire.*hard' "$W/dp-L.out")" = 1 ] || fail "more than one hard expire"
ip -n L xfrm state | grep -q 'spi 0x00003001' && fail "the kernel kept the hard-expired SA"
log "soft and hard expire delivered; the SA is gone"
