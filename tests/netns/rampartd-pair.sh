#!/bin/bash
# Two rampartd, configured only by their startup-configs in Cisco syntax, bring up an
# IKEv1 site-to-site tunnel between their LANs (userspace data plane):
#
#   lanA(10.1.0.10) -- gwA(rampartd ASA, 192.0.2.1) == gwB(rampartd IOS, 192.0.2.2) -- lanB(10.2.0.10)
#
#   1. no ping passes before a tunnel exists (and none is up);
#   2. a ping from lanA hits gwA's trap policy: the ACQUIRE starts Main Mode, the
#      tunnel comes up, pings pass both ways;
#   3. both daemons show the SAs and their counters move (show crypto ... when the CLI
#      has it, else the data plane's own counters in the log);
#   4. a configuration change through the CLI (a new crypto map entry) recompiles
#      without disturbing the running tunnel; removing the map's binding tears it down;
#   5. SIGTERM: gwA sends Delete, gwB drops its SAs; nothing is left behind;
#   6. gwB again, as a hub: a dynamic crypto map and a wildcard key. It has no policy
#      towards lanA until gwA calls; then its dynamic entry's SAs bring the policies
#      (lanB reaches lanA), and gwA's Delete takes them away.
# Exit 0 when every check passed, 77 (skipped) without root or TUN.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/rampartd-lib.sh"
netns_require
rd_require
netns_up
rd_setup

PSK=pair-test-key-0123456789
FAILS=0
check() { if "$@"; then log "ok: $*"; else FAILS=$((FAILS + 1)); log "FAIL: $*"; fi; }
ok_or() { local what=$1; shift; if "$@"; then log "ok: $what"; else FAILS=$((FAILS + 1)); log "FAIL: $what"; fi; }

rd_asa_site_a >"$RD_DIR/gwA.cfg"
rd_ios_site_b >"$RD_DIR/gwB.cfg"

ping_ab() { nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" >/dev/null 2>&1; }
ping_ba() { nsx "$NS_LANB" ping -c1 -W1 -q "$LAN_A_HOST" >/dev/null 2>&1; }
# The first ping may be the one that is queued (or dropped) while the tunnel comes up.
ping_until() { local i; for ((i = 0; i < 10; i++)); do "$1" && return 0; done; return 1; }
no_ping() { ! "$1"; }

log "step 1: no tunnel, no ping"
# Before the daemons start: once they run, a ping is what brings the tunnel up.
check no_ping ping_ab
check no_ping ping_ba
rampartd_start "$NS_GWA" gwA asa "$RD_DIR/gwA.cfg"
rampartd_start "$NS_GWB" gwB ios "$RD_DIR/gwB.cfg"
ok_or "gwA opened its VPN (userspace data plane, UDP 500)" wait_for_line "$RD_DIR/gwA.log" 'VPN: userspace data plane' 5
ok_or "gwB opened its VPN" wait_for_line "$RD_DIR/gwB.log" 'VPN: userspace data plane' 5
ok_or "gwA compiled one crypto map entry" grep -q 'configuration applied: 1 crypto map entries, 3 policies' "$RD_DIR/gwA.log"
ok_or "the trap policy routes lanB's net into the TUN" sh -c "ip -n $NS_GWA route show 10.2.0.0/24 | grep -q rampart0"
ok_or "no SA yet: gwA negotiated nothing" sh -c "! grep -q 'Security negotiation complete' '$RD_DIR/gwA.log'"

# The show commands come from another part of the CLI; use them where they exist.
has_show() { ! rcli "$1" "show crypto isakmp sa" | grep -q 'Invalid input\|Incomplete command\|ERROR'; }
SHOW_A=0 SHOW_B=0
has_show gwA && SHOW_A=1
has_show gwB && SHOW_B=1
log "show crypto commands available: gwA $SHOW_A, gwB $SHOW_B"

log "step 2: traffic from lanA brings the tunnel up"
# What crosses the WAN from here on: ESP only, never the LANs' cleartext.
CAP=
if command -v tcpdump >/dev/null; then
	CAP=$RD_DIR/wan.pcap
	nsx "$NS_GWB" tcpdump --immediate-mode -U -n -i wan0 -w "$CAP" 'esp or udp port 4500 or icmp' 2>"$CAP.err" &
	CAP_PID=$!
	rd_extra_teardown() { kill "$CAP_PID" 2>/dev/null; }
	wait_for_line "$CAP.err" 'listening on' 5 || fail "tcpdump did not start"
fi
ok_or "ping lanA -> lanB passes once the tunnel is up" ping_until ping_ab
ok_or "gwA initiated (the ACQUIRE of its trap policy)" grep -q 'Security negotiation complete.*Initiator' "$RD_DIR/gwA.log"
ok_or "ping lanB -> lanA" ping_until ping_ba
ok_or "5 more pings lanA -> lanB, none lost" nsx "$NS_LANA" ping -c5 -i0.2 -W1 -q "$LAN_B_HOST"

log "step 3: SAs and counters"
if [ $SHOW_A = 1 ]; then
	ok_or "gwA (ASA) shows the ISAKMP SA active" rcli_has gwA "show crypto isakmp sa" 'State +: MM_ACTIVE' 3
	# 1 + 1 + 5 echo requests out, as many replies in (more if the first ping was retried)
	ok_or "gwA counts encrypted packets" rcli_has gwA "show crypto ipsec sa" '#pkts encaps: ([7-9]|[1-9][0-9])' 3
	ok_or "gwA counts decrypted packets" rcli_has gwA "show crypto ipsec sa" '#pkts decaps: ([7-9]|[1-9][0-9])' 3
	rcli gwA "show crypto ipsec sa" >"$RD_DIR/gwA.ipsec-sa.txt"
fi
if [ $SHOW_B = 1 ]; then
	ok_or "gwB (IOS) shows the ISAKMP SA QM_IDLE" rcli_has gwB "show crypto isakmp sa" 'QM_IDLE' 3
	ok_or "gwB counts encrypted packets" rcli_has gwB "show crypto ipsec sa" '#pkts encaps: ([7-9]|[1-9][0-9])' 3
	ok_or "gwB counts decrypted packets" rcli_has gwB "show crypto ipsec sa" '#pkts decaps: ([7-9]|[1-9][0-9])' 3
	rcli gwB "show crypto ipsec sa" >"$RD_DIR/gwB.ipsec-sa.txt"
fi
[ $SHOW_A = 1 ] && [ $SHOW_B = 1 ] || log "show crypto missing on one side: the ESP on the wire stands for its counters"
if [ -n "$CAP" ]; then
	sleep 0.3
	kill -TERM "$CAP_PID" 2>/dev/null; wait "$CAP_PID" 2>/dev/null
	esp=$(tcpdump -n -r "$CAP" esp 2>/dev/null | wc -l)
	clear=$(tcpdump -n -r "$CAP" 'icmp and net 10.0.0.0/8' 2>/dev/null | wc -l)
	log "on the WAN: $esp ESP packets, $clear cleartext LAN packets"
	ok_or "the pings crossed the WAN as ESP (at least 14 packets)" test "$esp" -ge 14
	ok_or "no LAN packet crossed the WAN in clear" test "$clear" -eq 0
fi

log "step 4: a configuration change recompiles without touching the tunnel"
rcli gwA "configure terminal
access-list TO-C extended permit ip 10.1.0.0 255.255.255.0 10.3.0.0 255.255.255.0
crypto map OUT 20 match address TO-C
crypto map OUT 20 set peer 198.51.100.7
crypto map OUT 20 set ikev1 transform-set AES256-SHA
end" >"$RD_DIR/gwA.change.txt"
ok_or "the change compiled into two entries" wait_for_line "$RD_DIR/gwA.log" 'configuration applied: 2 crypto map entries, 6 policies' 3
# The new entry's three policies, nothing more: the diff, not a rebuild.
ok_or "adding an entry cost 3 data-plane operations" \
	grep -q 'configuration applied: 2 crypto map entries, 6 policies, 3 data-plane operations' "$RD_DIR/gwA.log"
ok_or "the entry compiled once (not again for each later line)" \
	test "$(grep -c 'configuration applied: 2 crypto map entries' "$RD_DIR/gwA.log")" = 1
ok_or "the running tunnel still carries traffic" nsx "$NS_LANA" ping -c3 -i0.2 -W1 -q "$LAN_B_HOST"
[ $SHOW_A = 1 ] && ok_or "still one ISAKMP SA on gwA" rcli_has gwA "show crypto isakmp sa" 'Active SA: 1' 1
rcli gwA "configure terminal
no crypto map OUT interface outside
end" >>"$RD_DIR/gwA.change.txt"
ok_or "unbinding the map leaves no entry" wait_for_line "$RD_DIR/gwA.log" 'configuration applied: 0 crypto map entries, 0 policies' 3
ok_or "no route into the TUN is left" sh -c "! ip -n $NS_GWA route show 10.2.0.0/24 | grep -q rampart0"
ok_or "gwA deleted the entry's SAs" wait_for_line "$RD_DIR/gwA.log" '602304: IPSEC: An outbound' 3
[ $SHOW_B = 1 ] && ok_or "gwB dropped its SAs on gwA's Delete" \
	sh -c "! '$RAMPART' -s '$RD_DIR/gwB.sock' -c 'show crypto ipsec sa' | grep -q 'spi: 0x'"
check no_ping ping_ab
rcli gwA "configure terminal
crypto map OUT interface outside
end" >>"$RD_DIR/gwA.change.txt"
ok_or "binding it again brings traffic back (a new negotiation)" ping_until ping_ab

log "step 5: stopping gwA"
rampartd_stop gwA
ok_or "gwA removed its routes" sh -c "! ip -n $NS_GWA route | grep -q rampart0"
ok_or "gwA's TUN is gone" sh -c "! ip -n $NS_GWA link show rampart0 >/dev/null 2>&1"
check no_ping ping_ba

log "step 6: gwB with a dynamic crypto map"
rampartd_stop gwB
cat >"$RD_DIR/gwB-dyn.cfg" <<EOF
hostname gwB
crypto isakmp policy 10
 encr aes 256
 hash sha
 authentication pre-share
 group 14
crypto isakmp key $PSK address 0.0.0.0 0.0.0.0
crypto ipsec transform-set AES256-SHA esp-aes 256 esp-sha-hmac
crypto dynamic-map DYN 10
 set transform-set AES256-SHA
 set pfs group14
 match address TO-A
crypto map WAN 65535 ipsec-isakmp dynamic DYN
interface GigabitEthernet0/0
 ip address $WAN_B 255.255.255.0
 crypto map WAN
interface GigabitEthernet0/1
 ip address $LAN_B_GW 255.255.255.0
ip access-list extended TO-A
 permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255
EOF
rampartd_start "$NS_GWB" gwB ios "$RD_DIR/gwB-dyn.cfg"
rampartd_start "$NS_GWA" gwA asa "$RD_DIR/gwA.cfg"
ok_or "gwB (dynamic only) has no route towards lanA before a peer calls" \
	sh -c "! ip -n $NS_GWB route show 10.1.0.0/24 | grep -q rampart0"
check no_ping ping_ba
ok_or "lanA -> lanB brings the tunnel up (gwB answers on its dynamic entry)" ping_until ping_ab
ok_or "the dynamic entry's SAs brought gwB's policies: lanB -> lanA passes" ping_until ping_ba
ok_or "gwB routes lanA into its TUN now" sh -c "ip -n $NS_GWB route show 10.1.0.0/24 | grep -q rampart0"
rampartd_stop gwA
ok_or "gwA's Delete took gwB's dynamic policies away" \
	sh -c "for i in \$(seq 30); do ip -n $NS_GWB route show 10.1.0.0/24 | grep -q rampart0 || exit 0; sleep 0.1; done; exit 1"
rampartd_stop gwB

grep -E 'ERROR|%CRYPTO|-[0-9]-7[0-9]{5}' "$RD_DIR/gwA.log" | head -20 >"$RD_DIR/gwA.errors"
if [ "$FAILS" -ne 0 ]; then
	log "---- gwA log (tail) ----"; tail -40 "$RD_DIR/gwA.log" >&2
	log "---- gwB log (tail) ----"; tail -40 "$RD_DIR/gwB.log" >&2
	exit 1
fi
log "all checks passed"
exit 0
