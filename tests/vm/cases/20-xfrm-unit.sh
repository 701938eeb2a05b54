# The xfrm backend's unit test under a kernel with ESP: here its SA checks
# (install over a reserved SPI, AEAD with a 1024-packet window over UDP, update,
# delete, counters) run instead of being skipped as on a host without esp4.
set -u
out=$("$BUILDDIR/tests/unit/test_xfrm" 2>&1); rc=$?
echo "$out"
echo "$out" | grep -q 'no ESP' && { echo "FAIL: the SA checks were skipped"; exit 1; }
exit $rc
