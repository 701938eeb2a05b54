#!/bin/bash
# Crypto map peer failover with rampartd (userspace data plane): gwA's entry names a
# dead first peer (192.0.2.9, nobody there) and gwB second. A ping from lanA starts
# Main Mode towards 192.0.2.9; when that Phase 1 times out (40 s, as the engine
# abandons it) the engine moves on to gwB, and the entry's policies must follow the
# SAs to gwB, or traffic would never use them. Takes about 45 s.
#
#   lanA(10.1.0.10) -- gwA(rampartd ASA, 192.0.2.1) == gwB(rampartd IOS, 192.0.2.2) -- lanB(10.2.0.10)
# Exit 0 when every check passed, 77 (skipped) without root or TUN.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/rampartd-lib.sh"
netns_require
rd_require
netns_up
rd_setup
PSK=failover-key-0123456789
DEAD=192.0.2.9

cat >"$RD_DIR/gwA.cfg" <<EOT
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address $WAN_A 255.255.255.0
access-list TO-B extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.255.0
crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac
crypto map OUT 10 match address TO-B
crypto map OUT 10 set peer $DEAD $WAN_B
crypto map OUT 10 set ikev1 transform-set TS
crypto map OUT interface outside
crypto ikev1 enable outside
crypto ikev1 policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 14
tunnel-group DefaultL2LGroup ipsec-attributes
 ikev1 pre-shared-key $PSK
EOT
cat >"$RD_DIR/gwB.cfg" <<EOT
crypto isakmp policy 10
 encr aes 256
 hash sha
 authentication pre-share
 group 14
crypto isakmp key $PSK address $WAN_A
crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac
ip access-list extended TO-A
 permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255
crypto map WAN 10 ipsec-isakmp
 set peer $WAN_A
 set transform-set TS
 match address TO-A
interface GigabitEthernet0/0
 ip address $WAN_B 255.255.255.0
 crypto map WAN
EOT
rampartd_start "$NS_GWA" gwA asa "$RD_DIR/gwA.cfg"
rampartd_start "$NS_GWB" gwB ios "$RD_DIR/gwB.cfg"

t0=$(date +%s)
ok=0
for ((i = 0; i < 60; i++)); do
	nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" >/dev/null 2>&1 && { ok=1; break; }
done
t1=$(date +%s)
[ $ok = 1 ] || fail "lanA never reached lanB: $(grep -v 'vty:' "$RD_DIR/gwA.log" | tail -15)"
log "lanA reaches lanB after $((t1 - t0)) s"
grep -q "IKE Initiator: New Phase 1.*IKE Peer $DEAD" "$RD_DIR/gwA.log" || fail "gwA did not try $DEAD first"
grep -q "Phase 1 failed in MM_WAIT_MSG2" "$RD_DIR/gwA.log" || fail "the first peer's Phase 1 did not fail"
grep -q "crypto map OUT 10 now uses peer $WAN_B" "$RD_DIR/gwA.log" || fail "gwA's policies did not move to $WAN_B"
nsx "$NS_LANB" ping -c3 -i0.2 -W1 -q "$LAN_A_HOST" >/dev/null || fail "lanB -> lanA over the backup peer"
log "failover to the second peer carries traffic both ways"
rampartd_stop gwA
rampartd_stop gwB
