# The guest kernel has what the other cases rely on: XFRM netlink, ESP, veth.
set -eu
ip netns add k
ip -n k link add name va type veth peer name vb
ip -n k xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x100 reqid 1 mode tunnel \
	aead 'rfc4106(gcm(aes))' 0x000102030405060708090a0b0c0d0e0f10111213 128
ip -n k xfrm state | grep -q 'spi 0x00000100'
ip netns del k
echo "kernel $(uname -r): XFRM, esp4, veth present"
