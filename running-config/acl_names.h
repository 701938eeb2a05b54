/* The names Cisco accepts in place of numbers in access lists and object-groups:
 * TCP/UDP ports, IP protocols, ICMP types, log levels. One X-macro list per
 * personality, expanded both into the grammar's alternations (acl.c, objects.c) and
 * into the lookup tables (acl_names.c), so a name is written once.
 * X(name, number, protocols, help); protocols: P_T tcp, P_U udp, P_TU both. The
 * first name listed for a number and protocol is the one the device prints. */
#ifndef RAMPART_ACL_NAMES_H
#define RAMPART_ACL_NAMES_H

#define P_T 1
#define P_U 2
#define P_TU 3

/* ASA (the "TCP and UDP ports" table of the ASA configuration guide) */
#define ASA_PORTS(X) \
	X("aol", 5190, P_T, "America Online (5190)") \
	X("bgp", 179, P_T, "Border Gateway Protocol, RFC 1163 (179)") \
	X("biff", 512, P_U, "Used by mail system to notify users (512)") \
	X("bootpc", 68, P_U, "Bootstrap Protocol Client (68)") \
	X("bootps", 67, P_U, "Bootstrap Protocol Server (67)") \
	X("chargen", 19, P_T, "Character Generator (19)") \
	X("cifs", 3020, P_TU, "Common Internet File System (3020)") \
	X("citrix-ica", 1494, P_T, "Citrix Independent Computing Architecture (1494)") \
	X("cmd", 514, P_T, "Similar to exec except that cmd has automatic authentication (514)") \
	X("ctiqbe", 2748, P_T, "Computer Telephony Interface Quick Buffer Encoding (2748)") \
	X("daytime", 13, P_T, "Day time, RFC 867 (13)") \
	X("discard", 9, P_TU, "Discard (9)") \
	X("dnsix", 195, P_U, "DNSIX Security protocol auditing (195)") \
	X("domain", 53, P_TU, "Domain Name System (53)") \
	X("echo", 7, P_TU, "Echo (7)") \
	X("exec", 512, P_T, "Remote process execution (512)") \
	X("finger", 79, P_T, "Finger (79)") \
	X("ftp", 21, P_T, "File Transfer Protocol (21)") \
	X("ftp-data", 20, P_T, "File Transfer Protocol data connections (20)") \
	X("gopher", 70, P_T, "Gopher (70)") \
	X("h323", 1720, P_T, "H.323 call signalling (1720)") \
	X("hostname", 101, P_T, "NIC hostname server (101)") \
	X("www", 80, P_TU, "World Wide Web (HTTP, 80)") \
	X("http", 80, P_TU, "Hyper Text Transfer Protocol (WWW, 80)") \
	X("https", 443, P_T, "HTTP over SSL (443)") \
	X("ident", 113, P_T, "Ident authentication service (113)") \
	X("imap4", 143, P_T, "Internet Message Access Protocol, version 4 (143)") \
	X("irc", 194, P_T, "Internet Relay Chat protocol (194)") \
	X("isakmp", 500, P_U, "Internet Security Association and Key Management Protocol (500)") \
	X("kerberos", 750, P_TU, "Kerberos (750)") \
	X("klogin", 543, P_T, "KLOGIN (543)") \
	X("kshell", 544, P_T, "Korn Shell (544)") \
	X("ldap", 389, P_T, "Lightweight Directory Access Protocol (389)") \
	X("ldaps", 636, P_T, "Lightweight Directory Access Protocol (SSL, 636)") \
	X("login", 513, P_T, "Remote login (513)") \
	X("lotusnotes", 1352, P_T, "IBM Lotus Notes (1352)") \
	X("lpd", 515, P_T, "Line Printer Daemon - printer spooler (515)") \
	X("mobile-ip", 434, P_U, "Mobile IP-Agent (434)") \
	X("nameserver", 42, P_U, "Host Name Server (42)") \
	X("netbios-dgm", 138, P_U, "NetBIOS Datagram Service (138)") \
	X("netbios-ns", 137, P_U, "NetBIOS Name Service (137)") \
	X("netbios-ssn", 139, P_T, "NetBIOS Session Service (139)") \
	X("nfs", 2049, P_TU, "Network File System - Sun Microsystems (2049)") \
	X("nntp", 119, P_T, "Network News Transfer Protocol (119)") \
	X("ntp", 123, P_U, "Network Time Protocol (123)") \
	X("pcanywhere-data", 5631, P_T, "pcAnywhere data (5631)") \
	X("pcanywhere-status", 5632, P_U, "pcAnywhere status (5632)") \
	X("pim-auto-rp", 496, P_TU, "Protocol Independent Multicast, reverse path flooding, dense mode (496)") \
	X("pop2", 109, P_T, "Post Office Protocol - Version 2 (109)") \
	X("pop3", 110, P_T, "Post Office Protocol - Version 3 (110)") \
	X("pptp", 1723, P_T, "Point-to-Point Tunneling Protocol (1723)") \
	X("radius", 1645, P_U, "Remote Authentication Dial-In User Service (1645)") \
	X("radius-acct", 1646, P_U, "Remote Authentication Dial-In User Service (accounting, 1646)") \
	X("rip", 520, P_U, "Routing Information Protocol (520)") \
	X("rsh", 514, P_T, "Remote Shell (514)") \
	X("rtsp", 554, P_T, "Real Time Streaming Protocol (554)") \
	X("secureid-udp", 5510, P_U, "SecureID over UDP (5510)") \
	X("sip", 5060, P_TU, "Session Initiation Protocol (5060)") \
	X("smtp", 25, P_T, "Simple Mail Transport Protocol (25)") \
	X("snmp", 161, P_U, "Simple Network Management Protocol (161)") \
	X("snmptrap", 162, P_U, "Simple Network Management Protocol - Trap (162)") \
	X("sqlnet", 1521, P_T, "Structured Query Language Network (1521)") \
	X("ssh", 22, P_T, "Secure Shell (22)") \
	X("sunrpc", 111, P_TU, "Sun Remote Procedure Call (111)") \
	X("syslog", 514, P_U, "System Log (514)") \
	X("tacacs", 49, P_TU, "Terminal Access Controller Access Control System Plus (49)") \
	X("talk", 517, P_TU, "Talk (517)") \
	X("telnet", 23, P_T, "Telnet, RFC 854 (23)") \
	X("tftp", 69, P_U, "Trivial File Transfer Protocol (69)") \
	X("time", 37, P_U, "Time (37)") \
	X("uucp", 540, P_T, "UNIX-to-UNIX Copy Program (540)") \
	X("vxlan", 4789, P_U, "Virtual eXtensible Local Area Network (4789)") \
	X("who", 513, P_U, "Who (513)") \
	X("whois", 43, P_T, "Who Is (43)") \
	X("xdmcp", 177, P_U, "X Display Manager Control Protocol (177)")

/* IOS 15 (`permit tcp any any eq ?`, `permit udp any any eq ?`) */
#define IOS_PORTS(X) \
	X("bgp", 179, P_T, "Border Gateway Protocol (179)") \
	X("biff", 512, P_U, "Biff (mail notification, comsat, 512)") \
	X("bootpc", 68, P_U, "Bootstrap Protocol (BOOTP) client (68)") \
	X("bootps", 67, P_U, "Bootstrap Protocol (BOOTP) server (67)") \
	X("chargen", 19, P_T, "Character generator (19)") \
	X("cmd", 514, P_T, "Remote commands (rcmd, 514)") \
	X("daytime", 13, P_T, "Daytime (13)") \
	X("discard", 9, P_TU, "Discard (9)") \
	X("dnsix", 195, P_U, "DNSIX security protocol auditing (195)") \
	X("domain", 53, P_TU, "Domain Name Service (53)") \
	X("echo", 7, P_TU, "Echo (7)") \
	X("exec", 512, P_T, "Exec (rsh, 512)") \
	X("finger", 79, P_T, "Finger (79)") \
	X("ftp", 21, P_T, "File Transfer Protocol (21)") \
	X("ftp-data", 20, P_T, "FTP data connections (20)") \
	X("gopher", 70, P_T, "Gopher (70)") \
	X("hostname", 101, P_T, "NIC hostname server (101)") \
	X("ident", 113, P_T, "Ident Protocol (113)") \
	X("irc", 194, P_T, "Internet Relay Chat (194)") \
	X("isakmp", 500, P_U, "Internet Security Association and Key Management Protocol (500)") \
	X("klogin", 543, P_T, "Kerberos login (543)") \
	X("kshell", 544, P_T, "Kerberos shell (544)") \
	X("login", 513, P_T, "Login (rlogin, 513)") \
	X("lpd", 515, P_T, "Printer service (515)") \
	X("mobile-ip", 434, P_U, "Mobile IP registration (434)") \
	X("msrpc", 135, P_T, "MS Remote Procedure Call (135)") \
	X("nameserver", 42, P_U, "IEN116 name service (obsolete, 42)") \
	X("netbios-dgm", 138, P_U, "NetBios datagram service (138)") \
	X("netbios-ns", 137, P_U, "NetBios name service (137)") \
	X("netbios-ss", 139, P_U, "NetBios session service (139)") \
	X("nntp", 119, P_T, "Network News Transport Protocol (119)") \
	X("non500-isakmp", 4500, P_U, "Internet Security Association and Key Management Protocol (4500)") \
	X("ntp", 123, P_U, "Network Time Protocol (123)") \
	X("pim-auto-rp", 496, P_TU, "PIM Auto-RP (496)") \
	X("pop2", 109, P_T, "Post Office Protocol v2 (109)") \
	X("pop3", 110, P_T, "Post Office Protocol v3 (110)") \
	X("rip", 520, P_U, "Routing Information Protocol (router, in.routed, 520)") \
	X("smtp", 25, P_T, "Simple Mail Transport Protocol (25)") \
	X("snmp", 161, P_U, "Simple Network Management Protocol (161)") \
	X("snmptrap", 162, P_U, "SNMP Traps (162)") \
	X("sunrpc", 111, P_TU, "Sun Remote Procedure Call (111)") \
	X("syslog", 514, P_U, "System Logger (514)") \
	X("tacacs", 49, P_TU, "TAC Access Control System (49)") \
	X("talk", 517, P_TU, "Talk (517)") \
	X("telnet", 23, P_T, "Telnet (23)") \
	X("tftp", 69, P_U, "Trivial File Transfer Protocol (69)") \
	X("time", 37, P_TU, "Time (37)") \
	X("uucp", 540, P_T, "Unix-to-Unix Copy Program (540)") \
	X("who", 513, P_U, "Who service (rwho, 513)") \
	X("whois", 43, P_T, "Nicname (43)") \
	X("www", 80, P_T, "World Wide Web (HTTP, 80)") \
	X("xdmcp", 177, P_U, "X Display Manager Control Protocol (177)")

/* IP protocols other than tcp/udp/icmp (which have their own declarations).
 * X(name, number, help) */
#define ASA_PROTOS(X) \
	X("ah", 51, "Authentication Header Protocol") \
	X("eigrp", 88, "Cisco's EIGRP routing protocol") \
	X("esp", 50, "Encapsulated Security Payload") \
	X("gre", 47, "Cisco's GRE tunneling") \
	X("igmp", 2, "Internet Gateway Message Protocol") \
	X("igrp", 9, "Interior Gateway Routing Protocol") \
	X("ip", -1, "Any Internet Protocol") \
	X("ipinip", 4, "IP in IP tunneling") \
	X("ipsec", 50, "IP Security") \
	X("nos", 94, "KA9Q NOS compatible IP over IP tunneling") \
	X("ospf", 89, "OSPF routing protocol") \
	X("pcp", 108, "Payload Compression Protocol") \
	X("pim", 103, "Protocol Independent Multicast") \
	X("pptp", 47, "Point-to-Point Tunneling Protocol") \
	X("sctp", 132, "Stream Control Transmission Protocol") \
	X("snp", 109, "Sitara Networks Protocol")

#define IOS_PROTOS(X) \
	X("ahp", 51, "Authentication Header Protocol") \
	X("eigrp", 88, "Cisco's EIGRP routing protocol") \
	X("esp", 50, "Encapsulation Security Payload") \
	X("gre", 47, "Cisco's GRE tunneling") \
	X("igmp", 2, "Internet Gateway Message Protocol") \
	X("ip", -1, "Any Internet Protocol") \
	X("ipinip", 4, "IP in IP tunneling") \
	X("nos", 94, "KA9Q NOS compatible IP over IP tunneling") \
	X("ospf", 89, "OSPF routing protocol") \
	X("pcp", 108, "Payload Compression Protocol") \
	X("pim", 103, "Protocol Independent Multicast")

/* ICMP message types. X(name, type, help) */
#define ICMP_TYPES(X) \
	X("alternate-address", 6, "Alternate address") \
	X("conversion-error", 31, "Datagram conversion") \
	X("echo", 8, "Echo (ping)") \
	X("echo-reply", 0, "Echo reply") \
	X("information-reply", 16, "Information replies") \
	X("information-request", 15, "Information requests") \
	X("mask-reply", 18, "Mask replies") \
	X("mask-request", 17, "Mask requests") \
	X("mobile-redirect", 32, "Mobile host redirect") \
	X("parameter-problem", 12, "All parameter problems") \
	X("redirect", 5, "All redirects") \
	X("router-advertisement", 9, "Router discovery advertisements") \
	X("router-solicitation", 10, "Router discovery solicitations") \
	X("source-quench", 4, "Source quenches") \
	X("time-exceeded", 11, "All time exceededs") \
	X("timestamp-reply", 14, "Timestamp replies") \
	X("timestamp-request", 13, "Timestamp requests") \
	X("traceroute", 30, "Traceroute") \
	X("unreachable", 3, "All unreachables")

/* ASA syslog levels. X(name, level, help) */
#define LOG_LEVELS(X) \
	X("emergencies", 0, "System is unusable") \
	X("alerts", 1, "Immediate action needed") \
	X("critical", 2, "Critical conditions") \
	X("errors", 3, "Error conditions") \
	X("warnings", 4, "Warning conditions") \
	X("notifications", 5, "Normal but significant conditions") \
	X("informational", 6, "Informational messages") \
	X("debugging", 7, "Debugging messages")

#endif

/* ---- grammar fragments built from the lists above (acl.c, objects.c) ----
 * Bindings: PORT(b) binds b; PORTOP(x) binds <x>op and <x>1 [<x>2]; ADDR(x) binds
 * <x>any <x>host <x>addr <x>mask|<x>wild <x>obj <x>grp <x>if. */
#define PX_s1(n, num, pr, h) "|" n "$s1"
#define PX_s2(n, num, pr, h) "|" n "$s2"
#define PX_d1(n, num, pr, h) "|" n "$d1"
#define PX_d2(n, num, pr, h) "|" n "$d2"
#define HX4(n, num, pr, h) h "\n"
#define HX3(n, num, h) h "\n"

#define ASA_PORT(b) "<(0-65535)$" #b ASA_PORTS(PX_##b) ">"
#define IOS_PORT(b) "<(0-65535)$" #b IOS_PORTS(PX_##b) ">"
#define ASA_PORT_HELP "Enter port number (0 - 65535)\n" ASA_PORTS(HX4)
#define IOS_PORT_HELP "Port number\n" IOS_PORTS(HX4)

#define PORTOP_OPS(x) "<eq$" #x "op|lt$" #x "op|gt$" #x "op|neq$" #x "op> "
#define ASA_PORTOP(x) PORTOP_OPS(x) ASA_PORT(x##1) " | range$" #x "op " ASA_PORT(x##1) " " ASA_PORT(x##2)
#define IOS_PORTOP(x) PORTOP_OPS(x) IOS_PORT(x##1) " | range$" #x "op " IOS_PORT(x##1) " " IOS_PORT(x##2)
#define PORTOP_OPS_HELP "Port equal to operator\nPort less than operator\nPort greater than operator\nPort not equal to operator\n"
#define ASA_PORTOP_HELP PORTOP_OPS_HELP ASA_PORT_HELP "Port range operator\n" ASA_PORT_HELP ASA_PORT_HELP
#define IOS_PORTOP_HELP PORTOP_OPS_HELP IOS_PORT_HELP "Match only packets in the range of port numbers\n" IOS_PORT_HELP IOS_PORT_HELP

#define ASA_ADDR(x) "<any$" #x "any|any4$" #x "any|host A.B.C.D$" #x "host|A.B.C.D$" #x "addr A.B.C.D$" #x "mask" \
	"|object WORD$" #x "obj|object-group WORD$" #x "grp|interface WORD$" #x "if>"
#define ASA_ADDR_HELP(dir, Dir) \
	"Abbreviation for " dir " address and mask of 0.0.0.0 0.0.0.0 (any4 and any6)\n" \
	"Abbreviation for " dir " address and mask of 0.0.0.0 0.0.0.0\n" \
	"Use this keyword followed by " dir " address, if mask is 255.255.255.255\n" \
	"Host address\n" \
	Dir " IP address\n" \
	Dir " netmask\n" \
	"Use this keyword to specify a network object\n" \
	"Network object name\n" \
	"Use this keyword to specify a network object group\n" \
	"Network object group name\n" \
	"Use this keyword to specify interface name if " dir " is an interface\n" \
	"Name of interface\n"
#define ASA_STD_ADDR(x) "<any$" #x "any|any4$" #x "any|host A.B.C.D$" #x "host|A.B.C.D$" #x "addr A.B.C.D$" #x "mask>"
#define ASA_STD_ADDR_HELP \
	"Abbreviation for destination address and mask of 0.0.0.0 0.0.0.0\n" \
	"Abbreviation for destination address and mask of 0.0.0.0 0.0.0.0\n" \
	"Use this keyword followed by destination address, if mask is 255.255.255.255\n" \
	"Host address\nDestination IP address\nDestination netmask\n"

#define IOS_ADDR(x) "<any$" #x "any|host A.B.C.D$" #x "host|A.B.C.D$" #x "addr A.B.C.D$" #x "wild|object-group WORD$" #x "grp>"
#define IOS_ADDR_HELP(dir, Dir) \
	"Any " dir " host\n" \
	"A single " dir " host\n" \
	Dir " address\n" \
	Dir " address\n" \
	Dir " wildcard bits\n" \
	Dir " network object group\n" \
	"Object group name\n"

#define ICX(n, t, h) "|" n "$icmpn"
#define ICMP_SPEC "[<(0-255)$icmpt" ICMP_TYPES(ICX) "> [(0-255)$icmpc]]"
#define ICMP_HELP "ICMP message type\n" ICMP_TYPES(HX3) "ICMP message code\n"

#define LX(n, l, h) "|" n "$loglevel"
#define ASA_LOG_SPEC "[log$log [<(0-7)$loglevel" LOG_LEVELS(LX) "|disable$logx|default$logx>] [interval (1-600)$logint]] [inactive$inactive]"
#define ASA_LOG_HELP "Keyword for enabling log option on this ACL element\nEnter syslog level (0 - 7)\n" LOG_LEVELS(HX3) \
	"Keyword for disabling log option on this ACL element\nKeyword for setting log option to default\n" \
	"Configure log interval, default value is 300 sec\nEnter the log interval in seconds (1 - 600)\n" \
	"Keyword for specifying inactive ACE\n"

#define PROTO_ALT(n, num, h) "|" n "$proto"
