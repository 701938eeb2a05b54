#!/bin/sh
# Screen-scraper compatibility: a real rampartd per personality, with a startup-config of
# interfaces, access lists, IKEv1 policies, transform sets and crypto maps, answers every
# show command that has a TextFSM template in tests/cli/textfsm/index.txt (the templates
# network automation uses on real IOS and ASA devices). Each output is parsed through that
# index with python3-textfsm; the test fails when a template errors, yields no record or
# yields the wrong values. A command the product does not have yet (the device answers
# "Invalid input") is reported as SKIP with the reason, and is checked as soon as it exists.
# No namespaces and no privileges: any user who can create a unix socket in /tmp runs it.
# Run from the build directory (make check does).
set -u
RAMPARTD=${RAMPARTD:-./rampartd}
RAMPART=${RAMPART:-./rampart}
srcdir=${srcdir:-$(dirname "$0")/../..}
[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "SKIP: $RAMPARTD or $RAMPART not built"; exit 77; }

python=
for py in ${PYTHON:-} /usr/bin/python3 python3; do
	if "$py" -c 'import textfsm.clitable' 2>/dev/null; then python=$py; break; fi
done
[ -n "$python" ] || { echo "SKIP: python3-textfsm is not installed (tests/deps.sh)"; exit 77; }

exec "$python" - "$RAMPARTD" "$RAMPART" "$srcdir/tests/cli/textfsm" <<'PY'
import getpass
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

from textfsm import clitable

# some templates hold regexes newer Pythons warn about; not ours to change
warnings.simplefilter("ignore", FutureWarning)

RAMPARTD, RAMPART, TFSM_DIR = sys.argv[1:4]
INDEX = os.path.abspath(os.path.join(TFSM_DIR, "index.txt"))
TEMPLATES = os.path.abspath(os.path.join(TFSM_DIR, "templates"))
USER = getpass.getuser()
fails = 0


def ok(name):
    print("ok - " + name)


def not_ok(name, why):
    global fails
    fails += 1
    print("not ok - %s: %s" % (name, why))


def skip(name, why):
    print("ok - %s # SKIP %s" % (name, why))


# Interfaces map to links any user can see: one that is up (lo) and one that does not
# exist, so the tables show up/up, down/down and, for a shut interface, administratively
# down. The crypto maps sit on the interface without a link, so no IPsec policy reaches
# the host's kernel.
LINKS = {"GigabitEthernet0/0": "lo", "GigabitEthernet0/1": "rpt-tfsm-nolink"}

# PFS group5, not 14: the crypto-map templates read a one-digit group only.
ASA_CONFIG = """hostname fw-tfsm
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 192.0.2.1 255.255.255.0
 no shutdown
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.1.1.1 255.255.255.0
 no shutdown
interface Management0/0
 shutdown
object-group network INSIDE-NETS
 network-object 10.1.1.0 255.255.255.0
access-list VPN-ACL extended permit ip object-group INSIDE-NETS 172.16.0.0 255.255.0.0
access-list VPN-ACL extended permit tcp any host 10.1.1.10 eq 443
access-list VPN2 extended permit ip 10.1.2.0 255.255.255.0 10.9.0.0 255.255.0.0
crypto ipsec ikev1 transform-set TS-AES esp-aes-256 esp-sha-hmac
crypto ipsec ikev1 transform-set TS-3DES esp-3des esp-md5-hmac
crypto map OUT 10 match address VPN-ACL
crypto map OUT 10 set peer 198.51.100.2
crypto map OUT 10 set ikev1 transform-set TS-AES TS-3DES
crypto map OUT 10 set pfs group5
crypto map OUT 10 set security-association lifetime seconds 28800
crypto map OUT 20 match address VPN2
crypto map OUT 20 set peer 203.0.113.5
crypto map OUT 20 set ikev1 transform-set TS-AES
crypto map OUT interface inside
crypto ikev1 enable inside
crypto ikev1 policy 10
 authentication pre-share
 encryption aes-256
 hash sha
 group 14
 lifetime 28800
crypto ikev1 policy 20
 authentication pre-share
 encryption 3des
 hash md5
 group 2
 lifetime 86400
tunnel-group 198.51.100.2 type ipsec-l2l
tunnel-group 198.51.100.2 ipsec-attributes
 ikev1 pre-shared-key s3cret
"""

IOS_CONFIG = """hostname r-tfsm
crypto isakmp policy 10
 encryption aes 256
 hash sha
 authentication pre-share
 group 14
 lifetime 28800
crypto isakmp key s3cret address 198.51.100.2
crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac
 mode tunnel
access-list 101 permit ip 10.1.1.0 0.0.0.255 172.16.0.0 0.0.255.255
access-list 10 permit 10.1.1.1
ip access-list extended VPN-ACL
 permit ip 10.1.2.0 0.0.0.255 10.9.0.0 0.0.255.255
 permit tcp any host 10.1.1.10 eq 443
crypto map VPN 10 ipsec-isakmp
 set peer 198.51.100.2
 set transform-set TS
 match address 101
 set pfs group14
interface GigabitEthernet0/0
 ip address 192.0.2.1 255.255.255.0
 no shutdown
interface GigabitEthernet0/1
 ip address 10.1.1.1 255.255.255.0
 crypto map VPN
 no shutdown
interface GigabitEthernet0/2
 shutdown
"""

# A user other than root logs in at privilege 1; the running-config shows need 15.
USER_LINE = {
    "asa": "username %s password tfsm-pw privilege 15\n" % USER,
    "ios": "username %s privilege 15 secret tfsm-pw\n" % USER,
}

ANY = re.compile(r".+")
NO_TUNNEL = "no tunnel is up in this tier (no peer), so no record is expected"


def case(platform, command, want=(), count=None, min_records=1, why_empty=None):
    """want: records that must be present (every listed field equal, or matching a
    compiled pattern); count: exact number of records."""
    return dict(platform=platform, command=command, want=list(want), count=count,
                min_records=min_records if why_empty is None else 0, why_empty=why_empty)


def asa_cases(version):
    return [
        case("cisco_asa", "show version", count=1, want=[dict(
            VERSION=version, HOSTNAME="fw-tfsm", UPTIME=re.compile(r"\d+ (sec|secs|min|mins)( \d+ secs?)?"),
            IMAGE=re.compile(r".*rampartd"), HARDWARE=re.compile(r"Rampart .*"),
            INTERFACES=["GigabitEthernet0/0", "GigabitEthernet0/1", "Management0/0"],
            SERIAL=[re.compile(r"[0-9A-F]{8,11}")])]),
        case("cisco_asa", "show interface ip brief", count=3, want=[
            dict(INTERFACE="GigabitEthernet0/0", IP_ADDRESS="192.0.2.1", STATUS="up", PROTO="up"),
            dict(INTERFACE="GigabitEthernet0/1", IP_ADDRESS="10.1.1.1", STATUS="down", PROTO="down"),
            dict(INTERFACE="Management0/0", IP_ADDRESS="unassigned", STATUS="administratively down",
                 PROTO="down")]),
        case("cisco_asa", "show running-config all crypto map", count=2, want=[
            dict(MAP="OUT", SEQ="10", MATCHED_ADDRESS="VPN-ACL", PEER="198.51.100.2", PFS="group5",
                 IKEV1_TRANSFORM_SET="TS-AES TS-3DES", IKEV1_PHASE1_MODE="main", CONNECTION_TYPE="bidirectional",
                 SA_SEC="28800", INTERFACE="inside"),
            dict(MAP="OUT", SEQ="20", MATCHED_ADDRESS="VPN2", PEER="203.0.113.5", IKEV1_TRANSFORM_SET="TS-AES",
                 INTERFACE="inside")]),
        case("cisco_asa", "show running-config crypto ikev1", count=2, want=[
            dict(IKE_VERSION="1", POLICY_ID="10", AUTH_METHOD="pre-share", ENCRYPTION="aes-256",
                 AUTH_ALGORITHM="sha", DH_GROUP="group 14", LIFETIME="28800"),
            dict(IKE_VERSION="1", POLICY_ID="20", AUTH_METHOD="pre-share", ENCRYPTION="3des",
                 AUTH_ALGORITHM="md5", DH_GROUP="group 2", LIFETIME="86400")]),
        case("cisco_asa", "show running-config crypto map", count=2, want=[
            dict(MAP="OUT", SEQ="10", MATCHED_ADDRESS="VPN-ACL", PEER="198.51.100.2", PFS="group5", IKE="ikev1",
                 TRANSFORM="TS-AES TS-3DES", SA="28800"),
            dict(MAP="OUT", SEQ="20", MATCHED_ADDRESS="VPN2", PEER="203.0.113.5", IKE="ikev1",
                 TRANSFORM="TS-AES")]),
        case("cisco_asa", "show running-config ipsec", count=2, want=[
            dict(IKE_VERSION="1", NAME="TS-AES", ENCRYPTION=["esp-aes-256"], AUTH=["esp-sha-hmac"]),
            dict(IKE_VERSION="1", NAME="TS-3DES", ENCRYPTION=["esp-3des"], AUTH=["esp-md5-hmac"])]),
        # brief lists only entries that were hit; nothing crosses this box's ACLs here
        case("cisco_asa", "show access-list VPN-ACL brief",
             why_empty="no ACL entry has been hit, and brief lists only hit entries"),
        case("cisco_asa", "show access-list", want=[
            dict(ACL_NAME="VPN-ACL", ACL_TOT_ELEM="2", ACL_NAME_HASH=re.compile(r"0x[0-9a-f]+")),
            dict(ACL_NAME="VPN-ACL", LINE_NUM="1", TYPE="extended", ACTION="permit", PROTOCOL="ip",
                 SRC_OBJECT_GRP="INSIDE-NETS", DST_NETWORK="172.16.0.0", DST_MASK="255.255.0.0", HIT_COUNT="0"),
            dict(ACL_NAME="VPN-ACL", LINE_NUM="1", ENTRY_SRC_NETWORK="10.1.1.0", ENTRY_SRC_MASK="255.255.255.0",
                 ENTRY_DST_NETWORK="172.16.0.0"),
            dict(ACL_NAME="VPN-ACL", LINE_NUM="2", PROTOCOL="tcp", SRC_ANY="any", DST_HOST="10.1.1.10",
                 DST_PORT="https"),
            dict(ACL_NAME="VPN2", LINE_NUM="1", SRC_NETWORK="10.1.2.0", SRC_MASK="255.255.255.0",
                 DST_NETWORK="10.9.0.0", DST_MASK="255.255.0.0")]),
        case("cisco_asa", "show vpn-sessiondb detail l2l", why_empty=NO_TUNNEL),
        case("cisco_asa", "show crypto ikev1 sa detail", why_empty=NO_TUNNEL),
        case("cisco_asa", "show crypto ipsec sa", why_empty=NO_TUNNEL),
        case("cisco_asa", "show vpn-sessiondb", why_empty=NO_TUNNEL),
    ]


def ios_cases(version):
    return [
        case("cisco_ios", "show version", count=1, want=[dict(
            SOFTWARE_IMAGE="RAMPART-LINUX-M", VERSION=version, RELEASE=ANY, HOSTNAME="r-tfsm",
            UPTIME=re.compile(r"\d+ minutes?"), UPTIME_MINUTES=re.compile(r"\d+"),
            RUNNING_IMAGE=re.compile(r".*rampartd"), RELOAD_REASON="daemon start",
            SERIAL=[re.compile(r"[0-9A-F]{8,11}")], CONFIG_REGISTER="0x2102", RESTARTED=ANY)]),
        case("cisco_ios", "show ip interface brief", count=3, want=[
            dict(INTERFACE="GigabitEthernet0/0", IP_ADDRESS="192.0.2.1", STATUS="up", PROTO="up"),
            dict(INTERFACE="GigabitEthernet0/1", IP_ADDRESS="10.1.1.1", STATUS="down", PROTO="down"),
            dict(INTERFACE="GigabitEthernet0/2", IP_ADDRESS="unassigned", STATUS="administratively down",
                 PROTO="down")]),
        case("cisco_ios", "show ip access-lists", count=7, want=[
            dict(ACL_TYPE="Extended", ACL_NAME="101", LINE_NUM="10", ACTION="permit", PROTOCOL="ip",
                 SRC_NETWORK="10.1.1.0", SRC_WILDCARD="0.0.0.255", DST_NETWORK="172.16.0.0",
                 DST_WILDCARD="0.0.255.255"),
            dict(ACL_TYPE="Standard", ACL_NAME="10", LINE_NUM="10", ACTION="permit", SRC_HOST="10.1.1.1"),
            dict(ACL_TYPE="Extended", ACL_NAME="VPN-ACL", LINE_NUM="20", PROTOCOL="tcp", SRC_ANY="any",
                 DST_HOST="10.1.1.10", DST_PORT_MATCH="eq", DST_PORT="443")]),
        case("cisco_ios", "show access-list", count=4, want=[
            dict(NAME="101", TYPE="Extended", SN="10", ACTION="permit", PROTOCOL="ip",
                 SOURCE="10.1.1.0 0.0.0.255", DESTINATION="172.16.0.0 0.0.255.255"),
            dict(NAME="10", TYPE="Standard", SN="10", ACTION="permit", SOURCE="10.1.1.1"),
            dict(NAME="VPN-ACL", SN="10", PROTOCOL="ip", SOURCE="10.1.2.0 0.0.0.255",
                 DESTINATION="10.9.0.0 0.0.255.255"),
            dict(NAME="VPN-ACL", SN="20", PROTOCOL="tcp", SOURCE="any", DESTINATION="host 10.1.1.10")]),
        case("cisco_ios", "show crypto ipsec sa detail", why_empty=NO_TUNNEL),
        case("cisco_ios", "show crypto session detail", why_empty=NO_TUNNEL),
    ]


class Daemon:
    def __init__(self, personality, config):
        self.dir = tempfile.mkdtemp(prefix="rampart-tfsm.")
        self.sock = os.path.join(self.dir, "vty.sock")
        self.log = os.path.join(self.dir, "daemon.log")
        with open(os.path.join(self.dir, "startup-config"), "w") as f:
            f.write(config + ("" if USER == "root" else USER_LINE[personality]))
        # IKE ports of its own, so that a running daemon or a parallel test does not clash
        port = 20000 + os.getpid() % 20000
        links = ", ".join('{ name = "%s"; link = "%s"; }' % kv for kv in LINKS.items())
        with open(os.path.join(self.dir, "rampartd.conf"), "w") as f:
            f.write('vty_socket = "%s";\nstartup_config = "%s/startup-config";\npersonality = "%s";\n'
                    'ike_port = %d;\nnatt_port = %d;\ninterfaces = ( %s );\n'
                    % (self.sock, self.dir, personality, port, port + 1, links))
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen([RAMPARTD, "-F", "-f", os.path.join(self.dir, "rampartd.conf")],
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        for _ in range(200):
            if os.path.exists(self.sock) or self.proc.poll() is not None:
                break
            time.sleep(0.025)

    def up(self):
        return self.proc.poll() is None and os.path.exists(self.sock)

    def version(self):
        # the daemon logs "started" just after its socket appears: wait for the line
        for _ in range(100):
            with open(self.log) as f:
                m = re.search(r"rampartd (\S+) started", f.read())
            if m:
                return m.group(1)
            time.sleep(0.05)
        return None

    def run(self, command):
        return subprocess.run([RAMPART, "-s", self.sock, "-c", command], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30).stdout

    def stop(self):
        if not os.path.isdir(self.dir):
            return ""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        log = open(self.log).read()
        shutil.rmtree(self.dir, ignore_errors=True)
        return log


def value_matches(got, want):
    if isinstance(want, re.Pattern):
        return isinstance(got, str) and want.fullmatch(got) is not None
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(value_matches(g, w) for g, w in zip(got, want))
    return got == want


def find_record(records, want):
    return any(all(value_matches(r.get(k), v) for k, v in want.items()) for r in records)


def parse(output, c):
    table = clitable.CliTable(INDEX, TEMPLATES)
    table.ParseCmd(output, {"Command": c["command"], "Platform": c["platform"]})
    return [dict(zip(table.header, row)) for row in table]


def template_of(c):
    index = clitable.CliTable(INDEX, TEMPLATES).index
    row = index.GetRowMatch({"Command": c["command"], "Platform": c["platform"]})
    return index.index[row]["Template"] if row else None


def check_case(d, c):
    name = "%s: %s" % (c["platform"], c["command"])
    output = d.run(c["command"])
    if "Invalid input detected" in output:
        skip(name, "the command is not in the product yet (invalid input)")
        return
    try:
        records = parse(output, c)
    except Exception as e:  # a template Error state or a table error: the layout is wrong
        not_ok(name, "template error: %s\n--- output ---\n%s" % (e, output))
        return
    problems = []
    if len(records) < c["min_records"]:
        problems.append("%d records" % len(records))
    if c["count"] is not None and len(records) != c["count"]:
        problems.append("%d records, want %d" % (len(records), c["count"]))
    for want in c["want"]:
        if not find_record(records, want):
            problems.append("no record with %s" % want)
    if problems:
        not_ok(name, "; ".join(problems) + "\n--- output ---\n%s--- records ---\n%s" % (output, records))
    elif not records and c["why_empty"]:
        ok(name + " (parses; no record: %s)" % c["why_empty"])
    else:
        ok(name + " (%d records)" % len(records))


def check_index_covered(cases):
    """Every template of the index is exercised by one of the cases."""
    routed = {template_of(c) for c in cases}
    with open(INDEX) as f:
        templates = [l.split(",")[0].strip() for l in f if ".textfsm," in l]
    missing = [t for t in templates if t not in routed]
    if missing:
        not_ok("every template in the index has a case", ", ".join(missing))
    else:
        ok("every template in the index has a case (%d)" % len(routed))


# Shows with no template in the index: their layout, checked line by line.
CLOCK = r"%s(\d\d):(\d\d):(\d\d)\.\d{3} UTC (Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} [1-9]\d? \d{4}\n"
LAYOUTS = {
    "asa": [
        ("show interface outside", r'Interface GigabitEthernet0/0 "outside", is up, line protocol is up\n'
         r"  Hardware is Linux link lo\n\tMAC address [0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}, MTU \d+\n"
         r"\tIP address 192\.0\.2\.1, subnet mask 255\.255\.255\.0\n(\t.*\n)+"),
        ("show interface Management0/0", r'Interface Management0/0 "", is administratively down, '
         r"line protocol is down\n(.*\n)+"),
    ],
    "ios": [
        ("show interfaces GigabitEthernet0/1", r"GigabitEthernet0/1 is down, line protocol is down \n"
         r"  Hardware is Linux link rpt-tfsm-nolink \(not present\)\n  Internet address is 10\.1\.1\.1/24\n(.*\n)*"),
        ("show interfaces g0/0", r"GigabitEthernet0/0 is up, line protocol is up \n(.*\n)+"),
    ],
}


def seconds_close(a, b):
    """Times of day within 5 s of each other, across midnight too."""
    d = abs(a - b) % 86400
    return min(d, 86400 - d) <= 5


def check_clock(d, personality):
    name = "%s: show clock" % personality
    before = time.time()
    output = d.run("show clock")
    m = re.fullmatch(CLOCK % ("\\*" if personality == "ios" else ""), output)
    now = time.gmtime(before)
    if not m:
        not_ok(name, "layout: %r" % output)
    elif not seconds_close(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)),
                           now.tm_hour * 3600 + now.tm_min * 60 + now.tm_sec):
        not_ok(name, "not the UTC time now: %r" % output)
    else:
        ok(name)


def check_layouts(d, personality):
    check_clock(d, personality)
    for command, pattern in LAYOUTS[personality]:
        output = d.run(command)
        if re.fullmatch(pattern, output):
            ok("%s: %s" % (personality, command))
        else:
            not_ok("%s: %s" % (personality, command), "layout:\n" + output)


def run_personality(personality, config, make_cases):
    d = Daemon(personality, config)
    try:
        if not d.up():
            not_ok("%s: rampartd starts" % personality, d.stop())
            return
        ok("%s: rampartd starts" % personality)
        for c in make_cases(d.version()):
            check_case(d, c)
        check_layouts(d, personality)
    finally:
        check_exit(personality, d)


def check_exit(personality, d):
    """The daemon stops cleanly on SIGTERM, with nothing from the sanitizers in its log."""
    log = d.stop()
    name = "%s: rampartd stops cleanly" % personality
    if d.proc.returncode != 0 or re.search(r"Sanitizer|runtime error:", log):
        not_ok(name, "exit %s\n%s" % (d.proc.returncode, log))
    else:
        ok(name)


run_personality("asa", ASA_CONFIG, asa_cases)
run_personality("ios", IOS_CONFIG, ios_cases)
check_index_covered(asa_cases("") + ios_cases(""))
print("# %d failed" % fails)
sys.exit(1 if fails else 0)
PY
