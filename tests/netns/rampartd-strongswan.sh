#!/bin/bash
# rampartd (userspace data plane), configured only by a Cisco startup-config, against
# strongSwan 5.9 charon with kernel-libipsec:
#
#   lanA(10.1.0.10) -- gwA(rampartd, 192.0.2.1) == gwB(charon, 192.0.2.2) -- lanB(10.2.0.10)
#
# Once with the ASA personality and once with IOS; each time both sides initiate:
#   1. charon initiates (swanctl --initiate): lanB pings lanA through the tunnel,
#      charon terminates and rampartd's SAs go with its Delete;
#   2. a ping from lanA hits rampartd's trap policy (ACQUIRE): rampartd initiates,
#      charon is the responder, lanA pings lanB;
#   3. SIGTERM to rampartd: its Delete empties charon, nothing of rampartd is left.
# charon's kernel-libipsec forces NAT-T, so ESP runs in UDP 4500 here.
# Exit 0 when every check passed, 77 (skipped) without root, TUN or strongSwan.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/ike-lib.sh"
. "$HERE/rampartd-lib.sh"
netns_require
rd_require
[ -x "$CHARON" ] && command -v swanctl >/dev/null || { echo "SKIP: no strongSwan charon/swanctl"; exit 77; }

PSK=rampartd-strongswan-psk-0123456789
FAILS=0
RESULTS=()
ok_or() { local what=$1; shift; if "$@"; then log "ok [$P]: $what"; else FAILS=$((FAILS + 1)); P_OK=0; log "FAIL [$P]: $what"; fi; }

write_startup() {
	if [ "$1" = asa ]; then
		rd_asa_site_a
	else
		cat <<-EOF
		hostname gwA
		crypto isakmp policy 10
		 encr aes 256
		 hash sha
		 authentication pre-share
		 group 14
		crypto isakmp key $PSK address $WAN_B
		crypto ipsec transform-set AES256-SHA esp-aes 256 esp-sha-hmac
		 mode tunnel
		ip access-list extended TO-B
		 permit ip 10.1.0.0 0.0.0.255 10.2.0.0 0.0.0.255
		crypto map WAN 10 ipsec-isakmp
		 set peer $WAN_B
		 set transform-set AES256-SHA
		 set pfs group14
		 match address TO-B
		interface GigabitEthernet0/0
		 ip address $WAN_A 255.255.255.0
		 crypto map WAN
		interface GigabitEthernet0/1
		 ip address $LAN_A_GW 255.255.255.0
		EOF
	fi
}

write_swanctl() {
	cat <<-EOF
	connections {
	    s2s {
	        version = 1
	        local_addrs = $WAN_B
	        remote_addrs = $WAN_A
	        proposals = aes256-sha1-modp2048
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
	                esp_proposals = aes256-sha1-modp2048
	                start_action = none
	                dpd_action = clear
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

charon_has_sas() {
	local out
	out=$(swc "$NS_GWB" --list-sas 2>/dev/null)
	grep -q 'ESTABLISHED, IKEv1' <<<"$out" && grep -q 'INSTALLED, TUNNEL-in-UDP' <<<"$out"
}

# charon marks its own SPI with '*': "…_i …_r*" when it is the responder.
charon_is_responder() { swc "$NS_GWB" --list-sas 2>/dev/null | grep -q 'ESTABLISHED, IKEv1, [0-9a-f]*_i [0-9a-f]*_r\*'; }

charon_idle() {
	local i
	for ((i = 0; i < 50; i++)); do
		[ -z "$(swc "$NS_GWB" --list-sas --raw 2>/dev/null | grep -o uniqueid)" ] && return 0
		sleep 0.1
	done
	return 1
}

ping_count() { nsx "$1" ping -c "$3" -i 0.2 -W 2 -q "$2" 2>/dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p'; }
at_least() { [ "${1:-0}" -ge "$2" ]; }

# The show commands may not exist yet (another part of the CLI): then the logs decide.
has_show() { ! rcli gwA "show crypto ipsec sa" | grep -q 'Invalid input\|Incomplete command\|ERROR'; }
our_ipsec_sas_gone() {
	if [ "$SHOW" = 1 ]; then
		local i
		for ((i = 0; i < 30; i++)); do
			! rcli gwA "show crypto ipsec sa" | grep -qi 'spi: 0x' && return 0
			sleep 0.1
		done
		return 1
	fi
	# ASA logs each SA deletion (602304); IOS logs nothing at this level.
	[ "$P" = ios ] || wait_for_line "$RD_DIR/gwA.log" '602304: IPSEC: An inbound' 3
}

run_personality() {
	P=$1 P_OK=1
	local dir=$RD_DIR/$P got1 got2
	mkdir -p "$dir"
	write_startup "$P" >"$dir/startup-config"
	write_swanctl >"$dir/swanctl.conf"
	swanctl_load "$NS_GWB" "$dir/swanctl.conf"
	rampartd_start "$NS_GWA" gwA "$P" "$dir/startup-config"
	ok_or "rampartd opened its VPN" wait_for_line "$RD_DIR/gwA.log" 'VPN: userspace data plane' 5
	SHOW=0
	has_show && SHOW=1

	# 1. charon initiates
	ok_or "charon's initiation succeeds" swc "$NS_GWB" --initiate --ike s2s --child net --timeout 10 \
		>"$dir/initiate.out" 2>&1
	ok_or "charon shows ESTABLISHED/INSTALLED SAs" charon_has_sas
	got1=$(ping_count "$NS_LANB" "$LAN_A_HOST" 3)
	ok_or "lanB -> lanA: ${got1:-0}/3 replies" at_least "${got1:-0}" 3
	[ "$SHOW" = 1 ] && rcli gwA "show crypto ipsec sa" >"$dir/ipsec-sa-1.txt"
	swc "$NS_GWB" --list-sas >"$dir/listsas-1.txt" 2>&1
	swc "$NS_GWB" --terminate --ike s2s --timeout 5 >/dev/null 2>&1
	ok_or "charon's Delete removed rampartd's IPsec SAs" our_ipsec_sas_gone
	charon_idle

	# 2. traffic from lanA: rampartd initiates
	got2=$(ping_count "$NS_LANA" "$LAN_B_HOST" 4)
	ok_or "lanA -> lanB: ${got2:-0}/4 replies (the first may be spent on the negotiation)" at_least "${got2:-0}" 3
	ok_or "charon shows SAs after rampartd's initiation" charon_has_sas
	ok_or "charon was the responder" charon_is_responder
	[ "$SHOW" = 1 ] && rcli gwA "show crypto isakmp sa" >"$dir/isakmp-sa-2.txt"
	swc "$NS_GWB" --list-sas >"$dir/listsas-2.txt" 2>&1

	# 3. stopping rampartd deletes everything
	rampartd_stop gwA
	ok_or "rampartd's Delete emptied charon" charon_idle
	ok_or "rampartd left no route or TUN" sh -c "! ip -n $NS_GWA route | grep -q rampart0 && ! ip -n $NS_GWA link show rampart0 >/dev/null 2>&1"
	cp "$RD_DIR/gwA.log" "$dir/rampartd.log"
	RESULTS+=("$P: $([ $P_OK = 1 ] && echo PASS || echo FAIL) charon-initiated ${got1:-0}/3, rampartd-initiated ${got2:-0}/4, show-crypto=$SHOW")
	log "${RESULTS[-1]}"
	[ $P_OK = 1 ] || { tail -30 "$dir/rampartd.log" >&2; tail -30 "$(charon_dir "$NS_GWB")/charon.log" >&2; }
}

netns_up
rd_setup
IKE_DIR=$RD_DIR
rd_extra_teardown() { local ns; for ns in "${!CHARON_PID[@]}"; do charon_stop "$ns"; done; }
nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" >/dev/null 2>&1 && fail "lanA reaches lanB without a tunnel"
charon_start "$NS_GWB"
for p in asa ios; do run_personality "$p"; done
echo "===== rampartd against strongSwan $(dpkg-query -W -f='${Version}' libstrongswan 2>/dev/null) ====="
printf '%s\n' "${RESULTS[@]}"
[ "$FAILS" = 0 ]
