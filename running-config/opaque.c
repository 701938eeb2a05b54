/* The opaque family: commands that a real configuration holds and rampart keeps without
 * modelling them (see opaque.h). Each is declared below with where the device prints
 * it; the text is kept as typed, so what is rendered is what was loaded. */
#include "running-config/opaque.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "platform/daemon.h"
#include "running-config/area.h"
#include "shell/session.h"

/* Where a kept command is printed (per personality). */
/* OS_TOP: ASA lines between hostname and names (domain-name, passwd);
 * OS_AFTER_IF: ASA lines between the interfaces and the objects (banner, boot, ftp,
 * clock, dns), as real 9.x configurations order them. */
enum opaque_section { OS_NONE, OS_TOP, OS_AFTER_IF, OS_EARLY, OS_MIDDLE, OS_ROUTING, OS_CA, OS_LATE };

struct opaque_placement {
	enum opaque_section ios, asa;
	const char *prompt;      /* the sub-mode's prompt suffix, NULL for a one-line command */
};

/* The declared commands, in the order the device prints them within a section.
 * ONE: a one-line command (or an interface / sub-mode line); BLK: a command that opens a
 * block of indented lines. Sections: IOS first, then ASA. */
#define OPAQUE_LIST(ONE, BLK)                                                                               \
	/* ---- global, early ---- */                                                                       \
	ONE(NODE_CONFIG, "service LINE$rest", "Modify use of network based services\nSettings\n", OS_EARLY, OS_EARLY, 0) \
	ONE(NODE_CONFIG, "boot-start-marker", "Mark the beginning of boot commands\n", OS_EARLY, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "boot LINE$rest", "Modify system boot parameters\nBoot parameters\n", OS_EARLY, OS_AFTER_IF, 0) \
	ONE(NODE_CONFIG, "boot-end-marker", "Mark the end of boot commands\n", OS_EARLY, OS_NONE, F_IOS)     \
	ONE(NODE_CONFIG, "domain-name WORD$rest", "Change domain name\nDomain name\n", OS_NONE, OS_TOP, F_ASA) \
	ONE(NODE_CONFIG, "passwd LINE$rest", "Change Telnet login password\nPassword\n", OS_NONE, OS_TOP, F_ASA) \
	ONE(NODE_CONFIG, "banner <motd$type|exec$type|login$type|asdm$type> [LINE$rest]", "Define a login banner\n" \
	    "Set message of the day banner\nSet EXEC process creation banner\nSet login banner\nSet ASDM banner\n" \
	    "Banner text\n", OS_NONE, OS_AFTER_IF, F_ASA)                                                        \
	ONE(NODE_CONFIG, "platform LINE$rest", "platform specific configuration\nSettings\n", OS_EARLY, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ftp mode LINE$rest", "Configure FTP\nSet FTP mode\nMode\n", OS_NONE, OS_AFTER_IF, F_ASA) \
	ONE(NODE_CONFIG, "clock LINE$rest", "Configure time-of-day clock\nSettings\n", OS_MIDDLE, OS_AFTER_IF, 0) \
	ONE(NODE_CONFIG, "dns domain-lookup WORD$rest", "Configure DNS\nEnable DNS lookups on an interface\n"  \
	    "Interface name\n", OS_NONE, OS_AFTER_IF, F_ASA)                                                      \
	BLK("dns server-group WORD$rest", "Configure DNS\nConfigure a DNS server group\nServer group name\n",  \
	    OS_NONE, OS_AFTER_IF, "config-dns-server-group", F_ASA)                                              \
	ONE(NODE_CONFIG, "same-security-traffic permit <inter-interface$rest|intra-interface$rest>",                \
	    "Allow traffic between interfaces of the same security level\nPermit traffic\n"                    \
	    "Between interfaces\nIn and out of the same interface\n", OS_NONE, OS_AFTER_IF, F_ASA)               \
	ONE(NODE_CONFIG, "xlate LINE$rest", "Configure xlate options\nSettings\n", OS_NONE, OS_EARLY, F_ASA)   \
	ONE(NODE_CONFIG, "pager [LINE$rest]", "Control page length for pagination\nLines\n", OS_NONE, OS_EARLY, F_ASA) \
	ONE(NODE_CONFIG, "logging LINE$rest", "Configure logging\nLogging settings\n", OS_EARLY, OS_EARLY, 0)  \
	ONE(NODE_CONFIG, "mtu WORD$ifname (64-9198)$mtu", "Specify MTU (Maximum Transmission Unit) for an interface\n" \
	    "Name of interface\nMTU bytes\n", OS_NONE, OS_EARLY, F_ASA)                                        \
	ONE(NODE_CONFIG, "failover [LINE$rest]", "Enable/disable failover feature\nSettings\n", OS_NONE, OS_EARLY, F_ASA) \
	ONE(NODE_CONFIG, "monitor-interface LINE$rest", "Enable failover monitoring of an interface\nInterface name\n", \
	    OS_NONE, OS_EARLY, F_ASA)                                                                          \
	ONE(NODE_CONFIG, "ip local pool LINE$rest", "\nConfigure a local address pool\nIP address pool\nPool\n", \
	    OS_ROUTING, OS_EARLY, 0)                                                                           \
	ONE(NODE_CONFIG, "ip verify LINE$rest", "\nIP reverse-path verification\nSettings\n", OS_NONE, OS_EARLY, F_ASA) \
	ONE(NODE_CONFIG, "icmp LINE$rest", "Configure access rules for ICMP traffic\nSettings\n", OS_NONE, OS_EARLY, F_ASA) \
	ONE(NODE_CONFIG, "asdm LINE$rest", "Configure Device Manager\nSettings\n", OS_NONE, OS_EARLY, F_ASA)   \
	ONE(NODE_CONFIG, "arp LINE$rest", "Change or view the arp table, set the arp timeout value\nSettings\n", \
	    OS_NONE, OS_EARLY, F_ASA)                                                                          \
	ONE(NODE_CONFIG, "nat LINE$rest", "Associate a network with a pool of global IP addresses\nNAT rule\n", \
	    OS_NONE, OS_EARLY, F_ASA)                                                                          \
	ONE(NODE_CONFIG, "access-group WORD$acl LINE$rest", "Bind an access-list to an interface\n"           \
	    "Access-list name\nDirection and interface\n", OS_NONE, OS_EARLY, F_ASA)                          \
	BLK("router <ospf$proto|eigrp$proto|bgp$proto|rip$proto|isis$proto|odr$proto|lisp$proto> [LINE$rest]", "Enable a routing process\n"        \
	    "Open Shortest Path First (OSPF)\nEnhanced Interior Gateway Routing Protocol (EIGRP)\n"             \
	    "Border Gateway Protocol (BGP)\nRouting Information Protocol (RIP)\nISO IS-IS\n"                  \
	    "On Demand stub Routes\nLocator/ID Separation Protocol\nProcess id or name\n",                     \
	    OS_ROUTING, OS_EARLY, "config-router", 0)                                                          \
	ONE(NODE_CONFIG, "route WORD$ifname LINE$rest", "Configure a static route for an interface\n"         \
	    "Name of interface\nNetwork, mask, gateway and metric\n", OS_NONE, OS_EARLY, F_ASA)               \
	ONE(NODE_CONFIG, "timeout LINE$rest", "Configure maximum idle times\nTimeouts\n", OS_NONE, OS_EARLY, F_ASA) \
	ONE(NODE_CONFIG, "user-identity LINE$rest", "Configure user-identity firewall\nSettings\n", OS_NONE, OS_EARLY, F_ASA) \
	BLK("dynamic-access-policy-record WORD$rest", "Dynamic Access Policy configuration commands\nPolicy name\n", \
	    OS_NONE, OS_EARLY, "config-dynamic-access-policy-record", F_ASA)                                  \
	BLK("aaa-server WORD$group LINE$rest", "Configure a AAA server group or a AAA server\nServer group name\n" \
	    "Protocol or server\n", OS_NONE, OS_EARLY, "config-aaa-server-host", F_ASA)                       \
	ONE(NODE_CONFIG, "aaa LINE$rest", "Authentication, Authorization and Accounting\nSettings\n", OS_MIDDLE, OS_EARLY, 0) \
	ONE(NODE_CONFIG, "http LINE$rest", "Configure http server and https related commands\nSettings\n",     \
	    OS_NONE, OS_EARLY, F_ASA)                                                                          \
	ONE(NODE_CONFIG, "snmp-server LINE$rest", "Modify SNMP engine parameters\nSettings\n", OS_LATE, OS_EARLY, 0) \
	BLK("crypto ipsec ikev2 ipsec-proposal WORD$rest", "\nConfigure IPsec\nConfigure IKEv2 settings\n"  \
	    "Configure an IPsec proposal\nProposal name\n", OS_NONE, OS_EARLY, "config-ipsec-proposal", F_ASA) \
	/* ---- global, middle ---- */                                                                      \
	BLK("ip vrf WORD$rest", "\nConfigure an IP VPN Routing/Forwarding instance\nVRF name\n", OS_MIDDLE, OS_NONE, \
	    "config-vrf", F_IOS)                                                                               \
	BLK("vrf definition WORD$rest", "Configure a VRF\nVRF definition\nVRF name\n", OS_MIDDLE, OS_NONE,    \
	    "config-vrf", F_IOS)                                                                               \
	ONE(NODE_CONFIG, "ip domain LINE$rest", "\nIP DNS Resolver\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS)    \
	ONE(NODE_CONFIG, "ip domain-name WORD$rest", "\nDefine the default domain name\nDomain name\n",        \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "ip domain-lookup", "\nEnable IP Domain Name System hostname translation\n",          \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "ip name-server LINE$rest", "\nSpecify address of name server to use\nServers\n",     \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "ip host LINE$rest", "\nAdd an entry to the ip hostname table\nName and address\n",   \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "ip cef [LINE$rest]", "\nCisco Express Forwarding\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip multicast-routing [LINE$rest]", "\nEnable IP multicast forwarding\nSettings\n",   \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "ip icmp LINE$rest", "\nICMP options\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS)         \
	ONE(NODE_CONFIG, "ip tcp LINE$rest", "\nGlobal TCP parameters\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip source-route", "\nProcess packets with source routing header options\n",         \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "ip routing", "\nEnable IP routing\n", OS_MIDDLE, OS_NONE, F_IOS)                    \
	ONE(NODE_CONFIG, "ip subnet-zero", "\nAllow 'subnet zero' subnets\n", OS_MIDDLE, OS_NONE, F_IOS)        \
	BLK("ip dhcp pool WORD$rest", "\nConfigure DHCP server and relay parameters\nConfigure DHCP address pools\n" \
	    "Pool name\n", OS_MIDDLE, OS_NONE, "dhcp-config", F_IOS)                                          \
	ONE(NODE_CONFIG, "ip dhcp LINE$rest", "\nConfigure DHCP server and relay parameters\nSettings\n",      \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "ipv6 <unicast-routing$what|cef$what|multicast-routing$what|route$what|router$what|"       \
	    "prefix-list$what|access-list$what|host$what|dhcp$what|general-prefix$what|pim$what|nd$what> [LINE$rest]", \
	    "Global IPv6 configuration commands\nEnable unicast routing\nCisco Express Forwarding for IPv6\n"  \
	    "Enable IPv6 multicast\nConfigure static routing\nEnable an IPV6 routing process\n"                \
	    "Build a prefix list\nConfigure access lists\nConfigure static hostnames\nIPv6 DHCP\n"             \
	    "Configure a general IPv6 prefix\nConfigure Protocol Independent Multicast\n"                       \
	    "Neighbor discovery\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS)                                        \
	ONE(NODE_CONFIG, "multilink LINE$rest", "PPP multilink global configuration\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "cts LINE$rest", "Cisco Trusted Security commands\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ethernet LINE$rest", "Ethernet configuration\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "bsd-client LINE$rest", "BSD client configuration\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "mmi LINE$rest", "Modular management interface\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "subscriber LINE$rest", "subscriber configuration\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	BLK("crypto pki trustpoint WORD$rest", "\nPublic Key components\nDefine a CA trustpoint\nTrustpoint name\n", \
	    OS_MIDDLE, OS_NONE, "ca-trustpoint", F_IOS)                                                       \
	BLK("crypto pki certificate chain WORD$rest", "\nPublic Key components\nActions on certificates\n"    \
	    "Certificate chain\nTrustpoint name\n", OS_MIDDLE, OS_NONE, "config-cert-chain", F_IOS)           \
	BLK("crypto pki server WORD$rest", "\nPublic Key components\nLocal certificate server\nServer name\n",  \
	    OS_MIDDLE, OS_NONE, "cs-server", F_IOS)                                                           \
	ONE(NODE_CONFIG, "crypto pki <token$what|profile$what|certificate$what> LINE$rest", "\nPublic Key components\n" \
	    "Configure token parameters\nDefine enrollment profiles\nActions on certificates\nSettings\n",     \
	    OS_MIDDLE, OS_NONE, F_IOS)                                                                         \
	ONE(NODE_CONFIG, "crypto key <generate$what|param$what|zeroize$what|storage$what> LINE$rest",           \
	    "\nLong term key operations\nGenerate new keys\nKey parameters\nRemove keys\nDefault key storage\n" \
	    "Settings\n", OS_MIDDLE, OS_NONE, F_IOS)                                                           \
	BLK("crypto pki trustpool policy", "\nPublic Key components\nCA trustpool\nTrustpool policy\n",        \
	    OS_MIDDLE, OS_NONE, "ca-trustpool", F_IOS)                                                        \
	BLK("crypto ca trustpoint WORD$rest", "\nCertification authority\nDefine a CA trustpoint\nTrustpoint name\n", \
	    OS_MIDDLE, OS_CA, "config-ca-trustpoint", 0)                                                     \
	BLK("crypto ca trustpool policy", "\nCertification authority\nCA trustpool\nTrustpool policy\n",       \
	    OS_MIDDLE, OS_CA, "config-ca-trustpool", 0)                                                      \
	BLK("crypto ca certificate chain WORD$rest", "\nCertification authority\nActions on certificates\n"   \
	    "Certificate chain\nTrustpoint name\n", OS_MIDDLE, OS_CA, "config-cert-chain", 0)                 \
	BLK("crypto ca certificate map WORD$rest", "\nCertification authority\nActions on certificates\n"     \
	    "Certificate map\nMap name and sequence\n", OS_MIDDLE, OS_CA, "config-ca-cert-map", 0)            \
	BLK("crypto ca server", "\nCertification authority\nLocal certificate server\n", OS_MIDDLE, OS_CA,    \
	    "config-ca-server", 0)                                                                           \
	ONE(NODE_CONFIG, "crypto ca LINE$rest", "\nCertification authority\nSettings\n", OS_MIDDLE, OS_CA, 0)  \
	BLK("crypto csr-params WORD$rest", "\nCertificate signing request parameters\nName\n", OS_MIDDLE, OS_CA, \
	    "config-csr-params", 0)                                                                          \
	ONE(NODE_CONFIG, "crypto engine LINE$rest", "\nCrypto engine settings\nSettings\n", OS_MIDDLE, OS_CA, 0) \
	BLK("crypto key pubkey-chain rsa", "\nLong term key operations\nPeer public key chain management\n"   \
	    "RSA keys\n", OS_MIDDLE, OS_NONE, "config-pubkey-chain", F_IOS)                                   \
	ONE(NODE_CONFIG, "license LINE$rest", "Configure license features\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "diagnostic LINE$rest", "Configure diagnostic information\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "spanning-tree LINE$rest", "Spanning Tree Subsystem\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "vtp LINE$rest", "Configure global VTP state\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	BLK("redundancy", "Enter redundancy mode\n", OS_MIDDLE, OS_NONE, "config-red", F_IOS)                 \
	BLK("key chain WORD$rest", "Key management\nKey-chain management\nKey-chain name\n", OS_MIDDLE, OS_NONE, \
	    "config-keychain", F_IOS)                                                                          \
	BLK("track LINE$rest", "Object tracking configuration commands\nObject number and type\n",            \
	    OS_MIDDLE, OS_NONE, "config-track", F_IOS)                                                        \
	BLK("archive", "Archive the configuration\n", OS_MIDDLE, OS_NONE, "config-archive", F_IOS)             \
	ONE(NODE_CONFIG, "cdp LINE$rest", "Global CDP configuration subcommands\nSettings\n", OS_MIDDLE, OS_NONE, F_IOS) \
	BLK("crypto ikev2 keyring WORD$rest", "\nConfigure IKEv2 settings\nDefine a keyring\nKeyring name\n",  \
	    OS_MIDDLE, OS_MIDDLE, "config-ikev2-keyring", 0)                                                  \
	BLK("crypto ikev2 proposal WORD$rest", "\nConfigure IKEv2 settings\nDefine IKEv2 proposals\nProposal name\n", \
	    OS_MIDDLE, OS_MIDDLE, "config-ikev2-proposal", 0)                                                 \
	BLK("crypto ikev2 policy WORD$rest", "\nConfigure IKEv2 settings\nSet IKEv2 policy suite\n"           \
	    "Policy suite priority or name\n", OS_MIDDLE, OS_MIDDLE, "config-ikev2-policy", 0)                \
	BLK("crypto ikev2 profile WORD$rest", "\nConfigure IKEv2 settings\nDefine IKEv2 profiles\nProfile name\n", \
	    OS_MIDDLE, OS_MIDDLE, "config-ikev2-profile", 0)                                                  \
	ONE(NODE_CONFIG, "crypto ikev2 LINE$rest", "\nConfigure IKEv2 settings\nSettings\n", OS_MIDDLE, OS_MIDDLE, 0) \
	BLK("class-map [LINE$rest]", "Configure MPF Class Map\nClass map name and type\n", OS_MIDDLE, OS_LATE,  \
	    "config-cmap", 0)                                                                                  \
	BLK("policy-map [LINE$rest]", "Configure MPF Policy Map\nPolicy map name and type\n", OS_MIDDLE, OS_LATE, \
	    "config-pmap", 0)                                                                                  \
	ONE(NODE_CONFIG, "telnet LINE$rest", "Add telnet access to system console or set idle timeout\nSettings\n", \
	    OS_NONE, OS_MIDDLE, F_ASA)                                                                         \
	ONE(NODE_CONFIG, "ssh LINE$rest", "Configure SSH options\nSettings\n", OS_NONE, OS_MIDDLE, F_ASA)      \
	ONE(NODE_CONFIG, "console LINE$rest", "Serial-console idle timeout configuration\nSettings\n",         \
	    OS_NONE, OS_MIDDLE, F_ASA)                                                                         \
	ONE(NODE_CONFIG, "management-access WORD$rest", "Configure management access interface\nInterface name\n", \
	    OS_NONE, OS_MIDDLE, F_ASA)                                                                         \
	ONE(NODE_CONFIG, "vpn-addr-assign LINE$rest", "Global settings for VPN IP address assignment policy\n" \
	    "Settings\n", OS_NONE, OS_MIDDLE, F_ASA)                                                           \
	ONE(NODE_CONFIG, "dhcpd LINE$rest", "Configure DHCP Server\nSettings\n", OS_NONE, OS_MIDDLE, F_ASA)    \
	ONE(NODE_CONFIG, "dhcprelay LINE$rest", "Configure DHCP Relay Agent\nSettings\n", OS_NONE, OS_MIDDLE, F_ASA) \
	ONE(NODE_CONFIG, "threat-detection LINE$rest", "Show threat detection information\nSettings\n",        \
	    OS_NONE, OS_MIDDLE, F_ASA)                                                                         \
	ONE(NODE_CONFIG, "ssl LINE$rest", "Configure SSL options\nSettings\n", OS_NONE, OS_MIDDLE, F_ASA)      \
	BLK("webvpn", "Configure the WebVPN service\n", OS_NONE, OS_MIDDLE, "config-webvpn", F_ASA)            \
	/* ---- global, routing ---- */                                                                     \
	BLK("virtual-service WORD$rest", "Enable virtual service\nService name\n", OS_ROUTING, OS_NONE,        \
	    "config-virt-serv", F_IOS)                                                                        \
	ONE(NODE_CONFIG, "ip classless", "\nFollow classless routing forwarding rules\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip forward-protocol LINE$rest", "\nControls forwarding of physical and directed IP broadcasts\n" \
	    "Settings\n", OS_ROUTING, OS_NONE, F_IOS)                                                          \
	ONE(NODE_CONFIG, "ip bgp-community LINE$rest", "\nformat for BGP community\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip http LINE$rest", "\nHTTP server configuration\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip flow-export LINE$rest", "\nSpecify host/port to send flow statistics\nSettings\n", \
	    OS_ROUTING, OS_NONE, F_IOS)                                                                        \
	ONE(NODE_CONFIG, "ip pim LINE$rest", "\nPIM global commands\nSettings\n", OS_ROUTING, OS_NONE, F_IOS)   \
	ONE(NODE_CONFIG, "ip msdp LINE$rest", "\nMSDP global commands\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip nat LINE$rest", "\nNAT configuration commands\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip route LINE$rest", "\nEstablish static routes\nPrefix, mask and next hop\n",        \
	    OS_ROUTING, OS_NONE, F_IOS)                                                                        \
	ONE(NODE_CONFIG, "ip mroute LINE$rest", "\nConfigure static multicast routes\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip ssh LINE$rest", "\nConfigure ssh options\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip scp LINE$rest", "\nScp commands\nSettings\n", OS_ROUTING, OS_NONE, F_IOS)          \
	ONE(NODE_CONFIG, "ip prefix-list LINE$rest", "\nBuild a prefix list\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip as-path LINE$rest", "\nBGP autonomous system path filter\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip community-list LINE$rest", "\nAdd a community list entry\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "ip sla LINE$rest", "\nIP Service Level Agreement\nSettings\n", OS_ROUTING, OS_NONE, F_IOS) \
	/* ---- global, late ---- */                                                                        \
	BLK("route-map WORD$name [LINE$rest]", "Create route-map or enter route-map command mode\nRoute map tag\n" \
	    "Action and sequence\n", OS_LATE, OS_LATE, "config-route-map", 0)                                  \
	ONE(NODE_CONFIG, "tftp-server LINE$rest", "Provide TFTP service for netload requests\nSettings\n", OS_LATE, OS_LATE, 0) \
	ONE(NODE_CONFIG, "radius-server LINE$rest", "Modify RADIUS query parameters\nSettings\n", OS_LATE, OS_NONE, F_IOS) \
	ONE(NODE_CONFIG, "tacacs-server LINE$rest", "Modify TACACS query parameters\nSettings\n", OS_LATE, OS_NONE, F_IOS) \
	BLK("control-plane [LINE$rest]", "Configure control plane services\nSettings\n", OS_LATE, OS_NONE,     \
	    "config-cp", F_IOS)                                                                                \
	ONE(NODE_CONFIG, "banner <motd$type|exec$type|login$type|incoming$type|slip-ppp$type|prompt-timeout$type|"    \
	    "exec-timeout$type> LINE$rest", "Define a login banner\nSet Message of the Day banner\n"             \
	    "Set EXEC process creation banner\nSet login banner\nSet incoming terminal line banner\n"          \
	    "Set Message for SLIP/PPP\nSet Message for login authentication timeout\n"                          \
	    "Set Message for exec timeout\nc banner-text c, where 'c' is a delimiting character\n",            \
	    OS_LATE, OS_NONE, F_IOS)                                                                           \
	BLK("line <con$type|console$type|vty$type|aux$type|tty$type> LINE$rest", "Configure a terminal line\nPrimary terminal line\n" \
	    "Primary terminal line\nVirtual terminal\nAuxiliary line\nTerminal controller\nLine numbers\n",    \
	    OS_LATE, OS_NONE, "config-line", F_IOS)                                                           \
	ONE(NODE_CONFIG, "ntp LINE$rest", "Configure NTP\nSettings\n", OS_LATE, OS_MIDDLE, 0)                 \
	ONE(NODE_CONFIG, "scheduler LINE$rest", "Scheduler parameters\nSettings\n", OS_LATE, OS_NONE, F_IOS)   \
	ONE(NODE_CONFIG, "alias LINE$rest", "Create command alias\nSettings\n", OS_LATE, OS_NONE, F_IOS)        \
	BLK("event manager LINE$rest", "Event related commands\nEvent Manager configuration commands\nApplet\n", \
	    OS_LATE, OS_NONE, "config-applet", F_IOS)                                                         \
	ONE(NODE_CONFIG, "service-policy WORD$rest LINE$scope", "Configure MPF service policy\nPolicy map name\n" \
	    "Interface or global\n", OS_NONE, OS_LATE, F_ASA)                                                 \
	ONE(NODE_CONFIG, "fixup LINE$rest", "Fixup protocol (legacy inspection)\nSettings\n", OS_NONE, OS_LATE, F_ASA) \
	ONE(NODE_CONFIG, "prompt LINE$rest", "Configure session prompt display\nPrompt parts\n", OS_NONE, OS_LATE, F_ASA) \
	ONE(NODE_CONFIG, "command-alias LINE$rest", "Create command alias\nMode, alias and command\n", OS_NONE, OS_LATE, F_ASA) \
	ONE(NODE_CONFIG, "call-home LINE$rest", "Smart Call-Home configuration\nSettings\n", OS_NONE, OS_LATE, F_ASA) \
	BLK("call-home", "Smart Call-Home configuration\n", OS_NONE, OS_LATE, "cfg-call-home", F_ASA)           \
	ONE(NODE_CONFIG, "jumbo-frame LINE$rest", "Configure jumbo-frame support\nSettings\n", OS_NONE, OS_LATE, F_ASA) \
	ONE(NODE_CONFIG, "filter LINE$rest", "Enable or disable URL, FTP, HTTPS, Java, and ActiveX filtering\n" \
	    "Settings\n", OS_NONE, OS_LATE, F_ASA)                                                            \
	/* ---- interface sub-commands ---- */                                                              \
	ONE(NODE_INTERFACE, "duplex LINE$rest", "Configure duplex operation\nMode\n", OS_NONE, OS_NONE, 0)     \
	ONE(NODE_INTERFACE, "speed LINE$rest", "Configure speed operation\nSpeed\n", OS_NONE, OS_NONE, 0)      \
	ONE(NODE_INTERFACE, "media-type LINE$rest", "Media type\nType\n", OS_NONE, OS_NONE, F_IOS)             \
	ONE(NODE_INTERFACE, "negotiation LINE$rest", "Select autonegotiation mode\nMode\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "mop LINE$rest", "DEC MOP server commands\nSettings\n", OS_NONE, OS_NONE, F_IOS)   \
	ONE(NODE_INTERFACE, "switchport LINE$rest", "Set switching mode characteristics\nSettings\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_INTERFACE, "management-only", "Dedicate an interface to management-only\n", OS_NONE, OS_NONE, F_ASA) \
	ONE(NODE_INTERFACE, "mac-address LINE$rest", "Manually set interface MAC address\nMAC address\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_INTERFACE, "vlan (1-4094)$vlan", "Configure VLAN ID\nVLAN id\n", OS_NONE, OS_NONE, F_ASA)     \
	ONE(NODE_INTERFACE, "encapsulation LINE$rest", "Set encapsulation type for an interface\nType\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "vrf LINE$rest", "VPN Routing/Forwarding parameters on the interface\nSettings\n", \
	    OS_NONE, OS_NONE, F_IOS)                                                                           \
	ONE(NODE_INTERFACE, "ip vrf LINE$rest", "\nVPN Routing/Forwarding parameters on the interface\nSettings\n", \
	    OS_NONE, OS_NONE, F_IOS)                                                                           \
	ONE(NODE_INTERFACE, "ip access-group LINE$rest", "\nSpecify access control for packets\nAccess list and direction\n", \
	    OS_NONE, OS_NONE, F_IOS)                                                                           \
	ONE(NODE_INTERFACE, "ip tcp LINE$rest", "\nTCP header compression and other parameters\nSettings\n",   \
	    OS_NONE, OS_NONE, F_IOS)                                                                           \
	ONE(NODE_INTERFACE, "ip virtual-reassembly [LINE$rest]", "\nVirtual Reassembly\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip mtu (68-65535)$mtu", "\nSet IP Maximum Transmission Unit\nMTU (bytes)\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip ospf LINE$rest", "\nOSPF interface commands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip pim LINE$rest", "\nPIM interface commands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip igmp LINE$rest", "\nIGMP interface commands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip nat LINE$rest", "\nNAT interface commands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip nhrp LINE$rest", "\nNHRP interface subcommands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip verify LINE$rest", "\nEnable per packet validation\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip redirects", "\nEnable sending ICMP Redirect messages\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip unreachables", "\nEnable sending ICMP Unreachable messages\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip proxy-arp", "\nEnable proxy ARP\n", OS_NONE, OS_NONE, F_IOS)                   \
	ONE(NODE_INTERFACE, "ip route-cache [LINE$rest]", "\nEnable fast-switching cache for outgoing packets\nSettings\n", \
	    OS_NONE, OS_NONE, F_IOS)                                                                           \
	ONE(NODE_INTERFACE, "ip helper-address LINE$rest", "\nSpecify a destination address for UDP broadcasts\nAddress\n", \
	    OS_NONE, OS_NONE, F_IOS)                                                                           \
	ONE(NODE_INTERFACE, "ip flow LINE$rest", "\nNetFlow related commands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip policy LINE$rest", "\nEnable policy routing\nRoute map\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip summary-address LINE$rest", "\nPerform address summarization\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ip authentication LINE$rest", "\nauthentication subcommands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "ipv6 LINE$rest", "IPv6 interface subcommands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "tunnel <source$what|destination$what|mode$what|protection$what|key$what|vrf$what|path-mtu-discovery$what|ttl$what|tos$what> LINE$rest", \
	    "protocol-over-protocol tunneling\nsource of tunnel packets\ndestination of tunnel\n"                \
	    "tunnel encapsulation method\nEnable tunnel protection\nsecurity or selector key\n"                 \
	    "set tunnel vrf membership\nEnable Path MTU Discovery on tunnel\nset time to live\nset type of service byte\n" \
	    "Settings\n", OS_NONE, OS_NONE, F_IOS)                                                            \
	ONE(NODE_INTERFACE, "bandwidth LINE$rest", "Set bandwidth informational parameter\nKilobits\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "delay LINE$rest", "Specify interface throughput delay\nTens of microseconds\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_INTERFACE, "keepalive [LINE$rest]", "Enable keepalive\nSettings\n", OS_NONE, OS_NONE, F_IOS)  \
	ONE(NODE_INTERFACE, "cdp LINE$rest", "CDP interface subcommands\nSettings\n", OS_NONE, OS_NONE, F_IOS)  \
	ONE(NODE_INTERFACE, "clock LINE$rest", "Configure serial interface clock\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "load-interval (30-600)$secs", "Specify interval for load calculation for an interface\n" \
	    "Load interval delay in seconds\n", OS_NONE, OS_NONE, F_IOS)                                      \
	ONE(NODE_INTERFACE, "channel-group LINE$rest", "Etherchannel/port bundling configuration\nSettings\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_INTERFACE, "standby LINE$rest", "HSRP interface configuration commands\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "service-policy LINE$rest", "Configure QoS Service Policy\nSettings\n", OS_NONE, OS_NONE, F_IOS) \
	ONE(NODE_INTERFACE, "mtu (64-65535)$mtu", "Set the interface Maximum Transmission Unit (MTU)\nMTU size in bytes\n", \
	    OS_NONE, OS_NONE, F_IOS)                                                                           \
	/* ---- lines inside an opaque block ---- */                                                        \
	ONE(NODE_OPAQUE, "network LINE$rest", "Enable routing on an IP network\nNetwork\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "neighbor LINE$rest", "Specify a neighbor router\nNeighbor and settings\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "router-id LINE$rest", "Override configured router identifier\nRouter id\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "passive-interface LINE$rest", "Suppress routing updates on an interface\nInterface\n", \
	    OS_NONE, OS_NONE, 0)                                                                              \
	ONE(NODE_OPAQUE, "redistribute LINE$rest", "Redistribute information from another routing protocol\n" \
	    "Source protocol\n", OS_NONE, OS_NONE, 0)                                                         \
	ONE(NODE_OPAQUE, "address-family LINE$rest", "Enter Address Family command mode\nAddress family\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "exit-address-family", "Exit from Address Family configuration mode\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "login [LINE$rest]", "Enable password checking\nSettings\n", OS_NONE, OS_NONE, 0)    \
	ONE(NODE_OPAQUE, "transport LINE$rest", "Define transport protocols for line\nSettings\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "exec-timeout LINE$rest", "Set the EXEC timeout\nTimeout\n", OS_NONE, OS_NONE, 0)    \
	ONE(NODE_OPAQUE, "match LINE$rest", "Configure classification criteria\nCriteria\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "class LINE$rest", "Policy criteria\nClass map name\n", OS_NONE, OS_NONE, 0)         \
	ONE(NODE_OPAQUE, "inspect LINE$rest", "Protocol inspection services\nProtocol\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "enrollment LINE$rest", "Enrollment parameters\nSettings\n", OS_NONE, OS_NONE, 0)    \
	ONE(NODE_OPAQUE, "subject-name LINE$rest", "Subject Name\nName\n", OS_NONE, OS_NONE, 0)               \
	ONE(NODE_OPAQUE, "revocation-check LINE$rest", "Revocation checking options\nMethods\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "certificate LINE$rest", "Certificate data\nType and serial number\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "quit", "Exit from certificate entry\n", OS_NONE, OS_NONE, 0)                        \
	ONE(NODE_OPAQUE, "protocol LINE$rest", "Configure protocol and its algorithms\nSettings\n", OS_NONE, OS_NONE, 0) \
	ONE(NODE_OPAQUE, "WORD$word [LINE$rest]", "Sub-command\nSettings\n", OS_NONE, OS_NONE, F_HIDDEN)

#define AS_COMMAND(node, spec, help, ios, asa, fl) { node, spec, help, opaque_cmd, NODE_NONE, (fl) | F_NO },
#define AS_BLOCK(spec, help, ios, asa, prompt, fl) { NODE_CONFIG, spec, help, opaque_cmd, NODE_OPAQUE, (fl) | F_NO },
#define AS_PLACE(node, spec, help, ios, asa, fl) { ios, asa, NULL },
#define AS_BLOCK_PLACE(spec, help, ios, asa, prompt, fl) { ios, asa, prompt },

struct opaque_block {
	char *text;              /* the command as typed, without leading blanks */
	unsigned kw;             /* index in opaque_cmds: the section and the order */
	unsigned id;             /* names the block in a sub-mode's context */
	char **sub;              /* block lines, each with its indentation */
	size_t nsub;
};

struct opaque_iface {
	char *name;              /* canonical interface name */
	char **lines;            /* without leading blanks */
	size_t n;
};

struct opaque_config {
	struct opaque_block *blocks;
	size_t n;
	struct opaque_iface *ifaces;
	size_t nifaces;
	unsigned next_id;
	unsigned banner_id;      /* IOS banner being typed (text up to its delimiter), 0 = none */
	char banner_delim[3];
};

static int opaque_cmd(struct session *s, const struct cmd_args *a, bool no);

static const struct command opaque_cmds[] = { OPAQUE_LIST(AS_COMMAND, AS_BLOCK) };
static const struct opaque_placement opaque_places[] = { OPAQUE_LIST(AS_PLACE, AS_BLOCK_PLACE) };

/* ---- text helpers ---- */

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Equal up to trailing blanks (saved configurations carry some). */
static bool same_command(const char *x, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y);

	while (nx && (x[nx - 1] == ' ' || x[nx - 1] == '\t'))
		nx--;
	while (ny && (y[ny - 1] == ' ' || y[ny - 1] == '\t'))
		ny--;
	return nx == ny && !memcmp(x, y, nx);
}

/* "no  ip cef" -> "ip cef"; NULL when text is not a negation. */
static const char *negated(const char *text)
{
	if (strncmp(text, "no", 2) || (text[2] != ' ' && text[2] != '\t'))
		return NULL;
	return skip_blanks(text + 2);
}

static void strv_push(char ***v, size_t *n, const char *text)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(text);
}

static void strv_remove(char **v, size_t *n, size_t i)
{
	free(v[i]);
	memmove(&v[i], &v[i + 1], (*n - i - 1) * sizeof(*v));
	(*n)--;
}

/* ---- the model ---- */

static void opaque_init(struct running_config *rc)
{
	rc->opaque = xcalloc(1, sizeof(*rc->opaque));
	rc->opaque->next_id = 1;
}

static void block_free(struct opaque_block *b)
{
	for (size_t i = 0; i < b->nsub; i++)
		free(b->sub[i]);
	free(b->sub);
	free(b->text);
}

static void opaque_fini(struct running_config *rc)
{
	struct opaque_config *oc = rc->opaque;

	if (!oc)
		return;
	for (size_t i = 0; i < oc->n; i++)
		block_free(&oc->blocks[i]);
	free(oc->blocks);
	for (size_t i = 0; i < oc->nifaces; i++) {
		for (size_t j = 0; j < oc->ifaces[i].n; j++)
			free(oc->ifaces[i].lines[j]);
		free(oc->ifaces[i].lines);
		free(oc->ifaces[i].name);
	}
	free(oc->ifaces);
	free(oc);
	rc->opaque = NULL;
}

static struct opaque_block *block_find(struct opaque_config *oc, const char *text)
{
	for (size_t i = 0; i < oc->n; i++)
		if (same_command(oc->blocks[i].text, text))
			return &oc->blocks[i];
	return NULL;
}

static struct opaque_block *block_by_id(struct opaque_config *oc, unsigned id)
{
	for (size_t i = 0; i < oc->n; i++)
		if (oc->blocks[i].id == id)
			return &oc->blocks[i];
	return NULL;
}

static void block_remove(struct opaque_config *oc, struct opaque_block *b)
{
	size_t i = (size_t)(b - oc->blocks);

	block_free(b);
	memmove(b, b + 1, (oc->n - i - 1) * sizeof(*b));
	oc->n--;
}

static struct opaque_block *block_add(struct opaque_config *oc, const char *text, unsigned kw)
{
	oc->blocks = xrealloc(oc->blocks, (oc->n + 1) * sizeof(*oc->blocks));
	oc->blocks[oc->n] = (struct opaque_block){ .text = xstrdup(text), .kw = kw, .id = oc->next_id++ };
	return &oc->blocks[oc->n++];
}

static struct opaque_iface *iface_lines(struct opaque_config *oc, const char *name, bool create)
{
	for (size_t i = 0; i < oc->nifaces; i++)
		if (!strcmp(oc->ifaces[i].name, name))
			return &oc->ifaces[i];
	if (!create)
		return NULL;
	oc->ifaces = xrealloc(oc->ifaces, (oc->nifaces + 1) * sizeof(*oc->ifaces));
	oc->ifaces[oc->nifaces] = (struct opaque_iface){ .name = xstrdup(name) };
	return &oc->ifaces[oc->nifaces++];
}

/* ---- handlers ---- */

static unsigned kw_index(const struct command *cmd)
{
	return (unsigned)(cmd - opaque_cmds);
}

static void enter_block(struct session *s, const struct opaque_block *b)
{
	char id[16];

	snprintf(id, sizeof(id), "%u", b->id);
	session_set_ctx(s, "opaque", id);
	session_set_prompt(s, opaque_places[b->kw].prompt);
}

/* A global command: `no X` forgets a kept X (or is kept itself when X was the
 * default); X replaces a kept `no X`; the same command twice is kept once, and a
 * block typed again is re-entered. */
static int global_command(struct session *s, const struct cmd_args *a, bool no)
{
	struct opaque_config *oc = session_config(s)->opaque;
	const char *text = skip_blanks(a->line);
	const char *positive = no ? negated(text) : text;
	struct opaque_block *b;
	unsigned kw = kw_index(a->cmd);

	if (!positive)
		positive = text;
	if ((b = block_find(oc, positive)) != NULL && no) {
		block_remove(oc, b);
		return CMD_SUCCESS;
	}
	if (no) {
		if (!block_find(oc, text) && negated(text))
			block_add(oc, text, kw);
		return CMD_SUCCESS;
	}
	for (size_t i = 0; i < oc->n; i++) {
		const char *neg = negated(oc->blocks[i].text);
		if (neg && same_command(neg, text)) {
			block_remove(oc, &oc->blocks[i]);
			break;
		}
	}
	if (!b)
		b = block_add(oc, text, kw);
	if (a->cmd->enters == NODE_OPAQUE)
		enter_block(s, b);
	return CMD_SUCCESS;
}

/* ASA banners add one line per command; `no banner motd` clears that banner. */
static int asa_banner(struct session *s, const struct cmd_args *a, bool no)
{
	struct opaque_config *oc = session_config(s)->opaque;
	const char *type = arg_str(a, "type");
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "banner %s", type);
	if (no) {
		for (size_t i = oc->n; i-- > 0;) {
			const char *t = oc->blocks[i].text;
			if (!strncmp(t, prefix, strlen(prefix)) && (!t[strlen(prefix)] || t[strlen(prefix)] == ' '))
				block_remove(oc, &oc->blocks[i]);
		}
		return CMD_SUCCESS;
	}
	block_add(oc, skip_blanks(a->line), kw_index(a->cmd));
	return CMD_SUCCESS;
}

static int banner_more(struct session *s, const char *answer);

static void banner_ask(struct session *s)
{
	struct opaque_config *oc = session_config(s)->opaque;
	char q[96];

	snprintf(q, sizeof(q), "Enter TEXT message.  End with the character '%c'.", oc->banner_delim[0]);
	session_ask(s, false, q, banner_more);
}

/* A text line of an IOS banner: kept as typed; the banner ends at the line holding the
 * delimiter again. */
static int banner_more(struct session *s, const char *answer)
{
	struct opaque_config *oc = session_config(s)->opaque;
	struct opaque_block *b = block_by_id(oc, oc->banner_id);

	if (!b)
		return CMD_WARNING;
	strv_push(&b->sub, &b->nsub, answer);
	if (strstr(answer, oc->banner_delim))
		oc->banner_id = 0;
	else
		banner_ask(s);
	return CMD_SUCCESS;
}

/* IOS `banner TYPE cTEXTc`: the first character of the text delimits it (a saved
 * configuration shows ETX as ^C); the text may span lines. */
static int ios_banner(struct session *s, const struct cmd_args *a, bool no)
{
	struct opaque_config *oc = session_config(s)->opaque;
	const char *type = arg_str(a, "type");
	const char *rest = arg_has(a, "rest") ? arg_str(a, "rest") : "";
	char head[64];
	struct opaque_block *b;

	snprintf(head, sizeof(head), "banner %s", type);
	for (size_t i = oc->n; i-- > 0;)
		if (!strncmp(oc->blocks[i].text, head, strlen(head)) && oc->blocks[i].text[strlen(head)] == ' ')
			block_remove(oc, &oc->blocks[i]);
	if (no)
		return CMD_SUCCESS;
	if (!*rest) {
		cli_error(s, "%% Incomplete command.\n");
		return CMD_WARNING;
	}
	snprintf(oc->banner_delim, sizeof(oc->banner_delim), "%.*s", !strncmp(rest, "^C", 2) ? 2 : 1, rest);
	b = block_add(oc, skip_blanks(a->line), kw_index(a->cmd));
	if (strstr(rest + strlen(oc->banner_delim), oc->banner_delim))
		return CMD_SUCCESS;
	oc->banner_id = b->id;
	banner_ask(s);
	return CMD_SUCCESS;
}

static ssize_t line_index(const struct opaque_iface *f, const char *text)
{
	for (size_t i = 0; i < f->n; i++)
		if (same_command(f->lines[i], text))
			return (ssize_t)i;
	return -1;
}

/* Same rules as global commands: `no X` forgets X (or is kept when X is not there),
 * X replaces a kept `no X`, a repeated line is kept once in its first place. */
static int interface_command(struct session *s, const struct cmd_args *a, bool no)
{
	struct opaque_config *oc = session_config(s)->opaque;
	const char *name = session_ctx(s, "interface");
	const char *text = skip_blanks(a->line);
	struct opaque_iface *f;
	ssize_t i;

	if (!name)
		return CMD_SUCCESS;
	f = iface_lines(oc, name, true);
	if (no && negated(text) && (i = line_index(f, negated(text))) >= 0) {
		strv_remove(f->lines, &f->n, (size_t)i);
		return CMD_SUCCESS;
	}
	if (line_index(f, text) >= 0)
		return CMD_SUCCESS;
	for (size_t j = 0; !no && j < f->n; j++)
		if (negated(f->lines[j]) && same_command(negated(f->lines[j]), text)) {
			strv_remove(f->lines, &f->n, j);
			break;
		}
	strv_push(&f->lines, &f->n, text);
	return CMD_SUCCESS;
}

/* A global command typed inside a block leaves the block (the device does the same);
 * only lines that are not indented are candidates, as sub-mode lines of a saved file
 * are indented. */
static bool matches_in(struct session *s, enum node node, const char *line)
{
	struct match_ctx ctx = { node, session_personality(s), s->privilege };
	struct match_result r;
	bool ok;

	if (*line == ' ' || *line == '\t')
		return false;
	grammar_match(s->rd->grammar, &ctx, line, &r);
	ok = r.status == MATCH_OK;
	match_result_free(&r);
	return ok;
}

/* Whether the first word typed is the whole first keyword of the block line matched
 * ("route" typed in a class-map matched router-id only as an abbreviation). */
static bool typed_in_full(const struct cmd_args *a)
{
	const char *typed = skip_blanks(a->line);
	size_t n = strcspn(typed, " \t");

	if (arg_has(a, "word"))
		return false;
	return strlen(a->cmd->spec) >= n && !strncmp(a->cmd->spec, typed, n) &&
	       (a->cmd->spec[n] == ' ' || a->cmd->spec[n] == '\0');
}

static int block_line(struct session *s, const struct cmd_args *a)
{
	struct opaque_config *oc = session_config(s)->opaque;
	const char *id = session_ctx(s, "opaque");
	struct opaque_block *b = id ? block_by_id(oc, (unsigned)strtoul(id, NULL, 10)) : NULL;
	char *text;

	if (!typed_in_full(a) && matches_in(s, NODE_CONFIG, a->line)) {
		while (s->depth > 2)
			session_pop(s);
		return session_exec(s, a->line) == EXEC_OK ? CMD_SUCCESS : CMD_WARNING;
	}
	/* ASA runs EXEC commands (show...) from any configuration mode */
	if (!typed_in_full(a) && session_personality(s) == GP_ASA && matches_in(s, NODE_EXEC, a->line))
		return session_do(s, a->line, 0);
	if (!b)
		return CMD_SUCCESS;
	text = *a->line == ' ' || *a->line == '\t' ? xstrdup(a->line) : xasprintf(" %s", a->line);
	strv_push(&b->sub, &b->nsub, text);
	free(text);
	return CMD_SUCCESS;
}

static int opaque_cmd(struct session *s, const struct cmd_args *a, bool no)
{
	switch (a->cmd->node) {
	case NODE_INTERFACE:
		return interface_command(s, a, no);
	case NODE_OPAQUE:
		return block_line(s, a);
	default:
		break;
	}
	if (!strncmp(a->cmd->spec, "banner ", 7))
		return session_personality(s) == GP_IOS ? ios_banner(s, a, no) : asa_banner(s, a, no);
	return global_command(s, a, no);
}

/* ---- rendering ---- */

static enum opaque_section placement(const struct opaque_block *b, enum grammar_personality p)
{
	return p == GP_IOS ? opaque_places[b->kw].ios : opaque_places[b->kw].asa;
}

/* ASA's `show running-config` hides secrets of kept commands (SNMP communities, AAA
 * server keys, LDAP passwords, NTP keys) as it does pre-shared keys: the word after one
 * of these keywords becomes *****. The saved form keeps them. */
static void add_line(const struct render_ctx *ctx, const char *text, struct strbuf *out)
{
	static const char *const before_secret[] = { "community", "key", "ldap-login-password", "md5" };
	const char *p = text;

	if (ctx->personality != GP_ASA || ctx->mode == RENDER_SAVE) {
		sb_printf(out, "%s\n", text);
		return;
	}
	while (*p) {
		size_t blanks = strspn(p, " \t"), len = strcspn(p + blanks, " \t");
		bool secret_next = false;

		sb_addn(out, p, blanks + len);
		for (size_t i = 0; i < ARRAY_SIZE(before_secret); i++)
			if (len == strlen(before_secret[i]) && !strncmp(p + blanks, before_secret[i], len))
				secret_next = true;
		p += blanks + len;
		if (secret_next && p[strspn(p, " \t")]) {
			blanks = strspn(p, " \t");
			sb_addn(out, p, blanks);
			sb_add(out, "*****");
			p += blanks + strcspn(p + blanks, " \t");
		}
	}
	sb_addc(out, '\n');
}

/* The kept commands of one section, in declaration order, each group in typed order.
 * IOS closes every block (and a run of one-line commands before it) with `!`. */
static void render_section(const struct running_config *rc, const struct render_ctx *ctx,
			   enum opaque_section sec, struct strbuf *out)
{
	const struct opaque_config *oc = rc->opaque;
	bool ios = ctx->personality == GP_IOS, pending_bang = false;

	for (unsigned kw = 0; kw < ARRAY_SIZE(opaque_cmds); kw++)
		for (size_t i = 0; i < oc->n; i++) {
			const struct opaque_block *b = &oc->blocks[i];
			bool block = opaque_places[kw].prompt != NULL || b->nsub;

			if (b->kw != kw || placement(b, ctx->personality) != sec)
				continue;
			if (ios && block && pending_bang)
				sb_add(out, "!\n");
			add_line(ctx, b->text, out);
			for (size_t j = 0; j < b->nsub; j++)
				add_line(ctx, b->sub[j], out);
			/* a banner still waiting for its delimiter (a file ended inside it) is
			 * shown closed, so loading the rendering gives the same banner back */
			if (b->id == oc->banner_id)
				add_line(ctx, oc->banner_delim, out);
			if (ios && block)
				sb_add(out, "!\n");
			pending_bang = !block;
		}
	if (ios && pending_bang)
		sb_add(out, "!\n");
}

#define SECTION_RENDERER(fn, sec)                                                                     \
	static void fn(const struct running_config *rc, const struct render_ctx *ctx, struct strbuf *out) \
	{                                                                                                 \
		render_section(rc, ctx, sec, out);                                                        \
	}
SECTION_RENDERER(render_top, OS_TOP)
SECTION_RENDERER(render_after_interfaces, OS_AFTER_IF)
SECTION_RENDERER(render_early, OS_EARLY)
SECTION_RENDERER(render_middle, OS_MIDDLE)
SECTION_RENDERER(render_routing, OS_ROUTING)
SECTION_RENDERER(render_ca, OS_CA)
SECTION_RENDERER(render_late, OS_LATE)

void opaque_render_interface_lines(const struct running_config *rc, const char *ifname, struct strbuf *out)
{
	const struct opaque_iface *f = rc->opaque ? iface_lines(rc->opaque, ifname, false) : NULL;

	for (size_t i = 0; f && i < f->n; i++)
		sb_printf(out, " %s\n", f->lines[i]);
}

void opaque_forget_interface(struct running_config *rc, const char *ifname)
{
	struct opaque_iface *f = rc->opaque ? iface_lines(rc->opaque, ifname, false) : NULL;

	while (f && f->n)
		strv_remove(f->lines, &f->n, f->n - 1);
}

size_t opaque_command_count(const struct running_config *rc)
{
	return rc->opaque ? rc->opaque->n : 0;
}

size_t opaque_interface_line_count(const struct running_config *rc, const char *ifname)
{
	const struct opaque_iface *f = rc->opaque ? iface_lines(rc->opaque, ifname, false) : NULL;

	return f ? f->n : 0;
}

static const struct area_section opaque_sections[] = {
	{ "opaque-top", NULL, render_top },
	{ "opaque-after-interface", NULL, render_after_interfaces },
	{ "opaque-early", NULL, render_early },
	{ "opaque-middle", NULL, render_middle },
	{ "opaque-routing", NULL, render_routing },
	{ "opaque-crypto-ca", "crypto ca", render_ca },
	{ "opaque-late", NULL, render_late },
};

const struct area area_opaque = { "opaque", opaque_cmds, ARRAY_SIZE(opaque_cmds), opaque_init, opaque_fini,
				  opaque_sections, ARRAY_SIZE(opaque_sections) };
