# Rampart's xfrm state next to strongSwan's: two charons (kernel-netlink, IKEv1 main
# mode, PSK) bring up lanA <-> lanB between gwA and gwB of the netns rig. In gwA an
# xfrm_dpctl then adds static SAs and policies of its own (reqids in Rampart's
# range), is killed with SIGKILL (a crash: its state stays), and a fresh one started
# only to flush must remove exactly that state. charon's SAs and policies must be
# untouched and its tunnel must still carry traffic. Skipped without strongSwan.
# This is also the template for a rampartd-vs-strongSwan case.
set -u
CHARON=${CHARON:-/usr/lib/ipsec/charon}
[ -x "$CHARON" ] && command -v swanctl > /dev/null || { echo "SKIP: no strongswan-charon/swanctl"; exit 77; }
. "$SRCDIR/tests/netns/lib.sh"
DPCTL=$BUILDDIR/tests/tools/xfrm_dpctl
netns_up
W=$NETNS_TMP

charon_conf() {     # NAME MY-IP PEER-IP MY-NET PEER-NET
	mkdir -p "$W/$1"
	cat > "$W/$1/strongswan.conf" <<-EOC
	charon {
	    load_modular = no
	    load = random nonce aes sha1 sha2 hmac kdf gmp pem pkcs1 x509 pubkey kernel-netlink socket-default vici
	    plugins { vici { socket = unix://$W/$1/vici } }
	    filelog { log { path = $W/$1/charon.log
	                    default = 1
	                    knl = 2 } }
	}
	swanctl { socket = unix://$W/$1/vici
	          load = pem pkcs1 x509 pubkey }
	EOC
	cat > "$W/$1/swanctl.conf" <<-EOC
	connections { lan {
	    version = 1
	    local_addrs = $2
	    remote_addrs = $3
	    proposals = aes128-sha256-modp2048
	    local { auth = psk
	            id = $2 }
	    remote { auth = psk
	             id = $3 }
	    children { lan { local_ts = $4
	                     remote_ts = $5
	                     esp_proposals = aes128-sha256 } }
	} }
	secrets { ike { id-a = $WAN_A
	                id-b = $WAN_B
	                secret = "coexistence test" } }
	EOC
}
swan() { local n=$1; shift; STRONGSWAN_CONF=$W/$n/strongswan.conf swanctl "$@"; }

charon_conf A $WAN_A $WAN_B $LAN_A_NET $LAN_B_NET
charon_conf B $WAN_B $WAN_A $LAN_B_NET $LAN_A_NET
for n in A B; do
	ns=NS_GW$n
	# each charon wants /run/charon.pid: a private /run
	STRONGSWAN_CONF=$W/$n/strongswan.conf netns_bg "${!ns}" "$W/$n/stdout" \
		unshare -m sh -c "mount -t tmpfs tmpfs /run && exec $CHARON"
done
for n in A B; do
	for ((i = 0; i < 150; i++)); do [ -S "$W/$n/vici" ] && break; sleep 0.2; done
	swan $n --load-all --file "$W/$n/swanctl.conf" > "$W/$n/load.out" 2>&1 || fail "swanctl load $n: $(cat "$W/$n/load.out")"
done
timeout 60 env STRONGSWAN_CONF="$W/A/strongswan.conf" swanctl --initiate --child lan > "$W/initiate.out" 2>&1 ||
	fail "initiate: $(tail -n 20 "$W/initiate.out") $(tail -n 30 "$W/A/charon.log")"
log "charon tunnel up"
ping_lan() { nsx "$NS_LANA" ping -c 3 -i 0.2 -W 2 -q $LAN_B_HOST | grep -q ' 3 received'; }
ping_lan || fail "ping through charon's tunnel"

snapshot() { { ip -n "$NS_GWA" xfrm state; ip -n "$NS_GWA" xfrm policy; } | grep -v -E 'lifetime|bytes|packets|add |use ' ; }
charon_state=$(snapshot)
nsx "$NS_GWA" ip xfrm state | grep -q 'reqid 1 ' || fail "charon's SAs not found"

key() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
cat > "$W/rampart" <<EOS
sa $WAN_A $WAN_B 0x7001 reqid=0x52000021 enc=aes:$(key 16) auth=sha1:$(key 20)
sa $WAN_B $WAN_A 0x7002 reqid=0x52000021 enc=aes:$(key 16) auth=sha1:$(key 20)
policy out $LAN_A_NET 10.3.0.0/24 protect reqid=0x52000021 tmpl=$WAN_A-$WAN_B
policy in 10.3.0.0/24 $LAN_A_NET protect reqid=0x52000021 tmpl=$WAN_B-$WAN_A
policy fwd 10.3.0.0/24 $LAN_A_NET protect reqid=0x52000021 tmpl=$WAN_B-$WAN_A
policy out $LAN_A_NET 10.4.0.0/24 drop prio=50
EOS
netns_bg "$NS_GWA" "$W/dp1.out" "$DPCTL" -b xfrm "$W/rampart"
dp1=$NETNS_LAST_PID
wait_for_line "$W/dp1.out" '^ready$' 10 || fail "dpctl: $(cat "$W/dp1.out")"
n=$(ip -n "$NS_GWA" xfrm state | grep -c 'reqid 1375731745 ')
[ "$n" = 2 ] || fail "dpctl installed $n SAs, expected 2"
kill -KILL "$dp1"; wait "$dp1" 2> /dev/null
[ "$(ip -n "$NS_GWA" xfrm policy | grep -c '^src')" -gt "$(echo "$charon_state" | grep -c '^src')" ] ||
	fail "the crashed dpctl's state is not there"
log "crashed dpctl left $(ip -n "$NS_GWA" route show proto 82 | wc -l) route(s) and its SAs/policies"

# A restart flushes what the crash left and nothing else.
nsx "$NS_GWA" "$DPCTL" -b xfrm -e flush -T 1 > "$W/dp2.out" 2>&1 || fail "flush run: $(cat "$W/dp2.out")"
[ "$(snapshot)" = "$charon_state" ] || fail "state after flush differs from charon's alone:
$(diff <(echo "$charon_state") <(snapshot))"
[ -z "$(ip -n "$NS_GWA" route show proto 82)" ] || fail "routes of the crashed run left"
ping_lan || fail "charon's tunnel broken after Rampart's flush"
log "flush removed Rampart's leftovers only; charon's tunnel still carries traffic"
