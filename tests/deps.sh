#!/bin/bash
# Installs, with apt-get, everything the build and every test tier need on Debian 12.
# Shared by .ci/run (a clean clone on a fresh machine) and the README's commands.
# Idempotent and quiet: asks apt only when a package is missing, prints one line
# per action. Needs root. `tests/deps.sh --list` prints the package names only.
set -euo pipefail

PKGS=(
	# build
	build-essential autoconf automake libtool pkg-config git
	libnl-3-dev libnl-xfrm-3-dev libnl-route-3-dev libsodium-dev libconfig-dev libssl-dev
	libreadline-dev libcrypt-dev
	# gates: sanitizers and libFuzzer (clang), memcheck, static analysis
	clang libclang-rt-14-dev clang-tidy valgrind cppcheck
	# namespace tiers: strongSwan as the reference peer, captures, fault injection
	strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-extra-plugins
	libstrongswan-standard-plugins nftables tcpdump tshark iproute2 iputils-ping procps
	python3 python3-textfsm iperf3
	# CLI tier: a real sshd and a scripted terminal
	openssh-server expect
	# VM tier: a stock Debian kernel under QEMU (tests/vm)
	qemu-system-x86 busybox-static xz-utils
)

if [ "${1:-}" = --list ]; then
	printf '%s\n' "${PKGS[@]}"
	exit 0
fi
[ "$(id -u)" = 0 ] || { echo "deps.sh: run as root (apt-get)" >&2; exit 1; }

installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

missing=()
for p in "${PKGS[@]}"; do installed "$p" || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#PKGS[@]} packages present"
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture: no, and do not ask.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
echo "deps: installing ${missing[*]}"
# Another apt may hold the lock for a while (unattended upgrades on a fresh VM).
apt_quiet() { apt-get -o DPkg::Lock::Timeout=600 -qq "$@" >/dev/null; }
apt_quiet update
apt_quiet install -y --no-install-recommends "${missing[@]}"
echo "deps: done"
