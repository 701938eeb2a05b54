#!/usr/bin/env python3
"""Spoofed IKEv1 Main Mode 1 flood, for tests/netns/rampartd-flood.sh.

    mm1-flood.py DST SRC_NET SECONDS RATE

Sends RATE first Main Mode messages a second for SECONDS to DST:500, each from
its own source address of SRC_NET (an IPv4 prefix, walked in order) and with its
own initiator cookie, through a raw socket that writes the IP header itself: the
sources never existed, so nothing ever answers the responder's MM2. The offer is
one a wildcard-keyed responder accepts: AES-256, SHA-1, MODP-2048, PSK, 86400 s.
Encoded here from RFC 2408/2409 with struct, not with Rampart's codec, so that
the daemon meets a message its own encoder did not write.

One datagram in JUNK_EVERY is damaged instead, in turn: cut short, bytes
overwritten, a length field that lies, or a 20 000-byte message sent as IP
fragments. Prints "sent N junk M" at the end.
"""
import ipaddress
import os
import random
import socket
import struct
import sys
import time

ISAKMP_SA, EXCH_MAIN, PROTO_ISAKMP, KEY_IKE = 1, 2, 1, 1
DOI_IPSEC, SIT_IDENTITY_ONLY = 1, 1
JUNK_EVERY = 20
FRAGMENT = 1480         # payload bytes per IP fragment (a multiple of 8)


def tv(attr_type, value):
    return struct.pack("!HH", 0x8000 | attr_type, value)


def tlv(attr_type, value):
    return struct.pack("!HHI", attr_type, 4, value)


def mm1(cookie):
    attrs = (tv(1, 7) + tv(14, 256) + tv(2, 2) + tv(4, 14) + tv(3, 1)
             + tv(11, 1) + tlv(12, 86400))
    transform = struct.pack("!BBHBBH", 0, 0, 8 + len(attrs), 1, KEY_IKE, 0) + attrs
    proposal = struct.pack("!BBHBBBB", 0, 0, 8 + len(transform), 1, PROTO_ISAKMP, 0, 1) + transform
    sa = struct.pack("!BBHII", 0, 0, 12 + len(proposal), DOI_IPSEC, SIT_IDENTITY_ONLY) + proposal
    header = cookie + bytes(8) + struct.pack("!BBBBII", ISAKMP_SA, 0x10, EXCH_MAIN, 0, 0, 28 + len(sa))
    return header + sa


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def udp(src, dst, payload):
    seg = struct.pack("!HHHH", 500, 500, 8 + len(payload), 0) + payload
    pseudo = struct.pack("!4s4sBBH", src, dst, 0, socket.IPPROTO_UDP, len(seg))
    return seg[:6] + struct.pack("!H", checksum(pseudo + seg) or 0xFFFF) + seg[8:]


def ip_packets(src, dst, seg, ident):
    """The UDP segment in one IP packet, or in fragments when it is longer."""
    packets = []
    for off in range(0, len(seg), FRAGMENT):
        part = seg[off:off + FRAGMENT]
        more = 0x2000 if off + FRAGMENT < len(seg) else 0
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(part), ident & 0xFFFF, more | off // 8, 64,
                          socket.IPPROTO_UDP, 0, src, dst)
        packets.append(hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:] + part)
    return packets


def damaged(msg, kind):
    if kind == 0:                                   # cut short, maybe inside the header
        return msg[:random.randrange(1, len(msg))]
    if kind == 1:                                   # overwritten bytes after the cookies
        b = bytearray(msg)
        for _ in range(4):
            b[random.randrange(16, len(b))] = random.randrange(256)
        return bytes(b)
    if kind == 2:                                   # the ISAKMP length claims more
        return msg[:24] + struct.pack("!I", len(msg) + random.randrange(1, 4096)) + msg[28:]
    return msg[:24] + struct.pack("!I", 20000) + msg[28:] + os.urandom(20000 - len(msg))


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    dst = socket.inet_aton(sys.argv[1])
    sources = ipaddress.ip_network(sys.argv[2]).hosts()
    seconds, rate = float(sys.argv[3]), int(sys.argv[4])
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sent, junk, t0 = 0, 0, time.monotonic()
    while time.monotonic() - t0 < seconds:
        due = int((time.monotonic() - t0) * rate)
        while sent < due:
            src, msg = next(sources).packed, mm1(os.urandom(8))
            if sent % JUNK_EVERY == JUNK_EVERY - 1:
                msg = damaged(msg, junk % 4)
                junk += 1
            for packet in ip_packets(src, dst, udp(src, dst, msg), sent):
                sock.sendto(packet, (sys.argv[1], 0))
            sent += 1
        time.sleep(0.002)
    print("sent %d junk %d" % (sent, junk), flush=True)


if __name__ == "__main__":
    main()
