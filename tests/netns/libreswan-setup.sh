# shellcheck shell=bash
# Prepares what ike-libreswan.sh needs, from the repository alone, in a cache directory:
#
#   CACHE/libreswan/         libreswan (pluto, whack, addconn) and NSS's certutil, unpacked
#                            with dpkg -x, never installed: libreswan conflicts with the
#                            strongSwan packages the other tiers use, and /etc, /usr stay
#                            untouched. Library packages they need that are not installed
#                            are unpacked there too (found from the Depends of each .deb).
#   CACHE/fake-xfrm-sa.so    tests/netns/fake-xfrm-sa.c built with cc: pluto's SA
#                            installation is answered there, this kernel has no ESP.
#   CACHE/debs/              the downloaded .deb files, reused by the next run.
#
# Idempotent and safe to run concurrently (flock): a complete cache is left as it is, a
# changed shim source is rebuilt. Not a tier script (mode 644); run it or source it:
#
#   bash tests/netns/libreswan-setup.sh [CACHE]   # default <tmp>/ikev1-rig/cache
#   . tests/netns/libreswan-setup.sh; libreswan_setup CACHE
#
# Exit status: 0 ready, 77 a package could not be downloaded (no network, no package
# lists), 1 anything else. Needs root only when the package lists must be updated.

LSW_SETUP_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# the programs the test runs, relative to the unpacked tree
LSW_PROGRAMS="usr/libexec/ipsec/pluto usr/libexec/ipsec/whack usr/libexec/ipsec/addconn usr/bin/certutil"
LSW_TOP_PACKAGES="libreswan libnss3-tools"

lsw_say() { echo "libreswan-setup: $*" >&2; }

lsw_libdirs() { echo "$1/usr/lib/$(uname -m)-linux-gnu:$1/lib/$(uname -m)-linux-gnu"; }

lsw_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

# Prints "PROGRAM: LIBRARY" for each library a program of tree $1 cannot load.
lsw_unresolved() {
	local tree=$1 program
	for program in $LSW_PROGRAMS; do
		if [ ! -x "$tree/$program" ]; then
			echo "$program: missing"
			continue
		fi
		LD_LIBRARY_PATH=$(lsw_libdirs "$tree") ldd "$tree/$program" 2>&1 |
			awk -v p="$program" '/not found/ { print p ": " $1 }'
	done
}

lsw_ready() {
	local cache=$1
	[ -f "$cache/libreswan/.complete" ] && [ -z "$(lsw_unresolved "$cache/libreswan")" ] || return 1
	[ -f "$cache/fake-xfrm-sa.so" ] && [ ! "$LSW_SETUP_SRC/fake-xfrm-sa.c" -nt "$cache/fake-xfrm-sa.so" ]
}

# The cache sits in the world-writable tmp directory and pluto preloads a library from
# it: each directory from the cache up to tmp must be ours and not a symbolic link.
lsw_own_dirs() {
	local dir=$1 top
	top=$(dirname "$(mktemp -u)")
	mkdir -p "$dir" || return 1
	while :; do
		if [ -L "$dir" ] || [ ! -O "$dir" ]; then
			lsw_say "$dir is not a directory owned by $(id -un); remove it or choose another RIG_CACHE"
			return 1
		fi
		case $dir in "$top"/*/*) dir=${dir%/*} ;; *) return 0 ;; esac
	done
}

LSW_LISTS_UPDATED=0
# apt-get download PACKAGES into directory $1. A failure is retried once after updating
# the package lists (they may be missing or older than the mirror).
lsw_download() {
	local dir=$1
	shift
	# apt drops root to _apt for downloads and warns unless _apt may write here
	id _apt >/dev/null 2>&1 && chown _apt "$dir"
	(cd "$dir" && apt-get download -q "$@" >&2) && return 0
	[ $LSW_LISTS_UPDATED = 0 ] || return 1
	LSW_LISTS_UPDATED=1
	lsw_say "download failed; updating the package lists and trying again"
	apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || return 1
	(cd "$dir" && apt-get download -q "$@" >&2)
}

# The newest downloaded .deb of package $1 in directory $2.
# shellcheck disable=SC2012 # Debian package file names, no blanks or newlines
lsw_deb_of() { ls -t "$2/$1"_*.deb 2>/dev/null | head -1; }

# Depends and Pre-Depends of a .deb, one alternative group a line, "a|b".
lsw_deb_depends() {
	dpkg-deb -f "$1" Pre-Depends Depends |
		sed -e 's/^[A-Za-z-]*: //' -e 's/([^)]*)//g' -e 's/:[a-z0-9]*//g' -e 's/ //g' |
		tr ',' '\n' | sed '/^$/d'
}

# From alternative group $1: nothing when one is installed or already chosen, else the
# first library package (only libraries are needed; tools like iptables are not run).
lsw_pick() {
	local alternative
	for alternative in ${1//|/ }; do
		lsw_installed "$alternative" && return 0
		case " $2 " in *" $alternative "*) return 0 ;; esac
	done
	for alternative in ${1//|/ }; do
		case $alternative in lib*) echo "$alternative"; return 0 ;; esac
	done
}

# Downloads the top packages and, level by level, the libraries they need that are not
# installed, and unpacks each into tree $1. Returns 77 when a download fails.
lsw_fetch_tree() {
	local tree=$1 debs=$2 wanted=$LSW_TOP_PACKAGES done_list="" level package group pick deb next
	level=$wanted
	while [ -n "$level" ]; do
		next=""
		local fetch=""
		for package in $level; do [ -n "$(lsw_deb_of "$package" "$debs")" ] || fetch="$fetch $package"; done
		if [ -n "$fetch" ]; then
			lsw_say "downloading$fetch"
			# shellcheck disable=SC2086
			lsw_download "$debs" $fetch || return 77
		fi
		for package in $level; do
			deb=$(lsw_deb_of "$package" "$debs")
			[ -n "$deb" ] || { lsw_say "no .deb of $package after download"; return 77; }
			dpkg -x "$deb" "$tree" || { lsw_say "dpkg -x $deb failed"; return 1; }
			lsw_say "unpacked $(basename "$deb")"
			done_list="$done_list $package"
			while read -r group; do
				pick=$(lsw_pick "$group" "$done_list $level $next")
				[ -n "$pick" ] && next="$next $pick"
			done < <(lsw_deb_depends "$deb")
		done
		level=$next
	done
}

lsw_build_tree() {
	local cache=$1 tree bad rc
	tree=$(mktemp -d "$cache/libreswan.new.XXXXXX") || return 1
	lsw_fetch_tree "$tree" "$cache/debs"
	rc=$?
	if [ $rc = 0 ]; then
		bad=$(lsw_unresolved "$tree")
		if [ -n "$bad" ]; then
			lsw_say "still unresolved after unpacking: ${bad//$'\n'/; }"
			rc=1
		fi
	fi
	if [ $rc != 0 ]; then
		rm -rf "$tree"
		return $rc
	fi
	touch "$tree/.complete"
	rm -rf "$cache/libreswan"
	mv "$tree" "$cache/libreswan"
}

lsw_build_shim() {
	local cache=$1 compiler
	compiler=$(command -v cc || command -v gcc) || { lsw_say "no C compiler"; return 1; }
	"$compiler" -shared -fPIC -O2 -Wall -Wextra -Werror -o "$cache/fake-xfrm-sa.so.new" \
		"$LSW_SETUP_SRC/fake-xfrm-sa.c" -ldl || return 1
	mv "$cache/fake-xfrm-sa.so.new" "$cache/fake-xfrm-sa.so"
	lsw_say "built $cache/fake-xfrm-sa.so"
}

lsw_setup_locked() {
	local cache=$1 rc
	if [ -f "$cache/libreswan/.complete" ] && [ -z "$(lsw_unresolved "$cache/libreswan")" ]; then
		lsw_say "libreswan: present"
	else
		mkdir -p "$cache/debs" || return 1
		lsw_build_tree "$cache" || { rc=$?; return $rc; }
	fi
	if [ -f "$cache/fake-xfrm-sa.so" ] && [ ! "$LSW_SETUP_SRC/fake-xfrm-sa.c" -nt "$cache/fake-xfrm-sa.so" ]; then
		lsw_say "shim: up to date"
	else
		lsw_build_shim "$cache" || return 1
	fi
	lsw_ready "$cache"
}

# libreswan_setup [CACHE]: see the header. Runs in a subshell, so the caller's shell
# options, traps and descriptors are left alone.
libreswan_setup() (
	cache=${1:-$(dirname "$(mktemp -u)")/ikev1-rig/cache}
	case $cache in /*) ;; *) cache=$PWD/$cache ;; esac
	lsw_ready "$cache" && exit 0
	lsw_own_dirs "$cache" || exit 1
	exec 9>"$cache/.setup.lock" || exit 1
	flock 9 || exit 1
	lsw_setup_locked "$cache"
)

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	libreswan_setup "${1:-${RIG_CACHE:-}}"
	exit $?
fi
