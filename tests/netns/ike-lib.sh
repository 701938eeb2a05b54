# shellcheck shell=bash
# Helpers of the IKE interop tests, on top of lib.sh (the four namespaces):
#   iketool_start NS NAME CONF [args]   the engine under test in NS (status in $IKE_DIR/NAME.status)
#   iketool_stop NAME
#   charon_start NS / charon_stop NS    strongSwan 5.9 with kernel-libipsec, private /run
#                                       (CHARON_LOG_DEFAULT, CHARON_LOG_IKE and CHARON_EXTRA,
#                                       more settings, change its strongswan.conf)
#   swc NS swanctl-args...
#   swanctl_load NS FILE
#   capture_start NS FILE / capture_stop
#   tshark_check PCAP [UAT]             no malformed packet; prints "isakmp=N esp=N decrypted=N"
#   charon_uat NS OUT                   icookie,Ka lines from charon's ike=4 log (Wireshark UAT)
#   status_has NAME REGEX [SECS]
# Everything lives in $IKE_DIR (under lib.sh's temporary directory) and is stopped at exit.

IKE_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IKETOOL=${IKETOOL:-$PWD/tests/tools/iketool}
[ -x "$IKETOOL" ] || IKETOOL=$IKE_HERE/../tools/iketool
CHARON=${CHARON:-/usr/lib/ipsec/charon}
IKE_DIR=
declare -A IKETOOL_PID CHARON_PID
CAPTURE_PID=

ike_require_tools() {
	[ -x "$IKETOOL" ] || { echo "iketool not built (make check builds it)"; exit 99; }
	for t in "$@"; do
		case $t in
		charon) [ -x "$CHARON" ] && command -v swanctl >/dev/null || { echo "SKIP: no strongSwan charon/swanctl"; exit 77; } ;;
		*) command -v "$t" >/dev/null || { echo "SKIP: no $t"; exit 77; } ;;
		esac
	done
}

ike_setup() {
	IKE_DIR=$NETNS_TMP/ike
	mkdir -p "$IKE_DIR"
	trap ike_teardown EXIT
}

ike_teardown() {
	local name ns
	capture_stop
	# IKE_KEEP=DIR keeps logs, statuses and captures there
	[ -n "${IKE_KEEP:-}" ] && [ -n "$IKE_DIR" ] && mkdir -p "$IKE_KEEP" && cp -r "$IKE_DIR"/. "$IKE_KEEP"/
	for name in "${!IKETOOL_PID[@]}"; do iketool_stop "$name"; done
	for ns in "${!CHARON_PID[@]}"; do charon_stop "$ns"; done
	netns_down
}

# ---- the engine under test ------------------------------------------------------------------------

iketool_start() {
	local ns=$1 name=$2 conf=$3; shift 3
	ip netns exec "$ns" "$IKETOOL" -c "$conf" -s "$IKE_DIR/$name.status" "$@" >"$IKE_DIR/$name.log" 2>&1 &
	IKETOOL_PID[$name]=$!
	wait_for_line "$IKE_DIR/$name.log" 'iketool: ready' 5 || fail "iketool $name did not start: $(cat "$IKE_DIR/$name.log")"
}

iketool_stop() {
	local name=$1 pid=${IKETOOL_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	unset "IKETOOL_PID[$name]"
}

status_has() {
	local name=$1 regex=$2 secs=${3:-5}
	wait_for_line "$IKE_DIR/$name.status" "$regex" "$secs"
}

# The value of KEY on the first status line matching REGEX.
status_field() {
	grep -E "$2" "$IKE_DIR/$1.status" 2>/dev/null | head -1 | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# ---- strongSwan ----------------------------------------------------------------------------------------

charon_dir() { echo "$IKE_DIR/charon-$1"; }

charon_conf() {
	local d=$1 plugins="random nonce aes sha1 sha2 md5 hmac gmp gcrypt kernel-libipsec kernel-netlink socket-default vici pem pkcs1 x509 pubkey"
	# openssl and gcm bring the ECP groups and AES-GCM when installed
	[ -f /usr/lib/ipsec/plugins/libstrongswan-openssl.so ] && plugins="openssl gcm $plugins"
	cat >"$d/strongswan.conf" <<-EOF
	charon {
	    load_modular = no
	    # kernel-libipsec before kernel-netlink: it provides the SA/policy interface (userspace ESP)
	    load = $plugins
	    i_dont_care_about_security_and_use_aggressive_mode_psk = yes
	    install_routes = yes
	    ${CHARON_EXTRA:-}
	    routing_table = 220
	    routing_table_prio = 220
	    retransmit_timeout = 2.0
	    retransmit_tries = 3
	    filelog {
	        charon {
	            path = $d/charon.log
	            time_format = %H:%M:%S
	            time_add_ms = yes
	            ike_name = yes
	            default = ${CHARON_LOG_DEFAULT:-1}
	            ike = ${CHARON_LOG_IKE:-4}
	        }
	    }
	    syslog {
	        daemon {
	            default = -1
	        }
	    }
	    plugins {
	        vici {
	            socket = unix://$d/charon.vici
	        }
	    }
	}
	swanctl {
	    socket = unix://$d/charon.vici
	}
	EOF
}

swc() {
	local d; d=$(charon_dir "$1"); shift
	STRONGSWAN_CONF=$d/strongswan.conf swanctl "$@"
}

charon_start() {
	local ns=$1 d i
	d=$(charon_dir "$ns")
	mkdir -p "$d/run" "$d/swanctl"
	(cd "$d/swanctl" && mkdir -p x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12)
	charon_conf "$d"
	# charon's pid file is fixed at /run/charon.pid: give it a private /run.
	ip netns exec "$ns" unshare -m --propagation private \
		sh -c "mount --bind '$d/run' /run && exec env STRONGSWAN_CONF='$d/strongswan.conf' '$CHARON'" \
		>"$d/charon.stdout" 2>&1 </dev/null &
	CHARON_PID[$ns]=$!
	for ((i = 0; i < 100; i++)); do
		[ -S "$d/charon.vici" ] && swc "$ns" --stats >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	fail "charon in $ns did not start: $(cat "$d/charon.stdout")"
}

charon_stop() {
	local ns=$1 pid=${CHARON_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	unset "CHARON_PID[$ns]"
}

swanctl_load() {
	local ns=$1 f=$2 d
	d=$(charon_dir "$ns")
	cp "$f" "$d/swanctl/$(basename "$f")"
	swc "$ns" --load-all --clear --noprompt --file "$d/swanctl/$(basename "$f")" >"$d/load.out" 2>&1 ||
		fail "swanctl --load-all $f: $(cat "$d/load.out")"
}

# icookie,Ka for Wireshark's ikev1_decryption_table: charon logs Ka at ike=4 under the
# IKE_SA's unique id; `swanctl --list-sas --raw` (saved while it was up) maps that id
# to the initiator cookie.
charon_uat() {
	local ns=$1 listsas=$2 d
	d=$(charon_dir "$ns")
	python3 - "$d/charon.log" "$listsas" <<-'EOF'
	import re, sys
	ka, cur = {}, None
	for line in open(sys.argv[1], errors='replace'):
	    m = re.search(r'\|(\d+)> encryption key Ka => (\d+) bytes', line)
	    if m:
	        cur = [m.group(1), int(m.group(2)), '']
	        continue
	    h = re.search(r'\|(\d+)>\s+\d+: ((?:[0-9A-F]{2} ){1,16})', line) if cur else None
	    if h and h.group(1) == cur[0]:
	        cur[2] += h.group(2).replace(' ', '').lower()
	        if len(cur[2]) >= 2 * cur[1]:
	            ka[cur[0]] = cur[2][:2 * cur[1]]
	            cur = None
	    else:
	        cur = None
	seen = set()
	for m in re.finditer(r'uniqueid=(\d+) version=1 .*?initiator-spi=([0-9a-f]{16})', open(sys.argv[2]).read()):
	    if m.group(1) in ka and m.group(2) not in seen:
	        seen.add(m.group(2))
	        print(m.group(2) + ',' + ka[m.group(1)])
	EOF
}

# ---- captures -------------------------------------------------------------------------------------------

capture_start() {
	local ns=$1 file=$2 i
	ip netns exec "$ns" tcpdump --immediate-mode -U -B 4096 -n -i wan0 -w "$file" 'udp port 500 or udp port 4500 or esp' \
		2>"$file.err" &
	CAPTURE_PID=$!
	for ((i = 0; i < 50; i++)); do grep -q 'listening on' "$file.err" 2>/dev/null && return 0; sleep 0.05; done
	fail "tcpdump did not start: $(cat "$file.err")"
}

capture_stop() {
	[ -n "$CAPTURE_PID" ] || return 0
	sleep 0.2
	kill -INT "$CAPTURE_PID" 2>/dev/null && wait "$CAPTURE_PID" 2>/dev/null
	CAPTURE_PID=
}

# Decodes a capture (decrypting IKEv1 when a UAT is given); fails on any malformed
# packet or dissector error. Prints "isakmp=N esp=N decrypted=N".
tshark_check() {
	local pcap=$1 uat=${2:-} wsdir="$IKE_DIR/wireshark" bad
	mkdir -p "$wsdir"
	: >"$wsdir/ikev1_decryption_table"
	[ -n "$uat" ] && cp "$uat" "$wsdir/ikev1_decryption_table"
	export WIRESHARK_CONFIG_DIR=$wsdir
	bad=$(tshark -r "$pcap" -Y '_ws.malformed || _ws.expert.severity == error' 2>/dev/null | head -5)
	[ -z "$bad" ] || { log "tshark finds malformed packets in $(basename "$pcap"): $bad"; echo MALFORMED; return 1; }
	printf 'isakmp=%s esp=%s decrypted=%s\n' \
		"$(tshark -r "$pcap" -Y isakmp 2>/dev/null | wc -l)" \
		"$(tshark -r "$pcap" -Y esp 2>/dev/null | wc -l)" \
		"$(tshark -r "$pcap" -Y 'isakmp.flag_e == 1 && (isakmp.hash || isakmp.id.type)' 2>/dev/null | wc -l)"
}
