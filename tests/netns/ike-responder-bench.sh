#!/bin/bash
# IKEv1 responder under load: N tunnels (Main Mode + one Quick Mode each, PSK, from N
# source addresses) brought up against one responder by a load generator, first
# rampartd (ASA personality, userspace data plane, one dynamic crypto map entry), then
# strongSwan 5.9 charon with kernel-libipsec, against the same load: iketool on gwA
# (memory data plane) with at most WINDOW negotiations at a time. Measured per
# responder: the wall time until the load generator has all N IPsec SAs (the rate),
# the CPU both processes spent (per handshake), and the responder's RSS before and
# after (memory per tunnel). DPD is off on both sides (charon's default): at 10k
# tunnels the ASA default, an R-U-THERE per idle peer every 10 s, is more than the
# single-threaded load generator answers while it negotiates, and the responder would
# rightly declare those peers dead.
#
#   ike-responder-bench.sh [N [GROUP [pfs|none [WINDOW]]]]
#       N 1..16000 (1000), GROUP modp1024|modp2048|ecp256 (modp1024), pfs: Quick Mode
#       with PFS in GROUP too (default none), WINDOW negotiations at a time (50: with
#       more, answers queue past the 1 s retransmission timer)
# Prints per responder a line
#   "responder WHO N tunnels (PROPOSAL): up T ms = R handshakes/s, cpu per handshake:
#    responder C ms, load generator L ms; responder SAs S, rss BEFORE -> AFTER kB,
#    per tunnel B bytes".
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
GROUP_NAME=${2:-modp1024}
PFS=${3:-none}
WINDOW=${4:-50}
[ "$N" -ge 1 ] && [ "$N" -le 16000 ] || fail "N must be 1..16000"
case $GROUP_NAME in modp1024) GROUP=2 ;; modp2048) GROUP=14 ;; ecp256) GROUP=19 ;; *) fail "group $GROUP_NAME" ;; esac
case $PFS in pfs | none) ;; *) fail "pfs or none, not $PFS" ;; esac
PSK=responder-bench-psk-0123456789
RD_LOG_LEVEL=notifications    # rampartd_start waits for the notice "started"
PROPOSAL="aes128-sha1-$GROUP_NAME, ESP aes128-sha1$([ "$PFS" = pfs ] && echo "-$GROUP_NAME")"

# Tunnel i: gwA talks from 198.18.<i/250>.<i%250+1> (RFC 2544's benchmark range) for
# its network 10.<16+i/256>.<i%256>.0/24; behind the responder, a hub, one LAN for all.
# tunnels: "ADDRESS NETWORK NUMBER" per tunnel.
tunnels() {
	awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
		printf "198.18.%d.%d 10.%d.%d.0/24 %d\n", i / 250, i % 250 + 1, 16 + i / 256, i % 256, i + 1 }'
}
NET_B=10.128.0.0/16

write_loadgen() {
	local pfs=
	[ "$PFS" = pfs ] && pfs=" pfs=$GROUP"
	{
		echo "local = $WAN_A"
		echo "policy = 10 aes sha $GROUP"
		echo "psk = 0.0.0.0/0 $PSK"
		echo "tset = TS esp-aes esp-sha-hmac"
		tunnels | while read -r addr net i; do
			echo "conn = B $i peer=$WAN_B local=$addr sel=$net:$NET_B tset=TS$pfs"
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
	EOT
	[ "$PFS" = pfs ] && echo "crypto dynamic-map DYN 10 set pfs group$GROUP"
	cat <<-EOT
	crypto map OUT 65535 ipsec-isakmp dynamic DYN
	crypto map OUT interface outside
	crypto ikev1 enable outside
	crypto ikev1 policy 10
	 authentication pre-share
	 encryption aes
	 hash sha
	 group $GROUP
	 lifetime 86400
	tunnel-group DefaultL2LGroup ipsec-attributes
	 ikev1 pre-shared-key $PSK
	 isakmp keepalive disable
	EOT
}

# One connection narrowed to what each initiator proposes, as the dynamic map does.
write_swanctl() {
	local esp=aes128-sha1
	[ "$PFS" = pfs ] && esp=aes128-sha1-$GROUP_NAME
	cat <<-EOT
	connections {
	    loadgen {
	        version = 1
	        local_addrs = $WAN_B
	        remote_addrs = 198.18.0.0/15
	        proposals = aes128-sha1-$GROUP_NAME
	        local { auth = psk }
	        remote { auth = psk }
	        children {
	            net {
	                local_ts = $NET_B
	                remote_ts = 10.0.0.0/9
	                esp_proposals = $esp
	            }
	        }
	    }
	}
	secrets { ike-any { secret = "$PSK" } }
	EOT
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# user + system CPU of a process and its threads, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
loadgen_p2() { status_field loadgen '^stats' p2; }
# the load generator's own clock: first initiation to the last Quick Mode, 0 before
loadgen_up_ms() { status_field loadgen '^stats' up-ms; }
rampartd_sas() { rcli gwB 'show crypto isakmp sa | include Total IKE SA' | awk '{ print $NF }'; }
charon_sas() { swc "$NS_GWB" --stats 2>/dev/null | awk '/IKE_SAs:/ { print $2 }'; }

# wait_count FN SECS [MIN]: until FN prints at least MIN (default N)
wait_count() {
	local what=$1 secs=$2 min=${3:-$N} i
	for ((i = 0; i < secs * 10; i++)); do
		[ "$($what)" -ge "$min" ] 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# measure WHO PID SAS_FN: the load generator's N tunnels against the responder PID.
measure() {
	local who=$1 pid=$2 sas_fn=$3 before after ms sas c0 c1 lg0 lg1
	sleep 1
	before=$(rss_kb "$pid") c0=$(cpu_ticks "$pid")
	iketool_start "$NS_GWA" loadgen "$IKE_DIR/loadgen.conf" -b memory -I -W "$WINDOW"
	lg0=$(cpu_ticks "${IKETOOL_PID[loadgen]}")
	wait_count loadgen_p2 $((60 + N / 20)) || log "$who: only $(loadgen_p2) of $N IPsec SAs up at the load generator"
	wait_count loadgen_up_ms 2 1
	ms=$(loadgen_up_ms)
	c1=$(cpu_ticks "$pid") lg1=$(cpu_ticks "${IKETOOL_PID[loadgen]}")
	wait_count "$sas_fn" 10 || log "$who: the responder counts $($sas_fn) ISAKMP SAs"
	sleep 2
	after=$(rss_kb "$pid") sas=$($sas_fn)
	awk -v who="$who" -v n="$N" -v ms="${ms:-0}" -v sas="${sas:-0}" -v b="$before" -v a="$after" \
		-v c=$((c1 - c0)) -v lg=$((lg1 - lg0)) -v hz="$(getconf CLK_TCK)" -v prop="$PROPOSAL" 'BEGIN {
		printf "responder %s %d tunnels (%s): up %d ms = %.0f handshakes/s, cpu per handshake: responder %.2f ms, load generator %.2f ms; responder SAs %d, rss %d -> %d kB, per tunnel %.0f bytes\n",
			who, n, prop, ms, n * 1000 / (ms ? ms : 1), c * 1000 / hz / n, lg * 1000 / hz / n, sas, b, a, (a - b) * 1024 / n }'
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
