# The xfrm backend carries traffic: tests/tools/xfrm_dpctl installs static SAs and
# policies (out, in, fwd) in gwA and gwB of the netns rig (tests/netns/lib.sh), lanA
# pings lanB through the kernel's ESP, and the counters must match in query_sa and in
# `ip -s xfrm state`. The backend's own route to the remote LAN must appear and go
# again. Two variants: AES-256-CBC + HMAC-SHA-256 and AES-128-GCM. After dpctl exits
# (close = flush) nothing of Rampart's must be left in either gateway.
set -u
. "$SRCDIR/tests/netns/lib.sh"
DPCTL=$BUILDDIR/tests/tools/xfrm_dpctl
R1=0x52000001 R2=0x52000002
hexkey() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

snapshot() {        # FILE PID: the counter block after a SIGUSR1
	local before i
	before=$(grep -c '^end$' "$1")
	kill -USR1 "$2"
	for ((i = 0; i < 100; i++)); do
		[ "$(grep -c '^end$' "$1")" -gt "$before" ] && break
		sleep 0.05
	done
	awk '/^end$/ { b = c; c = ""; next } { c = c $0 "\n" } END { printf "%s", b }' "$1"
}
field() { printf '%s' "$1" | grep -E "$2" | tr ' ' '\n' | sed -n "s/^$3=//p" | head -1; }
expect() { [ "$2" = "$3" ] || fail "$V: $1 = '$2', expected $3"; log "$V: $1 = $2"; }

kernel_packets() {  # NS SPI: packets on that SA per `ip -s xfrm state`
	ip -n "$1" -s xfrm state | awk -v spi="$2" '
		/^src/ { cur = 0 } $0 ~ "spi " spi { cur = 1 }
		cur && /lifetime current:/ { getline; split($2, a, "("); print a[1]; exit }'
}

scripts() {         # DIR ENC-AB AUTH-AB ENC-BA AUTH-BA
	{
		echo "sa $WAN_A $WAN_B 0x1001 reqid=$R1 enc=$2 auth=$3"
		echo "sa $WAN_B $WAN_A 0x2001 reqid=$R1 enc=$4 auth=$5"
	} > "$1/sas"
	{ cat "$1/sas"; cat <<-EOS; } > "$1/gwA"
		policy out $LAN_A_NET $LAN_B_NET protect reqid=$R1 tmpl=$WAN_A-$WAN_B
		policy in $LAN_B_NET $LAN_A_NET protect reqid=$R1 tmpl=$WAN_B-$WAN_A
		policy fwd $LAN_B_NET $LAN_A_NET protect reqid=$R1 tmpl=$WAN_B-$WAN_A
		policy out $LAN_A_NET 10.3.0.0/24 protect reqid=$R2 tmpl=$WAN_A-$WAN_B
	EOS
	{ cat "$1/sas"; cat <<-EOS; } > "$1/gwB"
		policy out $LAN_B_NET $LAN_A_NET protect reqid=$R1 tmpl=$WAN_B-$WAN_A
		policy in $LAN_A_NET $LAN_B_NET protect reqid=$R1 tmpl=$WAN_A-$WAN_B
		policy fwd $LAN_A_NET $LAN_B_NET protect reqid=$R1 tmpl=$WAN_A-$WAN_B
	EOS
}

variant() {
	local a b pa pb
	V=$1
	netns_up
	scripts "$NETNS_TMP" "$2" "$3" "$4" "$5"
	nsx "$NS_LANA" ping -c1 -W1 -q $LAN_B_HOST > /dev/null 2>&1 && fail "$V: lanB reachable without a tunnel"
	for gw in A B; do
		ns=NS_GW$gw; wan=WAN_$gw
		netns_bg "${!ns}" "$NETNS_TMP/gw$gw.out" "$DPCTL" -b xfrm "$NETNS_TMP/gw$gw"
		eval "p$gw=\$NETNS_LAST_PID"
		wait_for_line "$NETNS_TMP/gw$gw.out" '^ready$' 10 || fail "$V: dpctl gw$gw: $(cat "$NETNS_TMP/gw$gw.out")"
	done
	pa=$pA pb=$pB
	ip -n "$NS_GWA" route show proto 82 | grep -q "^10.2.0.0/24 via $WAN_B" ||
		fail "$V: no backend route to lanB in gwA: $(ip -n "$NS_GWA" route)"
	log "$V: gwA route: $(ip -n "$NS_GWA" route show proto 82)"

	out=$(nsx "$NS_LANA" ping -c 5 -i 0.2 -W 2 -q $LAN_B_HOST 2>&1)
	echo "$out" | grep -q " 5 received" || fail "$V: ping lanA -> lanB: $out"
	a=$(snapshot "$NETNS_TMP/gwA.out" "$pa"); b=$(snapshot "$NETNS_TMP/gwB.out" "$pb")
	expect "gwA SA 0x1001 packets (query_sa)" "$(field "$a" 'spi=0x00001001' packets)" 5
	expect "gwA SA 0x2001 packets (query_sa)" "$(field "$a" 'spi=0x00002001' packets)" 5
	expect "gwB SA 0x1001 packets (query_sa)" "$(field "$b" 'spi=0x00001001' packets)" 5
	expect "gwA SA 0x1001 used" "$(field "$a" 'spi=0x00001001' used)" yes
	expect "gwA SA 0x1001 packets (ip -s xfrm state)" "$(kernel_packets "$NS_GWA" 0x00001001)" 5
	expect "gwB SA 0x2001 packets (ip -s xfrm state)" "$(kernel_packets "$NS_GWB" 0x00002001)" 5
	ip -n "$NS_GWA" -s xfrm state | sed 's/^/    /' | head -n 30 >&2
	ip -n "$NS_GWA" xfrm state | grep -q 'limit: soft (INF)' ||
		ip -n "$NS_GWA" -s xfrm state | grep -q 'soft (INF)(bytes)' || fail "$V: SA limits are not infinite"

	# Traffic to a subnet whose SA does not exist: one ACQUIRE for reqid 2.
	nsx "$NS_LANA" ping -c 2 -i 0.3 -W 1 -q 10.3.0.1 > /dev/null 2>&1
	wait_for_line "$NETNS_TMP/gwA.out" "^acquire reqid=$((R2)) sel=10.1.0.0/24-10.3.0.0/24 local=$WAN_A peer=$WAN_B" 5 ||
		fail "$V: no acquire for reqid 2: $(grep acquire "$NETNS_TMP/gwA.out")"
	log "$V: $(grep '^acquire' "$NETNS_TMP/gwA.out" | head -1)"

	kill -TERM "$pa" "$pb"; wait "$pa" "$pb" 2> /dev/null
	for ns in "$NS_GWA" "$NS_GWB"; do
		[ -z "$(ip -n "$ns" xfrm state)" ] || fail "$V: SAs left in $ns: $(ip -n "$ns" xfrm state)"
		[ -z "$(ip -n "$ns" xfrm policy)" ] || fail "$V: policies left in $ns: $(ip -n "$ns" xfrm policy)"
		[ -z "$(ip -n "$ns" route show proto 82)" ] || fail "$V: routes left in $ns"
	done
	log "$V: close left nothing behind"
	netns_down
	log "$V: PASS"
}

variant cbc-sha256 "aes:$(hexkey 32)" "sha256:$(hexkey 32)" "aes:$(hexkey 32)" "sha256:$(hexkey 32)"
variant gcm "aesgcm16:$(hexkey 20)" none "aesgcm16:$(hexkey 20)" none
