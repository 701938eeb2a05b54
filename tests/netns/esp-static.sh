#!/bin/bash
# The userspace data plane end to end, without IKE: dpctl installs matching static
# SAs in gwA and gwB, lanA pings lanB through ESP, and the per-SA counters must equal
# the packets sent. Three variants, each in fresh namespaces:
#   raw  ESP as IP protocol 50, AES-256-CBC + HMAC-SHA-256-128, plus a PROTECT
#        policy without SA that must raise exactly one acquire and queue the packets
#   udp  ESP-in-UDP on port 4500 (RFC 3948), AES-128-GCM-16
#   both of them are then tampered with ("dpctl inject"): replays, forged sequence
#        numbers, truncations and unknown SPIs are counted and never reach lanB.
# Exit 77 (skipped) without root or /dev/net/tun.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
netns_require

DPCTL=${DPCTL:-$PWD/tests/tools/dpctl}
[ -x "$DPCTL" ] || DPCTL=$HERE/../tools/dpctl
[ -x "$DPCTL" ] || { echo "dpctl not built (make check builds it)"; exit 99; }

hexkey() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

# The counter block printed after the latest SIGUSR1 of a dpctl.
snapshot() {
	local file=$1 pid=$2 before i
	before=$(grep -c '^end$' "$file")
	kill -USR1 "$pid"
	for ((i = 0; i < 100; i++)); do
		[ "$(grep -c '^end$' "$file")" -gt "$before" ] && break
		sleep 0.05
	done
	awk '/^end$/ { block = cur; cur = ""; next } { cur = cur $0 "\n" } END { printf "%s", block }' "$file"
}

# field BLOCK LINE-REGEX KEY
field() { printf '%s' "$1" | grep -E "$2" | tr ' ' '\n' | sed -n "s/^$3=//p" | head -1; }

expect() {
	local what=$1 got=$2 want=$3
	[ "$got" = "$want" ] || fail "$VARIANT: $what = '$got', expected $want"
	log "$VARIANT: $what = $got"
}

ping_ok() {
	local count=$1 dst=${2:-$LAN_B_HOST} out
	out=$(nsx "$NS_LANA" ping -c "$count" -i 0.2 -W 2 -q "$dst" 2>&1)
	echo "$out" | grep -q " $count received" || fail "$VARIANT: ping $dst: $out"
}

# Echo requests lanB's stack received (the Icmp InEchos counter, found by name).
in_echos() {
	nsx "$NS_LANB" awk '/^Icmp:/ { if (!n++) { for (i = 1; i <= NF; i++) if ($i == "InEchos") col = i } else print $col }' /proc/net/snmp
}

write_scripts() {
	local dir=$1 encap=$2 enc_ab=$3 auth_ab=$4 enc_ba=$5 auth_ba=$6 opt=""
	[ "$encap" = udp ] && opt="encap=4500:4500"
	cat >"$dir/sas" <<-EOS
		sa $WAN_A $WAN_B 0x1001 reqid=1 enc=$enc_ab auth=$auth_ab $opt
		sa $WAN_B $WAN_A 0x2001 reqid=1 enc=$enc_ba auth=$auth_ba $opt
	EOS
	{ cat "$dir/sas"; cat <<-EOS; } >"$dir/gwA"
		policy out $LAN_A_NET $LAN_B_NET protect reqid=1 tmpl=$WAN_A-$WAN_B
		policy in $LAN_B_NET $LAN_A_NET protect reqid=1 tmpl=$WAN_B-$WAN_A
		policy fwd $LAN_B_NET $LAN_A_NET protect reqid=1 tmpl=$WAN_B-$WAN_A
		policy out $LAN_A_NET 10.3.0.0/24 protect reqid=2 tmpl=$WAN_A-$WAN_B
	EOS
	{ cat "$dir/sas"; cat <<-EOS; } >"$dir/gwB"
		policy out $LAN_B_NET $LAN_A_NET protect reqid=1 tmpl=$WAN_B-$WAN_A
		policy in $LAN_A_NET $LAN_B_NET protect reqid=1 tmpl=$WAN_A-$WAN_B
		policy fwd $LAN_A_NET $LAN_B_NET protect reqid=1 tmpl=$WAN_A-$WAN_B
	EOS
}

start_dpctl() {
	local ns=$1 script=$2 out=$3 wan=$4 udp_opt=()
	[ "$ENCAP" = udp ] && udp_opt=(-u "$wan")
	netns_bg "$ns" "$out" "$DPCTL" "${udp_opt[@]}" "$script"
	wait_for_line "$out" '^ready$' 5 || fail "$VARIANT: dpctl in $ns did not start: $(cat "$out")"
}

check_sa() {
	local block=$1 side=$2 spi=$3 packets=$4 replay=${5:-0} integrity=${6:-0}
	expect "$side SA $spi packets" "$(field "$block" "^sa .*spi=$spi" packets)" "$packets"
	expect "$side SA $spi replay errors" "$(field "$block" "^sa .*spi=$spi" replay)" "$replay"
	expect "$side SA $spi integrity errors" "$(field "$block" "^sa .*spi=$spi" integrity)" "$integrity"
}

run_variant() {
	local a b n count=3 pid_a pid_b
	VARIANT=$1 ENCAP=$2
	netns_up
	local T=$NETNS_TMP
	write_scripts "$T" "$ENCAP" "$3" "$4" "$5" "$6"

	nsx "$NS_LANA" ping -c1 -W1 -q $LAN_B_HOST >/dev/null 2>&1 && fail "$VARIANT: lanB reachable without a tunnel"
	start_dpctl "$NS_GWA" "$T/gwA" "$T/gwA.out" $WAN_A; pid_a=$NETNS_LAST_PID
	start_dpctl "$NS_GWB" "$T/gwB" "$T/gwB.out" $WAN_B; pid_b=$NETNS_LAST_PID
	ip -n "$NS_GWA" route show dev rampart0 | grep -q "10.2.0.0/24.*src $LAN_A_GW" ||
		fail "$VARIANT: no route into the TUN with the LAN source: $(ip -n "$NS_GWA" route)"

	ping_ok 5
	a=$(snapshot "$T/gwA.out" "$pid_a"); b=$(snapshot "$T/gwB.out" "$pid_b")
	check_sa "$a" gwA 0x00001001 5; check_sa "$a" gwA 0x00002001 5
	check_sa "$b" gwB 0x00001001 5; check_sa "$b" gwB 0x00002001 5
	expect "gwA ESP packets sent" "$(field "$a" '^stats' esp_sent)" 5
	expect "gwB packets written to the TUN" "$(field "$b" '^stats' tun_written)" 5

	# A route to a subnet whose SA does not exist yet: one acquire, packets queued.
	nsx "$NS_LANA" ping -c 3 -i 0.2 -W 1 -q 10.3.0.1 >/dev/null 2>&1
	a=$(snapshot "$T/gwA.out" "$pid_a")
	expect "acquires for reqid 2" "$(grep -c '^acquire reqid=2 ' "$T/gwA.out")" 1
	expect "packets queued for reqid 2" "$(field "$a" '^stats' queued)" 3

	# Tampering: inject waits for the next ESP packet gwA sends, then plays tricks.
	netns_bg "$NS_GWA" "$T/inject.out" "$DPCTL" inject wan0 $count
	wait_for_line "$T/inject.out" '^listening$' 5 || fail "$VARIANT: injector: $(cat "$T/inject.out")"
	ping_ok 1
	wait_for_line "$T/inject.out" '^injected' 5 || fail "$VARIANT: injector: $(cat "$T/inject.out")"
	expect "captured" "$(grep '^captured' "$T/inject.out")" "captured $( [ "$ENCAP" = udp ] && echo esp-in-udp || echo esp)"
	expect "injected" "$(grep '^injected' "$T/inject.out")" "injected replay=$count forge=$count truncate=$count spi=$count"
	sleep 0.3
	ping_ok 3                   # the forged sequence numbers did not move the window
	b=$(snapshot "$T/gwB.out" "$pid_b")
	n=$((5 + 1 + 3))
	check_sa "$b" gwB 0x00001001 $n $count $count
	expect "gwB truncated" "$(field "$b" '^stats' truncated)" $count
	expect "gwB unknown SPI" "$(field "$b" '^stats' unknown_spi)" $count
	expect "gwB packets written to the TUN" "$(field "$b" '^stats' tun_written)" $n
	expect "echo requests that reached lanB" "$(in_echos)" $n

	kill -TERM "$pid_a" "$pid_b"; wait "$pid_a" "$pid_b" 2>/dev/null
	ip -n "$NS_GWA" link show rampart0 >/dev/null 2>&1 && fail "$VARIANT: TUN left behind after close"
	netns_down
	log "$VARIANT: PASS"
}

run_variant raw raw "aes:$(hexkey 32)" "sha256:$(hexkey 32)" "aes:$(hexkey 32)" "sha256:$(hexkey 32)"
run_variant udp udp "aesgcm16:$(hexkey 20)" none "aesgcm16:$(hexkey 20)" none
log "esp-static: all variants PASS"
