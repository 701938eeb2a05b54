# Two rampartd on the xfrm backend (the kernel's ESP), configured only by Cisco
# startup-configs: gwA with the ASA personality, gwB with IOS, in the netns rig of
# tests/netns/lib.sh.
#   - nothing passes before a tunnel exists; the trap policies are in the kernel;
#   - a ping from lanA makes the kernel raise ACQUIRE, gwA initiates, pings pass and
#     the kernel's SAs (Rampart's reqid range) count them, as `show crypto ipsec sa`
#     does through query_sa;
#   - stopping gwA sends Delete (gwB's SAs go) and leaves no SA, policy or route of
#     Rampart in gwA; stopping gwB leaves nothing either;
#   - gwB again as a hub (dynamic crypto map, wildcard key): no policy until gwA
#     calls, then the dynamic entry's SAs bring kernel policies (lanB reaches lanA),
#     and gwA's Delete takes them away.
set -u
. "$SRCDIR/tests/netns/lib.sh"
RAMPARTD=$BUILDDIR/rampartd RAMPART=$BUILDDIR/rampart
. "$SRCDIR/tests/netns/rampartd-lib.sh"
rd_require
netns_up
rd_setup
PSK=xfrm-pair-key-0123456789

cat > "$RD_DIR/gwA.cfg" <<EOF
hostname gwA
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address $WAN_A 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address $LAN_A_GW 255.255.255.0
access-list TO-B extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.255.0
crypto ipsec ikev1 transform-set AES-SHA esp-aes esp-sha-hmac
crypto map OUT 10 match address TO-B
crypto map OUT 10 set peer $WAN_B
crypto map OUT 10 set ikev1 transform-set AES-SHA
crypto map OUT interface outside
crypto ikev1 enable outside
crypto ikev1 policy 10
 authentication pre-share
 encryption aes
 hash sha
 group 14
tunnel-group $WAN_B type ipsec-l2l
tunnel-group $WAN_B ipsec-attributes
 ikev1 pre-shared-key $PSK
EOF

cat > "$RD_DIR/gwB.cfg" <<EOF
hostname gwB
crypto isakmp policy 10
 encr aes
 hash sha
 authentication pre-share
 group 14
crypto isakmp key $PSK address $WAN_A
crypto ipsec transform-set AES-SHA esp-aes esp-sha-hmac
crypto map WAN 10 ipsec-isakmp
 set peer $WAN_A
 set transform-set AES-SHA
 match address TO-A
interface GigabitEthernet0/0
 ip address $WAN_B 255.255.255.0
 crypto map WAN
interface GigabitEthernet0/1
 ip address $LAN_B_GW 255.255.255.0
ip access-list extended TO-A
 permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255
EOF

ours() {            # NS: lines of SAs and policies with a reqid in Rampart's range (0x52000000-0x52ffffff)
	{ ip -n "$1" xfrm state; ip -n "$1" xfrm policy; } | grep -oE 'reqid [0-9]+' |
		awk '$2 >= 1375731712 && $2 <= 1392508927' | wc -l
}
sas() { ip -n "$1" xfrm state | grep -c '^src'; }
ping_ab() { nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" > /dev/null 2>&1; }
ping_until() { local i; for ((i = 0; i < 10; i++)); do "$1" && return 0; done; return 1; }

ping_ab && fail "lanB reachable without a tunnel"
rampartd_start "$NS_GWA" gwA asa "$RD_DIR/gwA.cfg" xfrm
rampartd_start "$NS_GWB" gwB ios "$RD_DIR/gwB.cfg" xfrm
wait_for_line "$RD_DIR/gwA.log" 'VPN: xfrm data plane' 5 || fail "gwA: no xfrm data plane: $(cat "$RD_DIR/gwA.log")"
wait_for_line "$RD_DIR/gwB.log" 'VPN: xfrm data plane' 5 || fail "gwB: no xfrm data plane: $(cat "$RD_DIR/gwB.log")"
[ "$(ip -n "$NS_GWA" xfrm policy | grep -c '^src')" -ge 3 ] || fail "gwA: trap policies missing: $(ip -n "$NS_GWA" xfrm policy)"
[ "$(sas "$NS_GWA")" = 0 ] || fail "gwA: SAs before any traffic"
log "trap policies installed, no SA yet"

ping_until ping_ab || fail "lanA -> lanB never passed: $(tail -20 "$RD_DIR/gwA.log")"
grep -q 'Security negotiation complete.*Initiator' "$RD_DIR/gwA.log" || fail "gwA did not initiate (ACQUIRE)"
nsx "$NS_LANA" ping -c5 -i0.2 -W1 -q "$LAN_B_HOST" > /dev/null || fail "5 pings lanA -> lanB"
nsx "$NS_LANB" ping -c3 -i0.2 -W1 -q "$LAN_A_HOST" > /dev/null || fail "3 pings lanB -> lanA"
[ "$(sas "$NS_GWA")" = 2 ] || fail "gwA: $(sas "$NS_GWA") SAs, expected 2"
log "tunnel up on ACQUIRE; gwA holds $(ours "$NS_GWA") SAs/policies in Rampart's reqid range"
rcli gwA "show crypto ipsec sa" > "$RD_DIR/gwA.ipsec-sa.txt"
if ! grep -q 'Invalid input' "$RD_DIR/gwA.ipsec-sa.txt"; then
	grep -Eq '#pkts encaps: ([7-9]|[1-9][0-9])' "$RD_DIR/gwA.ipsec-sa.txt" ||
		fail "gwA: the kernel's counters do not show: $(cat "$RD_DIR/gwA.ipsec-sa.txt")"
	log "gwA: $(grep -m1 '#pkts encaps' "$RD_DIR/gwA.ipsec-sa.txt" | tr -s ' ')"
fi
mkdir -p "$VM_OUT" && cp "$RD_DIR"/*.log "$RD_DIR"/*.txt "$VM_OUT"/ 2> /dev/null

rampartd_stop gwA
[ "$(ours "$NS_GWA")" = 0 ] && [ "$(sas "$NS_GWA")" = 0 ] ||
	fail "gwA left state behind: $(ip -n "$NS_GWA" xfrm state; ip -n "$NS_GWA" xfrm policy)"
[ -z "$(ip -n "$NS_GWA" route show proto 82)" ] || fail "gwA left routes: $(ip -n "$NS_GWA" route show proto 82)"
for ((i = 0; i < 30; i++)); do [ "$(sas "$NS_GWB")" = 0 ] && break; sleep 0.1; done
[ "$(sas "$NS_GWB")" = 0 ] || fail "gwB kept its SAs after gwA's Delete: $(ip -n "$NS_GWB" xfrm state)"
ping_ab && fail "lanB still reachable after gwA stopped"
rampartd_stop gwB
[ "$(ours "$NS_GWB")" = 0 ] && [ -z "$(ip -n "$NS_GWB" route show proto 82)" ] ||
	fail "gwB left state behind: $(ip -n "$NS_GWB" xfrm policy)"
log "stopping both daemons left no SA, policy or route"

cat > "$RD_DIR/gwB-dyn.cfg" <<EOF
hostname gwB
crypto isakmp policy 10
 encr aes
 hash sha
 authentication pre-share
 group 14
crypto isakmp key $PSK address 0.0.0.0 0.0.0.0
crypto ipsec transform-set AES-SHA esp-aes esp-sha-hmac
crypto dynamic-map DYN 10
 set transform-set AES-SHA
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
rampartd_start "$NS_GWB" gwB ios "$RD_DIR/gwB-dyn.cfg" xfrm
rampartd_start "$NS_GWA" gwA asa "$RD_DIR/gwA.cfg" xfrm
wait_for_line "$RD_DIR/gwA.log" 'VPN: xfrm data plane' 5 || fail "gwA: no xfrm data plane"
[ "$(ours "$NS_GWB")" = 0 ] || fail "gwB (dynamic only) has policies before a peer called: $(ip -n "$NS_GWB" xfrm policy)"
ping_until ping_ab || fail "lanA -> lanB through gwB's dynamic entry: $(tail -20 "$RD_DIR/gwB.log")"
nsx "$NS_LANB" ping -c3 -i0.2 -W1 -q "$LAN_A_HOST" > /dev/null || fail "lanB -> lanA through the dynamic entry's policies"
[ "$(ip -n "$NS_GWB" xfrm policy | grep -c '^src')" -ge 3 ] || fail "gwB: no policies for the dynamic entry"
log "dynamic entry: gwB holds $(ours "$NS_GWB") SAs/policies in Rampart's range while gwA is connected"
rampartd_stop gwA
for ((i = 0; i < 30; i++)); do [ "$(ours "$NS_GWB")" = 0 ] && break; sleep 0.1; done
[ "$(ours "$NS_GWB")" = 0 ] || fail "gwB kept the dynamic entry's state after gwA's Delete: $(ip -n "$NS_GWB" xfrm policy)"
rampartd_stop gwB
log "the dynamic entry's policies came with its SAs and went with them"
