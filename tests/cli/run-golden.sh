#!/bin/sh
# Golden transcripts: each tests/cli/golden/NAME.asa.txt or NAME.ios.txt is a screen as a
# person sees it (prompt + typed line, then the output). The typed lines are taken back
# out of it (the text after the prompt on prompt lines, the answer after a question),
# replayed through tests/tools/clirun, and the screen clirun prints must equal the file.
#
#   run-golden.sh [-r] [FILE...]    (default: every golden file)
#   -r  rewrite each file with what clirun prints (then read the diff before committing)
#
# A transcript whose first prompt ends in '>' starts at user EXEC (privilege 1).
# Run from the build directory (make check does).
set -u
CLIRUN=${CLIRUN:-./tests/tools/clirun}
[ -x "$CLIRUN" ] || { echo "SKIP: $CLIRUN not built"; exit 77; }
srcdir=${srcdir:-$(dirname "$0")/../..}
export CLIRUN_FIXED_TIME=1

regen=false
if [ "${1:-}" = "-r" ]; then
	regen=true
	shift
fi
[ $# -gt 0 ] || set -- "$srcdir"/tests/cli/golden/*.asa.txt "$srcdir"/tests/cli/golden/*.ios.txt

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rampart-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# typed_lines FILE PERSONALITY: the lines to replay. A prompt is HOST[(MODE)]# or > (ASA
# adds a space); questions are the ones the product asks. The last line, the prompt
# the session was left waiting at (with what a last `?` line left typed on it), is not
# a typed line.
typed_lines() {
	awk -v asa="$2" '
	function take(text) { n++; typed[n] = text; at[n] = NR }
	/^[A-Za-z][-A-Za-z0-9._]*(\([-A-Za-z0-9]+\))?[#>]/ {
		match($0, /^[A-Za-z][-A-Za-z0-9._]*(\([-A-Za-z0-9]+\))?[#>]/)
		rest = substr($0, RLENGTH + 1)
		if (asa == "1" && substr(rest, 1, 1) == " ")
			rest = substr(rest, 2)
		take(rest)
		next
	}
	/^Password: / { take(substr($0, 11)); next }
	/^Destination filename \[startup-config\]\? / { take(substr($0, 41)); next }
	/\[confirm\]/ { take(substr($0, index($0, "[confirm]") + 9)); next }
	/\[yes\/no\]: / { take(substr($0, index($0, "[yes/no]: ") + 10)); next }
	END {
		if (n > 0 && at[n] == NR && (typed[n] == "" || (n > 1 && typed[n - 1] == typed[n] "?")))
			n--
		for (i = 1; i <= n; i++)
			print typed[i]
	}' "$1"
}

first_prompt_is_user() {
	awk 'BEGIN { user = 0 }
	/^[A-Za-z][-A-Za-z0-9._]*(\([-A-Za-z0-9]+\))?[#>]/ {
		match($0, /^[A-Za-z][-A-Za-z0-9._]*(\([-A-Za-z0-9]+\))?[#>]/)
		user = substr($0, RLENGTH, 1) == ">"
		exit
	}
	END { exit user ? 0 : 1 }' "$1"
}

fails=0
i=0
for golden in "$@"; do
	i=$((i + 1))
	name=$(basename "$golden")
	case $name in
	*.asa.txt) personality=--asa asa=1 ;;
	*.ios.txt) personality=--ios asa=0 ;;
	*) echo "not ok $i - $name: not NAME.asa.txt or NAME.ios.txt"; fails=$((fails + 1)); continue ;;
	esac
	priv=15
	first_prompt_is_user "$golden" && priv=1
	typed_lines "$golden" "$asa" > "$tmp/in"
	if ! "$CLIRUN" "$personality" --priv "$priv" < "$tmp/in" > "$tmp/out" 2> "$tmp/err"; then
		echo "not ok $i - $name: clirun failed"
		sed 's/^/# /' "$tmp/err"
		fails=$((fails + 1))
		continue
	fi
	if $regen; then
		cp "$tmp/out" "$golden"
		echo "ok $i - $name (rewritten)"
	elif diff -u "$golden" "$tmp/out" > "$tmp/diff"; then
		echo "ok $i - $name"
	else
		echo "not ok $i - $name"
		sed 's/^/# /' "$tmp/diff"
		fails=$((fails + 1))
	fi
done
echo "1..$i"
[ $fails -eq 0 ]
