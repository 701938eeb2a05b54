# shellcheck shell=bash
# Helpers of the tests that run rampartd itself in the namespaces of lib.sh:
#   rampartd_start NS NAME PERSONALITY STARTUP [DATAPLANE]
#       rampartd -F in NS with a bootstrap file mapping GigabitEthernet0/0 -> wan0 and
#       GigabitEthernet0/1 -> lan0; its log is $RD_DIR/NAME.log, its socket $RD_DIR/NAME.sock;
#       RD_LOG_LEVEL sets its log_level (default debugging)
#   rampartd_stop NAME          SIGTERM and wait (the daemon removes what it installed)
#   rcli NAME "command"         one command through rampart(1), privilege 15
#   rcli_has NAME "command" REGEX [SECS]   until the output matches
#   rd_asa_site_a               the ASA startup-config of gwA the tests share (AES-256,
#                               SHA, group 14, PFS group 14, PSK $PSK, lanA <-> lanB)
#   rd_ios_site_b [KEY_ADDRESS] its IOS counterpart for gwB; the key is for gwA's address
#                               unless KEY_ADDRESS says otherwise ("0.0.0.0 0.0.0.0": anyone)
# Everything is stopped at exit (rd_teardown, which also runs netns_down).
RD_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RAMPARTD=${RAMPARTD:-$PWD/rampartd}
[ -x "$RAMPARTD" ] || RAMPARTD=$RD_HERE/../../rampartd
RAMPART=${RAMPART:-$PWD/rampart}
[ -x "$RAMPART" ] || RAMPART=$RD_HERE/../../rampart
RD_DIR=
declare -A RAMPARTD_PID

rd_asa_site_a() {
	cat <<EOF
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
crypto ipsec ikev1 transform-set AES256-SHA esp-aes-256 esp-sha-hmac
crypto map OUT 10 match address TO-B
crypto map OUT 10 set peer $WAN_B
crypto map OUT 10 set ikev1 transform-set AES256-SHA
crypto map OUT 10 set pfs group14
crypto map OUT interface outside
crypto ikev1 enable outside
crypto ikev1 policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 14
 lifetime 86400
tunnel-group $WAN_B type ipsec-l2l
tunnel-group $WAN_B ipsec-attributes
 ikev1 pre-shared-key $PSK
EOF
}

rd_ios_site_b() {
	cat <<EOF
hostname gwB
crypto isakmp policy 10
 encr aes 256
 hash sha
 authentication pre-share
 group 14
crypto isakmp key $PSK address ${1:-$WAN_A}
crypto ipsec transform-set AES256-SHA esp-aes 256 esp-sha-hmac
 mode tunnel
crypto map WAN 10 ipsec-isakmp
 set peer $WAN_A
 set transform-set AES256-SHA
 set pfs group14
 match address TO-A
interface GigabitEthernet0/0
 ip address $WAN_B 255.255.255.0
 crypto map WAN
interface GigabitEthernet0/1
 ip address $LAN_B_GW 255.255.255.0
ip access-list extended TO-A
 permit ip 10.2.0.0 0.0.0.255 10.1.0.0 0.0.0.255
EOF
}

rd_require() {
	[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "rampartd/rampart not built"; exit 99; }
}

rd_setup() {
	RD_DIR=$NETNS_TMP/rampartd
	mkdir -p "$RD_DIR"
	trap rd_teardown EXIT
}

rd_teardown() {
	local name
	# RD_KEEP=DIR keeps the logs and configurations there
	[ -n "${RD_KEEP:-}" ] && [ -n "$RD_DIR" ] && mkdir -p "$RD_KEEP" && cp -r "$RD_DIR"/. "$RD_KEEP"/
	for name in "${!RAMPARTD_PID[@]}"; do rampartd_stop "$name"; done
	declare -F rd_extra_teardown >/dev/null && rd_extra_teardown
	netns_down
}

rampartd_start() {
	local ns=$1 name=$2 pers=$3 startup=$4 dp=${5:-userspace}
	cat >"$RD_DIR/$name.conf" <<-EOF
	vty_socket = "$RD_DIR/$name.sock";
	startup_config = "$startup";
	personality = "$pers";
	dataplane = "$dp";
	tun_name = "rampart0";
	log_level = "${RD_LOG_LEVEL:-debugging}";
	interfaces = (
	  { name = "GigabitEthernet0/0"; link = "wan0"; },
	  { name = "GigabitEthernet0/1"; link = "lan0"; }
	);
	EOF
	ip netns exec "$ns" "$RAMPARTD" -F -f "$RD_DIR/$name.conf" >"$RD_DIR/$name.log" 2>&1 &
	RAMPARTD_PID[$name]=$!
	wait_for_line "$RD_DIR/$name.log" 'rampartd .* started' 5 || fail "rampartd $name did not start: $(cat "$RD_DIR/$name.log")"
	! grep -q "$(basename "$startup"):[0-9]*:" "$RD_DIR/$name.log" ||
		fail "rampartd $name rejected startup-config lines: $(grep "$(basename "$startup"):[0-9]*:" "$RD_DIR/$name.log")"
}

rampartd_stop() {
	local name=$1 pid=${RAMPARTD_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	unset "RAMPARTD_PID[$name]"
}

rcli() {
	"$RAMPART" -s "$RD_DIR/$1.sock" -c "$2" 2>&1
}

rcli_has() {
	local name=$1 cmd=$2 regex=$3 secs=${4:-5} i
	for ((i = 0; i < secs * 10; i++)); do
		rcli "$name" "$cmd" | grep -Eq "$regex" && return 0
		sleep 0.1
	done
	return 1
}
