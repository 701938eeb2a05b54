# shellcheck shell=bash
# The lab's names, shared by lab/start, lab/stop and lab/shell (sourced, not run).
LAB_NS_GWA=siteA-gw
LAB_NS_GWB=siteB-gw
LAB_NS_LANA=lanA
LAB_NS_LANB=lanB
LAB_STATE=/run/rampart-lab
LAB_BUILD=${LAB_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/_build}
