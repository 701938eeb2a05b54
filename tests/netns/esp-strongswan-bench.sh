#!/bin/bash
# The reference for esp-bench.sh: strongSwan charon with kernel-libipsec (its
# userspace ESP over TUN, which always forces ESP-in-UDP) in BOTH gateways of the
# netns rig, an IKEv1 tunnel with ESP aes128-sha1 between them, then the same
# iperf3 runs as esp-bench.sh: UDP with 1400-byte IP packets (payload 1372), then TCP.
#   esp-strongswan-bench.sh [SECS]
# RATE=400M limits the UDP sender (default: unlimited, as in esp-bench.sh). Prints
# the same receiver lines as esp-bench.sh and charon's CHILD_SA counters in gwB.
# Exit 77 (skipped) without root, TUN, iperf3 or strongSwan.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/ike-lib.sh"
netns_require
command -v iperf3 >/dev/null || { echo "SKIP: iperf3 not installed"; exit 77; }
[ -x "$CHARON" ] && command -v swanctl >/dev/null || { echo "SKIP: no strongSwan charon/swanctl"; exit 77; }

SECS=${1:-5}
PSK=esp-bench-psk-0123456789

# swanctl.conf for one gateway: LOCAL/REMOTE WAN addresses, LOCAL/REMOTE LAN.
write_swanctl() {
	cat >"$1" <<-EOF
	connections {
	    s2s {
	        version = 1
	        local_addrs = $2
	        remote_addrs = $3
	        proposals = aes128-sha1-modp2048
	        rekey_time = 4h
	        local {
	            auth = psk
	            id = $2
	        }
	        remote {
	            auth = psk
	            id = $3
	        }
	        children {
	            net {
	                mode = tunnel
	                local_ts = $4
	                remote_ts = $5
	                esp_proposals = aes128-sha1
	                rekey_time = 1h
	                start_action = none
	            }
	        }
	    }
	}
	secrets {
	    ike-s2s {
	        id-1 = $2
	        id-2 = $3
	        secret = "$PSK"
	    }
	}
	EOF
}

netns_up
ike_setup
T=$IKE_DIR
write_swanctl "$T/gwA.conf" $WAN_A $WAN_B $LAN_A_NET $LAN_B_NET
write_swanctl "$T/gwB.conf" $WAN_B $WAN_A $LAN_B_NET $LAN_A_NET
charon_start "$NS_GWA"
charon_start "$NS_GWB"
swanctl_load "$NS_GWA" "$T/gwA.conf"
swanctl_load "$NS_GWB" "$T/gwB.conf"
swc "$NS_GWA" --initiate --ike s2s --child net --timeout 10 >"$T/initiate.out" 2>&1 ||
	fail "swanctl --initiate: $(tail -5 "$T/initiate.out")"
swc "$NS_GWB" --list-sas >"$T/listsas-before.txt" 2>&1
grep -q 'INSTALLED, TUNNEL-in-UDP' "$T/listsas-before.txt" || fail "no CHILD_SA in gwB: $(cat "$T/listsas-before.txt")"
nsx "$NS_LANA" ping -c2 -i 0.2 -W 2 -q $LAN_B_HOST >/dev/null 2>&1 || fail "lanA cannot ping lanB through the tunnel"

netns_bg "$NS_LANB" "$T/iperf-server.out" iperf3 -s -1
sleep 0.5
nsx "$NS_LANA" iperf3 -c $LAN_B_HOST -u -b "${RATE:-0}" -l 1372 -t "$SECS" >"$T/udp.out" 2>&1 || fail "iperf3: $(cat "$T/udp.out")"
recv=$(grep -E 'receiver$' "$T/udp.out" | tail -1)
netns_bg "$NS_LANB" "$T/iperf-server2.out" iperf3 -s -1
sleep 0.5
nsx "$NS_LANA" iperf3 -c $LAN_B_HOST -t "$SECS" >"$T/tcp.out" 2>&1
tcp=$(grep -E 'receiver$' "$T/tcp.out" | tail -1)
echo "encap=udp alg=aes128-sha1 strongswan=$(dpkg-query -W -f='${Version}' libstrongswan 2>/dev/null) kernel-libipsec"
echo "UDP 1400-byte packets, receiver: $recv"
echo "TCP, receiver: $tcp"
# charon's counters of the CHILD_SA in gwB (bytes and packets in/out)
swc "$NS_GWB" --list-sas 2>/dev/null | grep -E '^ +(in|out) +[0-9a-f]{8},' | sed 's/^ */charon gwB: /'
