#!/bin/bash
# Memory per established tunnel: N tunnels (one ISAKMP SA and one IPsec SA pair each,
# from N source addresses) brought up against a responder, whose RSS is read before
# and after. First rampartd (ASA personality, userspace data plane, one dynamic crypto
# map entry), then strongSwan 5.9 charon with kernel-libipsec, against the same load:
# iketool on gwA (memory data plane) with at most 200 negotiations at a time. DPD is
# off on both sides (charon's default): at 10k tunnels the ASA default, an R-U-THERE per
# idle peer every 10 s, is more than the single-threaded load generator answers while it
# negotiates, and the responder would rightly declare those peers dead.
#
#   ike-memory-bench.sh [N]       default 1000, at most 16000
# Prints per responder a line
#   "memory WHO N tunnels: up T ms, responder SAs S, rss BEFORE -> AFTER kB, per tunnel B bytes".
# Not part of `make check` (it measures, it does not judge); needs root.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/ike-lib.sh"
. "$HERE/rampartd-lib.sh"
netns_require
rd_require
ike_require_tools charon

N=${1:-1000}
[ "$N" -ge 1 ] && [ "$N" -le 16000 ] || fail "N must be 1..16000"
PSK=memory-bench-psk-0123456789
WINDOW=200
RD_LOG_LEVEL=notifications    # rampartd_start waits for the notice "started"

# Tunnel i: gwA talks from 198.18.<i/250>.<i%250+1> (RFC 2544's benchmark range) for
# its network 10.<16+i/256>.<i%256>.0/24; behind the responder, a hub, one LAN for all.
# tunnels: "ADDRESS NETWORK NUMBER" per tunnel.
tunnels() {
	awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
		printf "198.18.%d.%d 10.%d.%d.0/24 %d\n", i / 250, i % 250 + 1, 16 + i / 256, i % 256, i + 1 }'
}
NET_B=10.128.0.0/16

write_loadgen() {
	{
		echo "local = $WAN_A"
		echo "policy = 10 aes sha 2"
		echo "psk = 0.0.0.0/0 $PSK"
		echo "tset = TS esp-aes esp-sha-hmac"
		tunnels | while read -r addr net i; do
			echo "conn = B $i peer=$WAN_B local=$addr sel=$net:$NET_B tset=TS"
		done
	} >"$IKE_DIR/loadgen.conf"
}

write_rampartd() {
	cat <<-EOT
	hostname gwB
	interface GigabitEthernet0/0
	 nameif outside
	 security-level 0
	 ip address $WAN_B 255.255.255.0
	crypto ipsec ikev1 transform-set TS esp-aes esp-sha-hmac
	crypto dynamic-map DYN 10 set ikev1 transform-set TS
	crypto map OUT 65535 ipsec-isakmp dynamic DYN
	crypto map OUT interface outside
	crypto ikev1 enable outside
	crypto ikev1 policy 10
	 authentication pre-share
	 encryption aes
	 hash sha
	 group 2
	 lifetime 86400
	tunnel-group DefaultL2LGroup ipsec-attributes
	 ikev1 pre-shared-key $PSK
	 isakmp keepalive disable
	EOT
}

# One connection narrowed to what each initiator proposes, as the dynamic map does.
write_swanctl() {
	cat <<-EOT
	connections {
	    loadgen {
	        version = 1
	        local_addrs = $WAN_B
	        remote_addrs = 198.18.0.0/15
	        proposals = aes128-sha1-modp1024
	        local { auth = psk }
	        remote { auth = psk }
	        children {
	            net {
	                local_ts = $NET_B
	                remote_ts = 10.0.0.0/9
	                esp_proposals = aes128-sha1
	            }
	        }
	    }
	}
	secrets { ike-any { secret = "$PSK" } }
	EOT
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
loadgen_p2() { status_field loadgen '^stats' p2; }
rampartd_sas() { rcli gwB 'show crypto isakmp sa | include Total IKE SA' | awk '{ print $NF }'; }
charon_sas() { swc "$NS_GWB" --stats 2>/dev/null | awk '/IKE_SAs:/ { print $2 }'; }

wait_count() {
	local what=$1 secs=$2 i
	for ((i = 0; i < secs * 10; i++)); do
		[ "$($what)" -ge "$N" ] 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# measure WHO PID SAS_FN: RSS of PID before and after the load generator's N tunnels.
measure() {
	local who=$1 pid=$2 sas_fn=$3 before after t0 t1 sas
	sleep 1
	before=$(rss_kb "$pid")
	t0=$(date +%s%N)
	iketool_start "$NS_GWA" loadgen "$IKE_DIR/loadgen.conf" -b memory -I -W "$WINDOW"
	wait_count loadgen_p2 $((60 + N / 20)) || log "$who: only $(loadgen_p2) of $N IPsec SAs up at the load generator"
	t1=$(date +%s%N)
	wait_count "$sas_fn" 10 || log "$who: the responder counts $($sas_fn) ISAKMP SAs"
	sleep 2
	after=$(rss_kb "$pid") sas=$($sas_fn)
	awk -v who="$who" -v n="$N" -v ms=$(((t1 - t0) / 1000000)) -v sas="${sas:-0}" -v b="$before" -v a="$after" 'BEGIN {
		printf "memory %s %d tunnels: up %d ms, responder SAs %d, rss %d -> %d kB, per tunnel %.0f bytes\n",
			who, n, ms, sas, b, a, (a - b) * 1024 / n }'
	grep '^stats' "$IKE_DIR/loadgen.status"
	iketool_stop loadgen
}

netns_up
rd_setup
IKE_DIR=$RD_DIR
rd_extra_teardown() {
	local name ns
	for name in "${!IKETOOL_PID[@]}"; do iketool_stop "$name"; done
	for ns in "${!CHARON_PID[@]}"; do charon_stop "$ns"; done
}
# The source addresses, and a route to them through gwA: one neighbour entry on gwB,
# not N (the neighbour table of a namespace stops at gc_thresh3).
tunnels | while read -r addr _; do echo "addr add $addr/32 dev wan0"; done | ip -n "$NS_GWA" -batch - ||
	fail "adding $N addresses"
ip -n "$NS_GWB" route add 198.18.0.0/15 via "$WAN_A" dev wan0
# charon's kernel-libipsec routes each tunnel from an address of its local network
ip -n "$NS_GWB" addr add 10.128.0.1/16 dev lan0
write_loadgen

# 1. rampartd
write_rampartd >"$RD_DIR/gwB.cfg"
rampartd_start "$NS_GWB" gwB asa "$RD_DIR/gwB.cfg"
measure rampartd "${RAMPARTD_PID[gwB]}" rampartd_sas
rampartd_stop gwB

# 2. charon: quiet logs (BENCH_CHARON_LOG=1 for its log), and a hashed IKE_SA table as
# strongSwan advises for many SAs.
CHARON_LOG_DEFAULT=${BENCH_CHARON_LOG:-0} CHARON_LOG_IKE=${BENCH_CHARON_LOG:-0} \
	CHARON_EXTRA="ikesa_table_size = 4096
	    ikesa_table_segments = 16" charon_start "$NS_GWB"
write_swanctl >"$IKE_DIR/loadgen.swanctl.conf"
swanctl_load "$NS_GWB" "$IKE_DIR/loadgen.swanctl.conf"
CPID=${CHARON_PID[$NS_GWB]}
measure charon "$(pgrep -P "$CPID" charon || echo "$CPID")" charon_sas
