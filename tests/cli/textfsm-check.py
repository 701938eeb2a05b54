#!/usr/bin/env python3
"""textfsm-check.py TEMPLATE < output

Parses the output on stdin with a TextFSM template (the ntc-templates ones for Cisco
show commands) and exits 0 only when the template accepts the text and records at
least one row. Prints the rows (one per line, Value=... pairs) so a failing test shows
what the parser saw. Exit 1: no record; 2: the template rejected the text (an Error
rule fired) or could not be loaded; 77: python3-textfsm is not installed (automake's
"skipped")."""
import os
import sys

SYSTEM_PYTHON = "/usr/bin/python3"   # where the Debian package installs the module

# this script's directory holds a textfsm/ folder of templates: not the module
del sys.path[0]

try:
    import textfsm
except ImportError:
    # a python3 earlier on PATH (a version manager's) does not see Debian's packages
    if os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) and os.access(SYSTEM_PYTHON, os.X_OK):
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    print("python3-textfsm is not installed", file=sys.stderr)
    sys.exit(77)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1]) as fh:
            fsm = textfsm.TextFSM(fh)
        rows = fsm.ParseText(sys.stdin.read())
    except (OSError, textfsm.Error) as err:
        print(f"{sys.argv[1]}: {err}", file=sys.stderr)
        return 2
    for row in rows:
        print(" ".join(f"{k}={v}" for k, v in zip(fsm.header, row) if v not in ("", [])))
    if not rows:
        print(f"{sys.argv[1]}: no record", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
