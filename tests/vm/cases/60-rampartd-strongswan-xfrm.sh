# rampartd on the xfrm backend (the kernel's ESP), configured only by an ASA
# startup-config, against strongSwan charon with kernel-netlink (also the kernel's
# ESP), IKEv1 main mode with a pre-shared key, in the netns rig of tests/netns/lib.sh:
#
#   lanA(10.1.0.10) -- gwA(rampartd, 192.0.2.1) == gwB(charon, 192.0.2.2) -- lanB(10.2.0.10)
#
# Both sides initiate:
#   1. a ping from lanA hits rampartd's trap policy, the kernel raises ACQUIRE and
#      rampartd initiates (charon responds); pings pass, `show crypto ipsec sa` shows
#      encaps and decaps, and the kernel's SAs in Rampart's reqid range count packets;
#   2. charon terminates (its Delete takes rampartd's SAs away), then charon
#      initiates and lanB pings lanA through the new tunnel;
#   3. stopping rampartd (its Delete empties charon) leaves no SA, policy or route of
#      Rampart in gwA.
# Without NAT-T on either side ESP runs as plain IP protocol 50. Skipped without
# strongSwan. The rampartd startup-config and the swanctl proposals are those of
# tests/netns/rampartd-strongswan.sh (userspace data plane, kernel-libipsec).
set -u
CHARON=${CHARON:-/usr/lib/ipsec/charon}
[ -x "$CHARON" ] && command -v swanctl > /dev/null || { echo "SKIP: no strongswan-charon/swanctl"; exit 77; }
. "$SRCDIR/tests/netns/lib.sh"
RAMPARTD=$BUILDDIR/rampartd RAMPART=$BUILDDIR/rampart
. "$SRCDIR/tests/netns/rampartd-lib.sh"
rd_require
netns_up
rd_setup
PSK=xfrm-strongswan-psk-0123456789
W=$RD_DIR/charon
mkdir -p "$W"

rd_asa_site_a > "$RD_DIR/gwA.cfg"

# charon with kernel-netlink only: SAs and policies go to gwB's kernel.
cat > "$W/strongswan.conf" <<EOF
charon {
    load_modular = no
    load = random nonce aes sha1 sha2 hmac kdf gmp pem pkcs1 x509 pubkey kernel-netlink socket-default vici
    retransmit_timeout = 2.0
    retransmit_tries = 3
    plugins { vici { socket = unix://$W/vici } }
    filelog { log { path = $W/charon.log
                    time_format = %H:%M:%S
                    default = 1
                    knl = 2 } }
}
swanctl { socket = unix://$W/vici
          load = pem pkcs1 x509 pubkey }
EOF
cat > "$W/swanctl.conf" <<EOF
connections { s2s {
    version = 1
    local_addrs = $WAN_B
    remote_addrs = $WAN_A
    proposals = aes256-sha1-modp2048
    local { auth = psk
            id = $WAN_B }
    remote { auth = psk
             id = $WAN_A }
    children { net { mode = tunnel
                     local_ts = $LAN_B_NET
                     remote_ts = $LAN_A_NET
                     esp_proposals = aes256-sha1-modp2048
                     start_action = none } }
} }
secrets { ike-s2s { id-1 = $WAN_B
                    id-2 = $WAN_A
                    secret = "$PSK" } }
EOF
swc() { STRONGSWAN_CONF=$W/strongswan.conf swanctl "$@"; }

ours() {            # NS: lines of SAs and policies with a reqid in Rampart's range (DP_REQID_BASE..DP_REQID_MAX)
	{ ip -n "$1" xfrm state; ip -n "$1" xfrm policy; } | grep -oE 'reqid [0-9]+' |
		awk '$2 >= 1375731712 && $2 <= 1392508927' | wc -l
}
sas() { ip -n "$1" xfrm state | grep -c '^src'; }
# "SPI PACKETS" of each SA of gwA in Rampart's reqid range, from `ip -s xfrm state`
our_sa_packets() {
	ip -s -n "$NS_GWA" xfrm state | awk '
		/^src/ { spi = ""; mine = 0; cur = 0 }
		/proto esp spi/ {       # -s prints "spi 0xHEX(DEC) reqid DEC(0xHEX)"
			for (i = 1; i < NF; i++) {
				v = $(i + 1); sub(/\(.*/, "", v)
				if ($i == "spi") spi = v
				if ($i == "reqid") mine = (v + 0 >= 1375731712 && v + 0 <= 1392508927)
			}
		}
		/lifetime current:/ { cur = 1; next }
		cur && /\(packets\)/ { cur = 0; if (mine) { sub(/.*\(bytes\), */, ""); sub(/\(packets\).*/, ""); print spi, $0 } }'
}
ping_count() { nsx "$1" ping -c "$3" -i 0.2 -W 2 -q "$2" 2> /dev/null | sed -n 's/.* \([0-9]*\) received.*/\1/p'; }
charon_up() { swc --list-sas 2> /dev/null | grep -q 'ESTABLISHED, IKEv1' && swc --list-sas 2> /dev/null | grep -q 'INSTALLED, TUNNEL,'; }
charon_idle() {
	local i
	for ((i = 0; i < 50; i++)); do
		[ -z "$(swc --list-sas --raw 2> /dev/null | grep -o uniqueid)" ] && return 0
		sleep 0.1
	done
	return 1
}
# charon marks its own SPI with '*': "..._i ..._r*" when it responded
charon_responded() { swc --list-sas 2> /dev/null | grep -q 'ESTABLISHED, IKEv1, [0-9a-f]*_i [0-9a-f]*_r\*'; }
charon_initiated() { swc --list-sas 2> /dev/null | grep -q 'ESTABLISHED, IKEv1, [0-9a-f]*_i\* [0-9a-f]*_r'; }
keep() { mkdir -p "$VM_OUT" && cp -r "$RD_DIR"/. "$VM_OUT"/ 2> /dev/null; }
rd_extra_teardown() { keep; }
why() { echo "--- gwA:"; tail -n 25 "$RD_DIR/gwA.log"; echo "--- charon:"; tail -n 25 "$W/charon.log"; }

nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" > /dev/null 2>&1 && fail "lanA reaches lanB without a tunnel"
# charon's pid file is fixed at /run/charon.pid: a private /run
STRONGSWAN_CONF=$W/strongswan.conf netns_bg "$NS_GWB" "$W/stdout" \
	unshare -m sh -c "mount -t tmpfs tmpfs /run && exec $CHARON"
for ((i = 0; i < 150; i++)); do [ -S "$W/vici" ] && swc --stats > /dev/null 2>&1 && break; sleep 0.2; done
swc --load-all --noprompt --file "$W/swanctl.conf" > "$W/load.out" 2>&1 || fail "swanctl --load-all: $(cat "$W/load.out")"
rampartd_start "$NS_GWA" gwA asa "$RD_DIR/gwA.cfg" xfrm
wait_for_line "$RD_DIR/gwA.log" 'VPN: xfrm data plane' 5 || fail "gwA: no xfrm data plane: $(cat "$RD_DIR/gwA.log")"
[ "$(ours "$NS_GWA")" -ge 3 ] || fail "gwA: trap policies missing: $(ip -n "$NS_GWA" xfrm policy)"
[ "$(sas "$NS_GWA")" = 0 ] || fail "gwA: SAs before any traffic"
log "charon loaded, rampartd's trap policies installed, no SA yet"

# 1. traffic from lanA: ACQUIRE, rampartd initiates
t0=$(date +%s.%N)
got=0
for ((i = 0; i < 10 && got == 0; i++)); do got=$(ping_count "$NS_LANA" "$LAN_B_HOST" 1); got=${got:-0}; done
[ "$got" = 1 ] || fail "lanA -> lanB never passed: $(why)"
log "first ping through after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')s"
grep -q 'Security negotiation complete.*Initiator' "$RD_DIR/gwA.log" || fail "gwA did not initiate (ACQUIRE): $(why)"
charon_up || fail "charon shows no ESTABLISHED/INSTALLED SAs: $(swc --list-sas)"
charon_responded || fail "charon was not the responder: $(swc --list-sas)"
got=$(ping_count "$NS_LANA" "$LAN_B_HOST" 5)
[ "${got:-0}" = 5 ] || fail "lanA -> lanB: ${got:-0}/5 replies"
got=$(ping_count "$NS_LANB" "$LAN_A_HOST" 3)
[ "${got:-0}" = 3 ] || fail "lanB -> lanA: ${got:-0}/3 replies"
[ "$(sas "$NS_GWA")" = 2 ] || fail "gwA: $(sas "$NS_GWA") SAs, expected 2: $(ip -n "$NS_GWA" xfrm state)"
our_sa_packets > "$RD_DIR/gwA.sa-packets-1.txt"
[ "$(wc -l < "$RD_DIR/gwA.sa-packets-1.txt")" = 2 ] ||
	fail "gwA: not 2 SAs in Rampart's reqid range: $(ip -s -n "$NS_GWA" xfrm state)"
awk '$2 < 9 { bad = 1 } END { exit bad }' "$RD_DIR/gwA.sa-packets-1.txt" ||
	fail "gwA: the kernel's SAs did not count the pings (spi packets): $(cat "$RD_DIR/gwA.sa-packets-1.txt")"
log "gwA kernel SAs (spi packets): $(tr '\n' ' ' < "$RD_DIR/gwA.sa-packets-1.txt")"
rcli gwA "show crypto ipsec sa" > "$RD_DIR/gwA.ipsec-sa-1.txt"
grep -Eq '#pkts encaps: [1-9]' "$RD_DIR/gwA.ipsec-sa-1.txt" && grep -Eq '#pkts decaps: [1-9]' "$RD_DIR/gwA.ipsec-sa-1.txt" ||
	fail "gwA: show crypto ipsec sa has no encaps/decaps: $(cat "$RD_DIR/gwA.ipsec-sa-1.txt")"
log "gwA show crypto ipsec sa: $(grep -m1 '#pkts encaps' "$RD_DIR/gwA.ipsec-sa-1.txt" | tr -s ' ')," \
	"$(grep -m1 '#pkts decaps' "$RD_DIR/gwA.ipsec-sa-1.txt" | tr -s ' ')"
swc --list-sas > "$W/list-sas-1.txt" 2>&1

# 2. charon terminates, then charon initiates
swc --terminate --ike s2s --timeout 10 > "$W/terminate.out" 2>&1 || fail "swanctl --terminate: $(cat "$W/terminate.out")"
charon_idle || fail "charon still has SAs after --terminate: $(swc --list-sas)"
for ((i = 0; i < 30; i++)); do [ "$(sas "$NS_GWA")" = 0 ] && break; sleep 0.1; done
[ "$(sas "$NS_GWA")" = 0 ] || fail "gwA kept its SAs after charon's Delete: $(ip -n "$NS_GWA" xfrm state)"
[ "$(ours "$NS_GWA")" -ge 3 ] || fail "gwA lost its trap policies with the SAs: $(ip -n "$NS_GWA" xfrm policy)"
log "charon's Delete took gwA's SAs; the trap policies stay"
t0=$(date +%s.%N)
timeout 60 env STRONGSWAN_CONF="$W/strongswan.conf" swanctl --initiate --ike s2s --child net --timeout 20 \
	> "$W/initiate.out" 2>&1 || fail "swanctl --initiate: $(tail -n 20 "$W/initiate.out") $(why)"
log "charon's initiation took $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')s"
charon_initiated || fail "charon's new SA is not its own initiation: $(swc --list-sas)"
grep -q 'Security negotiation complete.*Responder' "$RD_DIR/gwA.log" || fail "gwA did not respond: $(why)"
got=$(ping_count "$NS_LANB" "$LAN_A_HOST" 4)
[ "${got:-0}" = 4 ] || fail "lanB -> lanA after charon's initiation: ${got:-0}/4 replies: $(why)"
our_sa_packets > "$RD_DIR/gwA.sa-packets-2.txt"
[ "$(wc -l < "$RD_DIR/gwA.sa-packets-2.txt")" = 2 ] && awk '$2 < 4 { bad = 1 } END { exit bad }' "$RD_DIR/gwA.sa-packets-2.txt" ||
	fail "gwA: the new SAs did not count lanB's pings: $(ip -s -n "$NS_GWA" xfrm state)"
grep -qvf <(cut -d' ' -f1 "$RD_DIR/gwA.sa-packets-1.txt") "$RD_DIR/gwA.sa-packets-2.txt" ||
	fail "gwA: the SPIs of the first tunnel are still in use"
log "charon initiated, lanB -> lanA passes; gwA's new SAs (spi packets): $(tr '\n' ' ' < "$RD_DIR/gwA.sa-packets-2.txt")"
swc --list-sas > "$W/list-sas-2.txt" 2>&1

# 3. stopping rampartd: its Delete empties charon, nothing of Rampart is left in gwA
rampartd_stop gwA
[ "$(ours "$NS_GWA")" = 0 ] && [ "$(sas "$NS_GWA")" = 0 ] ||
	fail "gwA left state behind: $(ip -n "$NS_GWA" xfrm state; ip -n "$NS_GWA" xfrm policy)"
[ -z "$(ip -n "$NS_GWA" xfrm policy)" ] || fail "gwA kept policies: $(ip -n "$NS_GWA" xfrm policy)"
[ -z "$(ip -n "$NS_GWA" route show proto 82)" ] || fail "gwA left routes: $(ip -n "$NS_GWA" route show proto 82)"
charon_idle || fail "charon kept its SAs after rampartd's Delete: $(swc --list-sas)"
[ "$(sas "$NS_GWB")" = 0 ] || fail "gwB's kernel kept charon's SAs: $(ip -n "$NS_GWB" xfrm state)"
nsx "$NS_LANA" ping -c1 -W1 -q "$LAN_B_HOST" > /dev/null 2>&1 && fail "lanA still reaches lanB after rampartd stopped"
log "stopping rampartd left no SA, policy or route in gwA and emptied charon"
