# shellcheck shell=bash
# Shared helpers of the netns tests: the four namespaces of the interop rig,
#
#   lanA(10.1.0.10) --lan0-- gwA(10.1.0.1 | 192.0.2.1) ==wan0== gwB(192.0.2.2 | 10.2.0.1) --lan0-- lanB(10.2.0.10)
#
# with forwarding on the gateways and deliberately NO route from a gateway to the
# remote LAN: traffic between the LANs only passes through whatever tunnel the test
# brings up. Namespace names are machine-wide, so each run gets its own prefix
# (NETNS_PREFIX, default "rt<pid>-"); set NETNS_PREFIX= to get the rig's plain names.
#
#   . tests/netns/lib.sh
#   netns_require            # exit 77 (automake: skipped) unless root with TUN
#   netns_up                 # creates everything; netns_down runs at exit
#   nsx "$NS_GWA" cmd...     # run in a namespace
#   netns_bg "$NS_GWA" OUTFILE cmd...   # start in the background, stopped at exit
#   wait_for_line FILE REGEX [SECS]

NETNS_PREFIX=${NETNS_PREFIX-rt$$-}
NS_LANA=${NETNS_PREFIX}lanA
NS_GWA=${NETNS_PREFIX}gwA
NS_GWB=${NETNS_PREFIX}gwB
NS_LANB=${NETNS_PREFIX}lanB
WAN_A=192.0.2.1
WAN_B=192.0.2.2
LAN_A_NET=10.1.0.0/24
LAN_B_NET=10.2.0.0/24
LAN_A_GW=10.1.0.1
LAN_B_GW=10.2.0.1
LAN_A_HOST=10.1.0.10
LAN_B_HOST=10.2.0.10

NETNS_PIDS=()
NETNS_TMP=

log() { echo "[$(date +%H:%M:%S.%3N)] $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

netns_require() {
	if [ "$(id -u)" != 0 ]; then echo "SKIP: needs root (network namespaces)"; exit 77; fi
	if [ ! -c /dev/net/tun ]; then echo "SKIP: no /dev/net/tun"; exit 77; fi
	command -v ip >/dev/null || { echo "SKIP: no iproute2"; exit 77; }
}

netns_down() {
	local pid ns
	for pid in "${NETNS_PIDS[@]}"; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	NETNS_PIDS=()
	for ns in "$NS_LANA" "$NS_GWA" "$NS_GWB" "$NS_LANB"; do
		ip netns del "$ns" 2>/dev/null
	done
	[ -n "$NETNS_TMP" ] && rm -rf "$NETNS_TMP"
	NETNS_TMP=
	return 0
}

netns_up() {
	local ns
	netns_down
	trap netns_down EXIT
	NETNS_TMP=$(mktemp -d)
	for ns in "$NS_LANA" "$NS_GWA" "$NS_GWB" "$NS_LANB"; do
		ip netns add "$ns" || fail "cannot create namespace $ns"
		ip -n "$ns" link set lo up
		nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	done
	ip -n "$NS_GWA" link add wan0 type veth peer name wan0 netns "$NS_GWB"
	ip -n "$NS_GWA" link add lan0 type veth peer name eth0 netns "$NS_LANA"
	ip -n "$NS_GWB" link add lan0 type veth peer name eth0 netns "$NS_LANB"
	ip -n "$NS_GWA" addr add $WAN_A/24 dev wan0
	ip -n "$NS_GWB" addr add $WAN_B/24 dev wan0
	ip -n "$NS_GWA" addr add $LAN_A_GW/24 dev lan0
	ip -n "$NS_GWB" addr add $LAN_B_GW/24 dev lan0
	ip -n "$NS_LANA" addr add $LAN_A_HOST/24 dev eth0
	ip -n "$NS_LANB" addr add $LAN_B_HOST/24 dev eth0
	ip -n "$NS_GWA" link set wan0 up; ip -n "$NS_GWA" link set lan0 up
	ip -n "$NS_GWB" link set wan0 up; ip -n "$NS_GWB" link set lan0 up
	ip -n "$NS_LANA" link set eth0 up; ip -n "$NS_LANB" link set eth0 up
	ip -n "$NS_LANA" route add default via $LAN_A_GW
	ip -n "$NS_LANB" route add default via $LAN_B_GW
	for ns in "$NS_GWA" "$NS_GWB"; do
		nsx "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0
	done
	nsx "$NS_GWA" ping -c1 -W2 -q $WAN_B >/dev/null || fail "WAN ping gwA -> gwB"
}

# netns_bg NS OUTFILE cmd...: the pid is that of cmd itself (ip netns exec execs).
netns_bg() {
	local ns=$1 out=$2; shift 2
	ip netns exec "$ns" "$@" >"$out" 2>&1 &
	NETNS_PIDS+=("$!")
	NETNS_LAST_PID=$!
}

wait_for_line() {
	local file=$1 regex=$2 secs=${3:-5} i
	for ((i = 0; i < secs * 20; i++)); do
		grep -Eq "$regex" "$file" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
