#!/bin/bash
# Fault injection during IKE negotiation: 30 % packet loss in both directions, then
# every IKE datagram duplicated in both directions.
#
#   lanA -- gwA(iketool, userspace ESP) == wan0 (faults) == gwB(charon) -- lanB
#
# Loss: nftables in gwB drops IKE datagrams (UDP 500 and 4500, both directions) with
# `numgen random mod 10 < 3`. Duplication: nftables in each gateway sends each IKE
# datagram it emits twice (`dup to` the peer). Each fault twice, once each side
# initiating:
#   1. traffic from lanA makes iketool initiate (the data plane's acquire; a ping
#      keeps asking), 2. charon initiates (swanctl --initiate, retried as an operator
#      would). Each time the tunnel must come up; then the fault is lifted and pings
#      must pass through it. Under loss, retransmissions of both sides and the drops
#      are counted and printed; some must have happened, or the loss was not injected.
#   Under duplication, iketool must count the duplicates it received, and a repeated
#      answer must not start a ping-pong: once the tunnel is up, iketool sends nothing
#      more.
# Exit 0 when all came up, 77 (skipped) without root, TUN, strongSwan or nft.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/ike-lib.sh"
netns_require
ike_require_tools charon nft
LOSS=${LOSS:-3}            # out of 10
DEADLINE=${LOSS_DEADLINE:-120}
PSK=loss-test-psk-0123456789
FAILS=0
RESULTS=()

write_confs() {
	local dir=$1
	cat >"$dir/dut.conf" <<-EOF
	local = $WAN_A
	identity = address
	policy = 10 aes sha 2
	psk = $WAN_B $PSK
	tset = TS esp-aes esp-sha-hmac
	conn = OUT 10 peer=$WAN_B sel=$LAN_A_NET:$LAN_B_NET tset=TS
	EOF
	cat >"$dir/swanctl.conf" <<-EOF
	connections {
	    s2s {
	        version = 1
	        local_addrs = $WAN_B
	        remote_addrs = $WAN_A
	        proposals = aes128-sha1-modp1024
	        rekey_time = 4h
	        local {
	            auth = psk
	            id = $WAN_B
	        }
	        remote {
	            auth = psk
	            id = $WAN_A
	        }
	        children {
	            net {
	                mode = tunnel
	                local_ts = $LAN_B_NET
	                remote_ts = $LAN_A_NET
	                esp_proposals = aes128-sha1
	                start_action = none
	            }
	        }
	    }
	}
	secrets {
	    ike-s2s {
	        id-1 = $WAN_B
	        id-2 = $WAN_A
	        secret = "$PSK"
	    }
	}
	EOF
}

loss_on() {
	nsx "$NS_GWB" nft -f - <<-EOF
	table inet loss {
	    chain in {
	        type filter hook input priority 0;
	        iifname "wan0" udp dport { 500, 4500 } numgen random mod 10 < $LOSS counter drop
	    }
	    chain out {
	        type filter hook output priority 0;
	        oifname "wan0" udp dport { 500, 4500 } numgen random mod 10 < $LOSS counter drop
	    }
	}
	EOF
}

# Every IKE datagram a gateway sends goes out a second time.
dup_on() {
	local ns peer
	for ns in "$NS_GWA" "$NS_GWB"; do
		peer=$WAN_B
		[ "$ns" = "$NS_GWB" ] && peer=$WAN_A
		nsx "$ns" nft -f - <<-EOF || return 1
		table ip twice {
		    chain out {
		        type filter hook output priority 0;
		        oifname "wan0" udp dport { 500, 4500 } counter dup to $peer
		    }
		}
		EOF
	done
}

# Packets the rules of TABLE (inet loss, ip twice) counted so far, in both gateways.
fault_count() {
	local ns
	for ns in "$NS_GWA" "$NS_GWB"; do nsx "$ns" nft list table $1 2>/dev/null; done |
		awk '/counter packets/ { for (i = 1; i <= NF; i++) if ($i == "packets") n += $(i + 1) } END { print n + 0 }'
}

fault_off() {
	local ns
	for ns in "$NS_GWA" "$NS_GWB"; do nsx "$ns" nft delete table inet loss 2>/dev/null; nsx "$ns" nft delete table ip twice 2>/dev/null; done
	return 0
}

charon_retransmits() { grep -c 'retransmit [0-9]* of request' "$(charon_dir "$NS_GWB")/charon.log" 2>/dev/null; }

wait_charon_installed() {
	local i
	for ((i = 0; i < $1 * 4; i++)); do
		swc "$NS_GWB" --list-sas 2>/dev/null | grep -q 'INSTALLED, TUNNEL' && return 0
		sleep 0.25
	done
	return 1
}

ping_count() { nsx "$1" ping -c "$3" -i 0.2 -W 2 -q "$2" 2>/dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p'; }

# One round: NAME WHO (iketool|charon) FAULT (loss|dup). The tunnel must come up under
# the fault within DEADLINE seconds, then carry traffic once the fault is lifted.
round() {
	local name=$1 who=$2 fault=$3 dir=$IKE_DIR/$1 t0 up=0 both secs pinger got rtx_ours rtx_charon0 rtx_charon
	local faults dups tx_up tx_later
	mkdir -p "$dir"
	write_confs "$dir"
	swanctl_load "$NS_GWB" "$dir/swanctl.conf"
	iketool_start "$NS_GWA" "$name" "$dir/dut.conf" -b userspace -t rampart0 -d 1
	rtx_charon0=$(charon_retransmits)
	"${fault}_on" || fail "nft: cannot install the $fault rules"
	t0=$(date +%s)
	if [ "$who" = iketool ]; then
		# Traffic keeps the acquire coming until an SA exists.
		nsx "$NS_LANA" ping -i 0.5 -w "$DEADLINE" -q "$LAN_B_HOST" >/dev/null 2>&1 &
		pinger=$!
		status_has "$name" '^ipsec ' "$DEADLINE" && up=1
		kill "$pinger" 2>/dev/null; wait "$pinger" 2>/dev/null
	else
		while [ $(($(date +%s) - t0)) -lt "$DEADLINE" ]; do
			swc "$NS_GWB" --initiate --ike s2s --child net --timeout 30 >>"$dir/initiate.out" 2>&1
			status_has "$name" '^ipsec ' 1 && { up=1; break; }
		done
	fi
	secs=$(($(date +%s) - t0))
	# IKEv1's last Quick Mode message is not acknowledged: when QM3 was lost, the
	# responder completes at its next retransmission of QM2, answered by our resend.
	both=0
	[ $up = 1 ] && wait_charon_installed 20 && both=1
	if [ "$fault" = dup ]; then
		# Still duplicating: what iketool sends from here on would be a ping-pong.
		tx_up=$(status_field "$name" '^stats' tx)
		sleep 3
		tx_later=$(status_field "$name" '^stats' tx)
	fi
	faults=$(fault_count "$([ "$fault" = loss ] && echo inet loss || echo ip twice)")
	fault_off
	rtx_ours=$(status_field "$name" '^stats' retransmits)
	dups=$(status_field "$name" '^stats' duplicates)
	rtx_charon=$(($(charon_retransmits) - rtx_charon0))
	got=0
	[ $both = 1 ] && got=$(ping_count "$NS_LANA" "$LAN_B_HOST" 5)
	local ok=1 rc=0
	[ $up = 1 ] || { ok=0; log "FAIL [$name]: no IPsec SA within ${DEADLINE}s under $fault"; }
	[ $up = 0 ] || [ $both = 1 ] || { ok=0; log "FAIL [$name]: charon never installed the IPsec SA iketool has"; }
	[ "${got:-0}" -ge 4 ] || { ok=0; log "FAIL [$name]: ${got:-0}/5 pings through the tunnel after the $fault"; }
	if [ "$fault" = dup ]; then
		[ "${faults:-0}" -gt 0 ] || { ok=0; log "FAIL [$name]: nothing was duplicated"; }
		[ "${dups:-0}" -gt 0 ] || { ok=0; log "FAIL [$name]: duplicates sent but iketool counted none"; }
		[ "${tx_up:-0}" = "${tx_later:-1}" ] ||
			{ ok=0; log "FAIL [$name]: iketool kept sending after the tunnel was up ($tx_up -> $tx_later): ping-pong"; }
	elif [ "${faults:-0}" = 0 ]; then
		# A negotiation is about ten packets: at 30 % loss, one in thirty or so
		# loses none, which proves nothing either way. The caller runs it again.
		[ $ok = 1 ] && rc=2
		log "[$name]: nothing was dropped this time"
	else
		[ $((${rtx_ours:-0} + rtx_charon)) -gt 0 ] || { ok=0; log "FAIL [$name]: drops but no retransmission"; }
	fi
	if [ $rc = 0 ]; then
		RESULTS+=("$name: $([ $ok = 1 ] && echo PASS || echo FAIL) initiator=$who up-after=${secs}s $([ "$fault" = loss ] && echo dropped || echo duplicated)=$faults retransmits: iketool=${rtx_ours:-?} charon=$rtx_charon duplicates-seen: iketool=${dups:-?} pings=${got:-0}/5")
		log "${RESULTS[-1]}"
		[ $ok = 1 ] || FAILS=$((FAILS + 1))
	fi
	iketool_stop "$name"
	swc "$NS_GWB" --terminate --ike s2s --timeout 3 >/dev/null 2>&1
	return $rc
}

# round NAME WHO loss, again while it saw no drop at all (at most three times).
round_with_loss() {
	local attempt
	for attempt in 1 2 3; do
		round "$1-$attempt" "$2" loss && return
		[ $? = 2 ] || return
	done
	RESULTS+=("$1: FAIL initiator=$2: three runs and not one packet dropped: the loss was not injected")
	log "${RESULTS[-1]}"
	FAILS=$((FAILS + 1))
}

netns_up
ike_setup
charon_start "$NS_GWB"
round_with_loss iketool-initiates iketool
round_with_loss charon-initiates charon
round dup-iketool-initiates iketool dup
round dup-charon-initiates charon dup
echo "===== IKEv1 under ${LOSS}0 % loss both ways (nftables numgen), then every datagram twice (nftables dup), against strongSwan ====="
printf '%s\n' "${RESULTS[@]}"
[ "$FAILS" = 0 ]
