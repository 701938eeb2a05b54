#!/bin/sh
# The golden transcripts against a real rampartd: a stand-in for tests/tools/clirun with
# the same arguments (--asa|--ios, --priv N) that starts a fresh rampartd on a private
# socket and replays standard input through `rampart -t`. Privilege 1 sessions connect
# as an unprivileged user (nobody), whom the daemon starts at user EXEC.
#   CLIRUN=tests/cli/clirun-daemon.sh tests/cli/run-golden.sh
set -u
RAMPARTD=${RAMPARTD:-./rampartd}
RAMPART=${RAMPART:-./rampart}
personality=asa priv=15
while [ $# -gt 0 ]; do
	case $1 in
	--asa) personality=asa ;;
	--ios) personality=ios ;;
	--priv) priv=$2; shift ;;
	*) echo "clirun-daemon: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rampart-clirun.XXXXXX")
chmod 755 "$tmp"
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null && wait $pid 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
group=$(id -gn nobody 2>/dev/null || echo nogroup)
cat > "$tmp/rampartd.conf" <<CONF
vty_socket = "$tmp/vty.sock";
vty_group = "$group";
startup_config = "$tmp/startup-config";
personality = "$personality";
CONF
"$RAMPARTD" -F -f "$tmp/rampartd.conf" 2> "$tmp/daemon.log" &
pid=$!
i=0
while [ ! -S "$tmp/vty.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -S "$tmp/vty.sock" ] || { cat "$tmp/daemon.log" >&2; exit 1; }
# a user the running-config does not know starts at user EXEC
as_user=
[ "$priv" = 1 ] && as_user="setpriv --reuid=nobody --regid=$group --clear-groups"
# the save's duration varies; clirun prints it as 0.000 under CLIRUN_FIXED_TIME
$as_user "$RAMPART" -s "$tmp/vty.sock" -t | sed 's/^\([0-9]* bytes copied in \)[0-9.]* secs$/\10.000 secs/'
# like clirun: the screen is the product, a failed command is part of it
exit 0
