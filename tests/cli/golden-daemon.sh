#!/bin/sh
# The golden transcripts once more, this time through a real rampartd and the rampart
# client (rampart -t) instead of the in-process driver: the socket protocol, the
# daemon's session handling and the login privilege are on the path.
# Run from the build directory (make check does).
srcdir=${srcdir:-$(dirname "$0")/../..}
[ -x ./rampartd ] && [ -x ./rampart ] || { echo "SKIP: rampartd or rampart not built"; exit 77; }
command -v setpriv > /dev/null || { echo "SKIP: setpriv missing"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root to connect as an unprivileged user"; exit 77; }
CLIRUN="$srcdir/tests/cli/clirun-daemon" exec sh "$srcdir/tests/cli/run-golden.sh" "$@"
