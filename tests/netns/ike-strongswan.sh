#!/bin/bash
# The IKEv1 engine (iketool, userspace ESP data plane) in gwA against strongSwan 5.9
# charon with kernel-libipsec in gwB:
#
#   lanA(10.1.0.10) -- gwA(iketool, 192.0.2.1) == gwB(charon, 192.0.2.2) -- lanB(10.2.0.10)
#
# For every scenario, each side initiates once:
#   1. charon initiates (swanctl --initiate): both sides show the SAs, lanB pings lanA
#      through the tunnel, charon terminates and our SAs go with its Delete;
#   2. traffic from lanA (the data plane's acquire) makes iketool initiate, lanA pings lanB;
# then the capture of gwA:wan0 is decoded by tshark (IKEv1 decrypted with the keys
# charon logs) and must hold no malformed packet. charon's kernel-libipsec always
# forces NAT-T, so everything after MM4/AM2 runs on UDP 4500, ESP in UDP included.
# Two scenarios fail on purpose and check our diagnosis instead: badpsk (different
# pre-shared keys) and noprop (no common IKE policy), each side initiating.
#
#   ike-strongswan.sh [scenario...]     default: all (ECP/GCM ones when charon has openssl)
# Exit 0 when every check passed, 77 (skipped) without root, TUN or strongSwan.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/ike-lib.sh"
netns_require
ike_require_tools charon tcpdump tshark python3

PSK=interop-test-psk-0123456789
ALL=(mm mm256 am pfs legacy ecp256 suiteb ecp521 rekey badpsk noprop)
SCEN=("$@")
[ ${#SCEN[@]} -eq 0 ] && SCEN=("${ALL[@]}")
FAILS=0
RESULTS=()

# Scenario: strongSwan's proposals and the Cisco-style configuration that meets them.
scenario() {
	SS_AGGR=no SS_LID=192.0.2.2 SS_RID=192.0.2.1 IDENTITY=address PFS= DPD= NEEDS_ECP=0 CHILD_REKEY=1h
	case $1 in
	mm)     # encr aes / hash sha / group 2; esp-aes esp-sha-hmac; our DPD every 2 s idle
		SS_IKE=aes128-sha1-modp1024 SS_ESP=aes128-sha1 POLICY="10 aes sha 2" TSET="esp-aes esp-sha-hmac" DPD=dpd=2:2 ;;
	mm256)  # charon offers aes128 first; only its second proposal matches
		SS_IKE=aes128-sha1-modp1024,aes256-sha1-modp2048 SS_ESP=aes128-sha1,aes256-sha1
		POLICY="10 aes-256 sha 14" TSET="esp-aes-256 esp-sha-hmac" ;;
	am)     # crypto isakmp identity hostname + aggressive mode
		SS_IKE=aes128-sha1-modp1024 SS_ESP=aes128-sha1 SS_AGGR=yes SS_LID=@gwB.ike.test SS_RID=@gwA.ike.test
		IDENTITY=hostname POLICY="10 aes sha 2" TSET="esp-aes esp-sha-hmac" ;;
	pfs)    # set pfs group14
		SS_IKE=aes256-sha1-modp2048 SS_ESP=aes256-sha1-modp2048 POLICY="10 aes-256 sha 14"
		TSET="esp-aes-256 esp-sha-hmac" PFS=14 ;;
	legacy) # encr 3des / hash md5 / group 2; esp-3des esp-md5-hmac
		SS_IKE=3des-md5-modp1024 SS_ESP=3des-md5 POLICY="10 3des md5 2" TSET="esp-3des esp-md5-hmac" ;;
	ecp256) # group 19, sha256, PFS group 19
		SS_IKE=aes128-sha256-ecp256 SS_ESP=aes128-sha256-ecp256 POLICY="10 aes sha256 19"
		TSET="esp-aes esp-sha256-hmac" PFS=19 NEEDS_ECP=1 ;;
	suiteb) # encr aes 256 / hash sha384 / group 20; esp-gcm 256; set pfs group20
		SS_IKE=aes256-sha384-ecp384 SS_ESP=aes256gcm16-ecp384 POLICY="10 aes-256 sha384 20"
		TSET="esp-gcm-256" PFS=20 NEEDS_ECP=1 ;;
	ecp521) # group 21, sha512; esp-gcm 128
		SS_IKE=aes256-sha512-ecp521 SS_ESP=aes128gcm16 POLICY="10 aes-256 sha512 21" TSET="esp-gcm"
		NEEDS_ECP=1 ;;
	rekey)  # charon rekeys its CHILD_SA every 6 s: traffic must flow through the rekeys
		SS_IKE=aes128-sha1-modp1024 SS_ESP=aes128-sha1 POLICY="10 aes sha 2" TSET="esp-aes esp-sha-hmac" CHILD_REKEY=6s ;;
	badpsk) SS_IKE=aes128-sha1-modp1024 SS_ESP=aes128-sha1 POLICY="10 aes sha 2" TSET="esp-aes esp-sha-hmac" ;;
	noprop) SS_IKE=aes128-sha1-modp1024 SS_ESP=aes128-sha1 POLICY="10 3des md5 5" TSET="esp-aes esp-sha-hmac" ;;
	*) fail "unknown scenario $1" ;;
	esac
}

write_confs() {
	local dir=$1
	cat >"$dir/dut.conf" <<-EOF
	local = $WAN_A
	identity = $IDENTITY
	hostname = gwA.ike.test
	policy = $POLICY
	psk = $WAN_B $([ "$SC" = badpsk ] && echo not-the-same-key || echo "$PSK") $DPD
	tset = TS $TSET
	conn = OUT 10 peer=$WAN_B sel=$LAN_A_NET:$LAN_B_NET tset=TS ${PFS:+pfs=$PFS} $([ "$SS_AGGR" = yes ] && echo aggressive)
	EOF
	cat >"$dir/swanctl.conf" <<-EOF
	connections {
	    s2s {
	        version = 1
	        aggressive = $SS_AGGR
	        local_addrs = $WAN_B
	        remote_addrs = $WAN_A
	        proposals = $SS_IKE
	        dpd_delay = 5s
	        rekey_time = 4h
	        local {
	            auth = psk
	            id = $SS_LID
	        }
	        remote {
	            auth = psk
	            id = $SS_RID
	        }
	        children {
	            net {
	                mode = tunnel
	                local_ts = $LAN_B_NET
	                remote_ts = $LAN_A_NET
	                esp_proposals = $SS_ESP
	                rekey_time = $CHILD_REKEY
	                start_action = none
	                dpd_action = clear
	            }
	        }
	    }
	}
	secrets {
	    ike-s2s {
	        id-1 = $SS_LID
	        id-2 = $SS_RID
	        secret = "$PSK"
	    }
	}
	EOF
}

check() { "$@" || { SC_OK=0; log "FAIL [$SC]: $*"; }; }
ok_or() { local what=$1; shift; "$@" || { SC_OK=0; log "FAIL [$SC]: $what"; }; }

charon_has_sas() {
	local out
	out=$(swc "$NS_GWB" --list-sas 2>/dev/null)
	grep -q 'ESTABLISHED, IKEv1' <<<"$out" && grep -q 'INSTALLED, TUNNEL-in-UDP' <<<"$out"
}

charon_idle() {
	local i
	for ((i = 0; i < 50; i++)); do
		[ -z "$(swc "$NS_GWB" --list-sas --raw 2>/dev/null | grep -o uniqueid)" ] && return 0
		sleep 0.1
	done
	return 1
}

ping_count() { nsx "$1" ping -c "$3" -i 0.2 -W 2 -q "$2" 2>/dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p'; }

# ms between two log lines of iketool (its stderr carries "[sec.ms]" stamps)
log_span() {
	awk -v a="$2" -v b="$3" '
		function stamp() { match($0, /[0-9]+\.[0-9]+\]/); return substr($0, RSTART, RLENGTH - 1) }
		index($0, a) && t0 == "" { t0 = stamp() }
		index($0, b) && t0 != "" && t1 == "" { t1 = stamp() }
		END { if (t1 != "") printf "%d", (t1 - t0) * 1000 + 0.5; else printf "?" }' "$IKE_DIR/$1.log"
}

# A negotiation that must fail, each side initiating; our log must say why.
run_negative() {
	local dir=$1 want=$2 want_i=$3 got
	swc "$NS_GWB" --initiate --ike s2s --child net --timeout 4 >"$dir/initiate.out" 2>&1 &&
		{ SC_OK=0; log "FAIL [$SC]: charon's initiation succeeded"; }
	ok_or "no diagnosis when charon initiates: $want" wait_for_line "$IKE_DIR/$SC.log" "$want" 3
	swc "$NS_GWB" --terminate --ike s2s --timeout 3 >/dev/null 2>&1
	iketool_stop "$SC"
	iketool_start "$NS_GWA" "$SC-i" "$dir/dut.conf" -b memory -i OUT:10
	ok_or "no diagnosis when iketool initiates: $want_i" wait_for_line "$IKE_DIR/$SC-i.log" "$want_i" 6
	got=$(status_field "$SC-i" '^stats' p2)
	[ "${got:-0}" = 0 ] || { SC_OK=0; log "FAIL [$SC]: an IPsec SA came up"; }
	iketool_stop "$SC-i"
	capture_stop
	RESULTS+=("$SC: $([ $SC_OK = 1 ] && echo PASS || echo FAIL) diagnosed as responder and initiator $(tshark_check "$dir/wan.pcap")")
	log "${RESULTS[-1]}"
	[ $SC_OK = 1 ] || FAILS=$((FAILS + 1))
}

# charon rekeys every 6 s while lanB pings lanA for 15 s: no reply may be lost, and
# the SPIs in use must have changed (old SA pairs deleted, make-before-break).
run_rekey() {
	local dir=$1 spi0 spi1 got n
	check swc "$NS_GWB" --initiate --ike s2s --child net --timeout 10 >"$dir/initiate.out" 2>&1
	ok_or "iketool shows no IPsec SA" status_has "$SC" '^ipsec ' 3
	spi0=$(status_field "$SC" '^ipsec ' spi-in)
	got=$(nsx "$NS_LANB" ping -c 75 -i 0.2 -W 1 -q "$LAN_A_HOST" 2>/dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	spi1=$(status_field "$SC" '^ipsec ' spi-in)
	n=$(status_field "$SC" '^stats' p2)
	[ "${got:-0}" -ge 74 ] || { SC_OK=0; log "FAIL [$SC]: ${got:-0}/75 replies across the rekeys"; }
	[ "${n:-0}" -ge 3 ] && [ "$spi0" != "$spi1" ] || { SC_OK=0; log "FAIL [$SC]: $n Quick Modes, SPI $spi0 -> $spi1"; }
	[ "$(grep -c '^ipsec ' "$IKE_DIR/$SC.status")" -le 2 ] || { SC_OK=0; log "FAIL [$SC]: old SAs not deleted"; }
	swc "$NS_GWB" --list-sas >"$dir/listsas-1.txt" 2>&1
	iketool_stop "$SC"
	capture_stop
	RESULTS+=("$SC: $([ $SC_OK = 1 ] && echo PASS || echo FAIL) ${got:-0}/75 replies, $n Quick Modes in 15 s, SPI $spi0 -> $spi1 $(tshark_check "$dir/wan.pcap")")
	log "${RESULTS[-1]}"
	[ $SC_OK = 1 ] || FAILS=$((FAILS + 1))
}

run_scenario() {
	SC=$1 SC_OK=1
	local dir=$IKE_DIR/$SC t0 t1 resp_ms init_ms got wire
	scenario "$SC"
	if [ "$NEEDS_ECP" = 1 ] && [ ! -f /usr/lib/ipsec/plugins/libstrongswan-openssl.so ]; then
		RESULTS+=("$SC: SKIP (charon has no openssl plugin for ECP/GCM)")
		return
	fi
	mkdir -p "$dir"
	write_confs "$dir"
	swanctl_load "$NS_GWB" "$dir/swanctl.conf"
	capture_start "$NS_GWA" "$dir/wan.pcap"
	iketool_start "$NS_GWA" "$SC" "$dir/dut.conf" -b userspace -t rampart0 -d 1
	case $SC in
	rekey) run_rekey "$dir"; return ;;
	badpsk) run_negative "$dir" "probably a pre-shared key mismatch" "probably a pre-shared key mismatch"; return ;;
	noprop) run_negative "$dir" "Mismatched attribute types for policy 10 .*Encryption Algorithm:  Rcv'd: aes  Cfg'd: 3des" \
		"Phase 1 failed in MM_WAIT_MSG2: peer sent NO-PROPOSAL-CHOSEN"; return ;;
	esac

	# 1. charon initiates, iketool responds
	t0=$(date +%s%N)
	check swc "$NS_GWB" --initiate --ike s2s --child net --timeout 10 >"$dir/initiate.out" 2>&1
	t1=$(date +%s%N)
	resp_ms=$(((t1 - t0) / 1000000))
	ok_or "charon shows no ESTABLISHED/INSTALLED SA" charon_has_sas
	ok_or "iketool shows no IPsec SA" status_has "$SC" '^ipsec .*udp-encap=yes' 3
	ok_or "iketool is not the responder" status_has "$SC" '^ike .*role=responder' 1
	got=$(ping_count "$NS_LANB" "$LAN_A_HOST" 3)
	[ "${got:-0}" = 3 ] || { SC_OK=0; log "FAIL [$SC]: lanB -> lanA: ${got:-0}/3 replies"; }
	# Our DPD (threshold 2 s): R-U-THERE once the tunnel is idle, charon acknowledges.
	[ -z "$DPD" ] || ok_or "no DPD R-U-THERE-ACK from charon" status_has "$SC" '^stats .*dpd-acked=[1-9]' 6
	swc "$NS_GWB" --list-sas >"$dir/listsas-1.txt" 2>&1
	swc "$NS_GWB" --list-sas --raw >"$dir/listsas-raw.txt" 2>&1
	cp "$IKE_DIR/$SC.status" "$dir/status-1.txt"
	swc "$NS_GWB" --terminate --ike s2s --timeout 5 >/dev/null 2>&1
	ok_or "charon's Delete did not remove our IPsec SA" \
		bash -c "for i in \$(seq 50); do grep -q '^ipsec ' '$IKE_DIR/$SC.status' || exit 0; sleep 0.1; done; exit 1"
	charon_idle

	# 2. traffic from lanA: iketool initiates
	got=$(ping_count "$NS_LANA" "$LAN_B_HOST" 4)
	[ "${got:-0}" -ge 3 ] || { SC_OK=0; log "FAIL [$SC]: lanA -> lanB: ${got:-0}/4 replies"; }
	ok_or "charon shows no SA after our initiation" charon_has_sas
	ok_or "iketool is not the initiator" status_has "$SC" '^ike .*role=initiator.*state=(MM|AM)_ACTIVE' 2
	init_ms=$(log_span "$SC" "IKE Initiator: New Phase 1" "PHASE 2 COMPLETED")
	swc "$NS_GWB" --list-sas >"$dir/listsas-2.txt" 2>&1
	swc "$NS_GWB" --list-sas --raw >>"$dir/listsas-raw.txt" 2>&1
	cp "$IKE_DIR/$SC.status" "$dir/status-2.txt"
	iketool_stop "$SC"
	capture_stop
	ok_or "charon kept SAs after iketool's Delete" charon_idle

	charon_uat "$NS_GWB" "$dir/listsas-raw.txt" >"$dir/uat"
	wire=$(tshark_check "$dir/wan.pcap" "$dir/uat") || SC_OK=0
	RESULTS+=("$SC: $([ $SC_OK = 1 ] && echo PASS || echo FAIL) charon-initiated=${resp_ms}ms iketool-initiated=${init_ms}ms $wire ike=$SS_IKE esp=$SS_ESP")
	log "${RESULTS[-1]}"
	[ $SC_OK = 1 ] || FAILS=$((FAILS + 1))
}

netns_up
ike_setup
nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" >/dev/null 2>&1 && fail "lanA reaches lanB without a tunnel"
charon_start "$NS_GWB"
for sc in "${SCEN[@]}"; do run_scenario "$sc"; done
echo "===== IKEv1 engine against strongSwan $(dpkg-query -W -f='${Version}' libstrongswan 2>/dev/null) ====="
printf '%s\n' "${RESULTS[@]}"
[ "$FAILS" = 0 ]
