# Generates an ASA startup-config of about `lines` lines for the config benchmarks:
#
#   awk -v lines=10000 -v kind=peers -f bench/gen-config.awk   # site-to-site peers
#   awk -v entries=10000 -v kind=acl -f bench/gen-config.awk   # one big crypto map ACL
#
# peers: a header (interfaces, transform set, IKEv1 policy, map bound to outside) and
#   ten lines per peer: four ACL entries, three crypto map lines, three tunnel-group
#   lines, as a hub with many spokes would have.
# acl: the same header and one crypto map entry whose ACL has `entries` entries.
# No ACL holds the same entry twice (the daemon would refuse the second).
function header() {
	print "hostname bench"
	print "interface GigabitEthernet0/0"
	print " nameif outside"
	print " security-level 0"
	print " ip address 192.0.2.1 255.255.255.0"
	print "interface GigabitEthernet0/1"
	print " nameif inside"
	print " security-level 100"
	print " ip address 10.0.0.1 255.255.255.0"
	print "crypto ipsec ikev1 transform-set AES256-SHA esp-aes-256 esp-sha-hmac"
	print "crypto ikev1 policy 10"
	print " authentication pre-share"
	print " encryption aes-256"
	print " hash sha"
	print " group 14"
	print " lifetime 86400"
	print "crypto map OUTSIDE-MAP interface outside"
	print "crypto ikev1 enable outside"
	return 18
}
# The i-th /24 of 10.0.0.0/8 (i < 65536) and of 172.16.0.0/12 (i < 4096 * 4), and the i-th peer.
function net10(i) { return sprintf("10.%d.%d.0 255.255.255.0", int(i / 256) % 256, i % 256) }
function net172(i) { return sprintf("172.%d.%d.0 255.255.255.0", 16 + int(i / 256) % 16, i % 256) }
function peer(i) { return sprintf("198.%d.%d.%d", 18 + int(i / 65536), int(i / 256) % 256, i % 256 + 0) }
function peers(n,   i, j, p) {
	for (i = 1; i <= n; i++) {
		p = peer(i)
		for (j = 0; j < 4; j++)
			printf "access-list VPN-%d extended permit ip %s %s\n", i, net10(i), net172(4 * i + j)
		printf "crypto map OUTSIDE-MAP %d match address VPN-%d\n", i, i
		printf "crypto map OUTSIDE-MAP %d set peer %s\n", i, p
		printf "crypto map OUTSIDE-MAP %d set ikev1 transform-set AES256-SHA\n", i
		printf "tunnel-group %s type ipsec-l2l\n", p
		printf "tunnel-group %s ipsec-attributes\n", p
		printf " ikev1 pre-shared-key bench-key-%d\n", i
	}
}
function big_acl(n,   i) {
	print "crypto map OUTSIDE-MAP 10 match address BIG"
	print "crypto map OUTSIDE-MAP 10 set peer 198.18.0.1"
	print "crypto map OUTSIDE-MAP 10 set ikev1 transform-set AES256-SHA"
	print "tunnel-group 198.18.0.1 type ipsec-l2l"
	print "tunnel-group 198.18.0.1 ipsec-attributes"
	print " ikev1 pre-shared-key bench-key"
	# host pairs: 10.0.0.0/8 by 172.16.0.0/12 spans far more than any n used here
	for (i = 0; i < n; i++)
		printf "access-list BIG extended permit ip host 10.%d.%d.%d host 172.16.%d.%d\n",
			int(i / 65536) % 256, int(i / 256) % 256, i % 256, int(i / 256) % 256, i % 256
}
BEGIN {
	used = header()
	if (kind == "acl")
		big_acl(entries)
	else
		peers(int((lines - used) / 10))
}
