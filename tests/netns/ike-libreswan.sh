#!/bin/bash
# The IKEv1 engine (iketool) in gwA against libreswan's pluto in gwB, a second,
# independent IKEv1 stack: Main Mode, Aggressive Mode and Quick Mode with PFS, each
# side initiating once. No NAT here and pluto does not force encapsulation, so
# everything stays on UDP 500 with plain ESP tunnel mode (Encapsulation-Mode 1).
#
# Negotiation only: this kernel has no ESP, pluto's SA installation is answered by
# an LD_PRELOAD shim (fake-xfrm-sa.so), and iketool records SAs in its
# memory data plane. libreswan is not installed but unpacked, and the shim built from
# fake-xfrm-sa.c, by libreswan-setup.sh into RIG_CACHE (default <tmp>/ikev1-rig/cache),
# which this script runs first; LIBRESWAN_DIR and LIBRESWAN_SHIM point elsewhere instead.
# This libreswan build has no MODP1024 and no ECP group for PFS in IKEv1: groups 14 and 19
# in Phase 1, group 14 for PFS.
#
#   ike-libreswan.sh [mm|am|pfs ...]
# Exit 0 when every check passed, 77 (skipped) without root or when libreswan cannot
# be downloaded.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/ike-lib.sh"
netns_require
ike_require_tools tcpdump tshark

RIG_CACHE=${RIG_CACHE:-$(dirname "$(mktemp -u)")/ikev1-rig/cache}
LSW=${LIBRESWAN_DIR:-$RIG_CACHE/libreswan}
SHIM=${LIBRESWAN_SHIM:-$RIG_CACHE/fake-xfrm-sa.so}
# libreswan-setup.sh fills the cache (downloads once; later runs find it ready)
if [ -z "${LIBRESWAN_DIR:-}${LIBRESWAN_SHIM:-}" ]; then
	bash "$HERE/libreswan-setup.sh" "$RIG_CACHE"
	case $? in
	0) ;;
	77) echo "SKIP: libreswan could not be downloaded into $RIG_CACHE (no network or no package lists)"; exit 77 ;;
	*) fail "libreswan-setup.sh could not prepare $RIG_CACHE" ;;
	esac
fi
[ -x "$LSW/usr/libexec/ipsec/pluto" ] || { echo "SKIP: no libreswan in $LSW"; exit 77; }
[ -f "$SHIM" ] || { echo "SKIP: no fake-xfrm-sa shim at $SHIM: pluto cannot finish Quick Mode here"; exit 77; }
LSW_LD=$LSW/usr/lib/$(uname -m)-linux-gnu:$LSW/lib/$(uname -m)-linux-gnu
PSK=interop-test-psk-0123456789
SCEN=("$@")
[ ${#SCEN[@]} -eq 0 ] && SCEN=(mm am pfs)
FAILS=0
RESULTS=()
PLUTO_PID=

lsw() { LD_LIBRARY_PATH=$LSW_LD "$LSW/usr/libexec/ipsec/$1" "${@:2}"; }
whack() { lsw whack --ctlsocket "$PD/run/pluto.ctl" "$@"; }

pluto_conf() {
	cat >"$PD/ipsec.conf" <<-EOF
	config setup
	    ikev1-policy=accept
	    logfile=$PD/pluto.log
	    logappend=yes
	    logtime=yes
	    plutodebug=base
	    dumpdir=$PD
	    protostack=xfrm
	    uniqueids=no
	    dnssec-enable=no
	conn common
	    ikev2=no
	    authby=secret
	    left=$WAN_B
	    leftsubnet=$LAN_B_NET
	    right=$WAN_A
	    rightsubnet=$LAN_A_NET
	    encapsulation=auto
	    ikelifetime=4h
	    salifetime=1h
	    leftupdown=/usr/libexec/ipsec/_updown
	conn s2s-mm
	    also=common
	    leftid=$WAN_B
	    rightid=$WAN_A
	    ike=aes128-sha1;modp2048,aes256-sha2_256;modp2048
	    esp=aes128-sha1,aes256-sha1
	    pfs=no
	    auto=ignore
	conn s2s-am
	    also=common
	    aggressive=yes
	    leftid=@gwB.ike.test
	    rightid=@gwA.ike.test
	    ike=aes128-sha1;modp2048
	    esp=aes128-sha1
	    pfs=no
	    auto=ignore
	conn s2s-pfs
	    also=common
	    leftid=$WAN_B
	    rightid=$WAN_A
	    ike=aes256-sha2_256;ecp_256
	    esp=aes256-sha2_256;modp2048
	    pfs=yes
	    auto=ignore
	EOF
	printf '%s %s : PSK "%s"\n@gwB.ike.test @gwA.ike.test : PSK "%s"\n' "$WAN_B" "$WAN_A" "$PSK" "$PSK" \
		>"$PD/ipsec.secrets"
}

pluto_start() {
	local i
	PD=$IKE_DIR/pluto
	mkdir -p "$PD/run" "$PD/nss" "$PD/ipsec.d"
	pluto_conf
	LD_LIBRARY_PATH=$LSW_LD "$LSW/usr/bin/certutil" -N -d "sql:$PD/nss" --empty-password || fail "certutil"
	# pluto runs /usr/libexec/ipsec/addconn and _updown: the extracted tree is mounted
	# there in a private mount namespace, the host is not changed.
	ip netns exec "$NS_GWB" unshare -m --propagation private sh -c "mount --bind '$LSW/usr/libexec' /usr/libexec &&
		exec env LD_LIBRARY_PATH='$LSW_LD' LD_PRELOAD='$SHIM' /usr/libexec/ipsec/pluto --nofork \
		--config '$PD/ipsec.conf' --rundir '$PD/run' --nssdir '$PD/nss' --ipsecdir '$PD/ipsec.d' \
		--secretsfile '$PD/ipsec.secrets' --dumpdir '$PD' --logfile '$PD/pluto.log'" >"$PD/stdout" 2>&1 </dev/null &
	PLUTO_PID=$!
	for ((i = 0; i < 100; i++)); do
		[ -S "$PD/run/pluto.ctl" ] && whack --status >/dev/null 2>&1 && break
		sleep 0.05
	done
	[ -S "$PD/run/pluto.ctl" ] || fail "pluto did not start: $(cat "$PD/stdout")"
	whack --listen >/dev/null
}

pluto_stop() {
	[ -n "$PLUTO_PID" ] && kill -TERM "$PLUTO_PID" 2>/dev/null && wait "$PLUTO_PID" 2>/dev/null
	PLUTO_PID=
}

scenario() {
	IDENTITY=address PFS='' AGGR=''
	case $1 in
	mm)  POLICY="10 aes sha 14" TSET="esp-aes esp-sha-hmac" ;;
	am)  POLICY="10 aes sha 14" TSET="esp-aes esp-sha-hmac" IDENTITY=hostname AGGR=aggressive ;;
	pfs) POLICY="10 aes-256 sha256 19" TSET="esp-aes-256 esp-sha256-hmac" PFS=pfs=14 ;;
	*) fail "unknown scenario $1" ;;
	esac
	cat >"$IKE_DIR/$1.conf" <<-EOF
	local = $WAN_A
	identity = $IDENTITY
	hostname = gwA.ike.test
	policy = $POLICY
	psk = $WAN_B $PSK
	tset = TS $TSET
	conn = OUT 10 peer=$WAN_B sel=$LAN_A_NET:$LAN_B_NET tset=TS $PFS $AGGR
	EOF
}

check() { "$@" || { SC_OK=0; log "FAIL [$SC]: $*"; }; }
ok_or() { local what=$1; shift; "$@" || { SC_OK=0; log "FAIL [$SC]: $what"; }; }
pluto_says() { wait_for_line "$PD/pluto.log" "$1" "${2:-5}"; }

run_scenario() {
	SC=$1 SC_OK=1
	local t0 t1 lines
	scenario "$SC"
	lsw addconn --config "$PD/ipsec.conf" --ctlsocket "$PD/run/pluto.ctl" "s2s-$SC" >"$IKE_DIR/$SC.addconn" 2>&1 ||
		{ SC_OK=0; log "FAIL [$SC]: addconn: $(cat "$IKE_DIR/$SC.addconn")"; }
	capture_start "$NS_GWA" "$IKE_DIR/$SC.pcap"

	# 1. pluto initiates, iketool responds
	iketool_start "$NS_GWA" "$SC-r" "$IKE_DIR/$SC.conf" -b memory -d 1
	lines=$(wc -l <"$PD/pluto.log")
	t0=$(date +%s%N)
	timeout 15 "$LSW/usr/libexec/ipsec/whack" --ctlsocket "$PD/run/pluto.ctl" --name "s2s-$SC" --initiate \
		>"$IKE_DIR/$SC.initiate" 2>&1 || true
	t1=$(date +%s%N)
	ok_or "pluto: no IPsec SA as initiator" bash -c "tail -n +$lines '$PD/pluto.log' | grep -q 'IPsec SA established'"
	ok_or "iketool (responder) has no IPsec SA" status_has "$SC-r" '^ipsec .*udp-encap=no' 3
	ok_or "iketool is not the responder" status_has "$SC-r" "^ike .*role=responder.*state=$([ -n "$AGGR" ] && echo AM || echo MM)_ACTIVE" 1
	iketool_stop "$SC-r"
	# our Delete (SIGTERM) reaches pluto
	ok_or "pluto did not act on our Delete" pluto_says "received Delete SA payload: (replace IPsec State|delete IPsec State|self-deleting ISAKMP State|deleting ISAKMP)" 3
	whack --name "s2s-$SC" --delete >/dev/null 2>&1
	lsw addconn --config "$PD/ipsec.conf" --ctlsocket "$PD/run/pluto.ctl" "s2s-$SC" >/dev/null 2>&1
	local resp_ms=$(((t1 - t0) / 1000000))

	# 2. iketool initiates, pluto responds
	lines=$(wc -l <"$PD/pluto.log")
	iketool_start "$NS_GWA" "$SC-i" "$IKE_DIR/$SC.conf" -b memory -d 1 -i OUT:10
	ok_or "iketool (initiator) has no IPsec SA" status_has "$SC-i" '^ipsec ' 5
	ok_or "iketool is not the initiator" status_has "$SC-i" '^ike .*role=initiator' 1
	ok_or "pluto: no IPsec SA as responder" bash -c "for i in \$(seq 50); do tail -n +$lines '$PD/pluto.log' | grep -q 'IPsec SA established' && exit 0; sleep 0.1; done; exit 1"
	iketool_stop "$SC-i"
	whack --name "s2s-$SC" --delete >/dev/null 2>&1
	capture_stop
	local wire
	wire=$(tshark_check "$IKE_DIR/$SC.pcap") || SC_OK=0
	RESULTS+=("$SC: $([ $SC_OK = 1 ] && echo PASS || echo FAIL) pluto-initiated=${resp_ms}ms $wire")
	log "${RESULTS[-1]}"
	[ $SC_OK = 1 ] || FAILS=$((FAILS + 1))
}

netns_up
ike_setup
trap 'pluto_stop; ike_teardown' EXIT
pluto_start
for sc in "${SCEN[@]}"; do run_scenario "$sc"; done
pluto_stop
echo "===== IKEv1 engine against $(lsw whack --version 2>/dev/null | head -1 || echo libreswan) ====="
printf '%s\n' "${RESULTS[@]}"
[ "$FAILS" = 0 ]
