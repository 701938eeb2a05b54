#!/bin/sh
# rampart as an SSH login shell, through a real OpenSSH server on loopback:
#  - `ssh admin@host 'show running-config'` (sshd runs `$SHELL -c CMD`);
#  - an interactive login lands at `hostname>`, `enable` asks Password: without echo,
#    configure, `write memory`, log out; rampartd restarts and the change is back.
# Needs root (it adds users, a group and an /etc/shells line, all removed at the end)
# and openssh-server; skipped (77) without them. Run from the build directory.
set -u
RAMPARTD=${RAMPARTD:-$PWD/rampartd}
RAMPART=${RAMPART:-$PWD/rampart}
SSHD=${SSHD:-/usr/sbin/sshd}
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
[ -x "$SSHD" ] && command -v ssh >/dev/null && command -v ssh-keygen >/dev/null ||
	{ echo "SKIP: openssh-server/openssh-client not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$RAMPARTD" ] && [ -x "$RAMPART" ] || { echo "SKIP: not built"; exit 77; }

tmp=$(mktemp -d /tmp/rampart-ssh.XXXXXX)
chmod 755 "$tmp"
admin=rampart-t-adm
op=rampart-t-op
group=rampart-t-vty
port=$((22000 + $$ % 1000))
pid=
sshd_pid=
fails=0
cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	userdel "$admin" 2>/dev/null
	userdel "$op" 2>/dev/null
	groupdel "$group" 2>/dev/null
	[ -f "$tmp/shells.orig" ] && cat "$tmp/shells.orig" > /etc/shells
	rm -rf "$tmp"
}
trap cleanup EXIT
for sig in INT TERM HUP; do trap "echo 'Bail out! SIG$sig'; exit 99" $sig; done
ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; fails=$((fails + 1)); }
check() { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

# ---- the login shell: the built rampart, listed in /etc/shells ----
shell=$tmp/rampart
cp "$RAMPART" "$shell"
chmod 755 "$shell"
cp /etc/shells "$tmp/shells.orig"
echo "$shell" >> /etc/shells

groupadd "$group"
for u in "$admin" "$op"; do
	mkdir -p "$tmp/home/$u/.ssh"
	useradd -M -d "$tmp/home/$u" -s "$shell" -G "$group" "$u" || { echo "Bail out! useradd"; exit 99; }
	# Key login only; "*" is no password, where useradd's "!" would lock the account.
	usermod -p "*" "$u"
done

# ---- the daemon: IOS personality, the admin user at privilege 15 ----
sock=$tmp/vty.sock
cat > "$tmp/rampartd.conf" <<CONF
vty_socket = "$sock";
vty_group = "$group";
startup_config = "$tmp/startup-config";
personality = "ios";
CONF
cat > "$tmp/startup-config" <<CONF
hostname R1
enable secret cisco
username $admin privilege 15 secret adminpw
CONF
start_daemon() {
	"$RAMPARTD" -F -f "$tmp/rampartd.conf" 2>>"$tmp/daemon.log" &
	pid=$!
	i=0
	while [ ! -S "$sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -S "$sock" ]
}
check "rampartd starts" start_daemon

# ---- sshd on loopback, key login, the socket passed to the shell ----
ssh-keygen -q -t ed25519 -N '' -f "$tmp/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/userkey"
for u in "$admin" "$op"; do
	cp "$tmp/userkey.pub" "$tmp/home/$u/.ssh/authorized_keys"
	chown -R "$u" "$tmp/home/$u"
done
mkdir -p /run/sshd
cat > "$tmp/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/hostkey
PidFile $tmp/sshd.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
StrictModes no
PrintMotd no
PrintLastLog no
AllowUsers $admin $op
SetEnv RAMPART_SOCKET=$sock
CONF
# Its own session: sshd signals its whole process group when it stops.
setsid "$SSHD" -D -f "$tmp/sshd_config" -E "$tmp/sshd.log" &
sshd_pid=$!
i=0
while ! python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null &&
	[ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

SSH="ssh -p $port -i $tmp/userkey -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes"

# ---- ssh host 'CMD' ----
$SSH "$admin@127.0.0.1" 'show running-config' > "$tmp/out1" 2>&1
check "ssh admin 'show running-config' exits 0" [ $? -eq 0 ]
check "ssh admin 'show running-config' prints the config" grep -qx "hostname R1" "$tmp/out1"
$SSH "$op@127.0.0.1" 'show running-config' > "$tmp/out2" 2>&1
check "a privilege-1 user's privileged command fails with exit 1" [ $? -eq 1 ]

# ---- an interactive login, driven through a pty ----
python3 - "$tmp" "$port" "$op" > "$tmp/session.log" 2>&1 <<'PY'
import os, pty, re, select, sys, time
tmp, port, user = sys.argv[1], sys.argv[2], sys.argv[3]
cmd = ['ssh', '-tt', '-p', port, '-i', tmp + '/userkey', '-o', 'StrictHostKeyChecking=no',
       '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', user + '@127.0.0.1']
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
seen = b''
def expect(pattern, timeout=10):
    global seen
    end = time.time() + timeout
    while time.time() < end:
        m = re.search(pattern, seen)
        if m:
            seen = seen[m.end():]
            return True
        if not select.select([fd], [], [], max(0.0, end - time.time()))[0]:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        sys.stdout.write(chunk.decode(errors='replace'))
        seen += chunk
    print('\nEXPECT FAILED: %r, have %r' % (pattern, seen))
    sys.exit(1)
def send(text):
    os.write(fd, text.encode())
expect(rb'R1>')
send('enable\r')
expect(rb'Password: ')
send('cisco\r')
expect(rb'\r\nR1#')
if b'cisco' in seen:
    print('\nPASSWORD ECHOED'); sys.exit(1)
send('configure terminal\r')
expect(rb'R1\(config\)#')
send('hostname R2\r')
expect(rb'R2\(config\)#')
send('end\r')
expect(rb'R2#')
send('write memory\r')
expect(rb'\[OK\]')
expect(rb'R2#')
send('exit\r')
try:
    while os.read(fd, 4096):
        pass
except OSError:
    pass
_, status = os.waitpid(pid, 0)
print('\nSESSION DONE', os.WEXITSTATUS(status))
sys.exit(0)
PY
check "interactive login: R1>, enable, configure, write memory, exit" [ $? -eq 0 ]
check "the history file is in the user's home" [ -s "$tmp/home/$op/.rampart_history" ]

# ---- restart rampartd: the saved configuration comes back ----
kill -TERM "$pid"
wait "$pid"
pid=
check "rampartd restarts" start_daemon
$SSH "$admin@127.0.0.1" 'show running-config | include hostname' > "$tmp/out3" 2>&1
check "after the restart the saved hostname is back" grep -qx "hostname R2" "$tmp/out3"

if [ $fails -ne 0 ]; then
	for f in session.log out1 out2 out3 daemon.log sshd.log; do echo "--- $f"; cat "$tmp/$f" 2>/dev/null; done
fi
exit $((fails > 0))
