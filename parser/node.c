#include "parser/node.h"

#include <stddef.h>

/* Prompt suffixes: ../reference/cisco-grammar.md §1 (note IOS's "cfg-crypto-trans"
 * and "ipsec-profile", which lack the "config-" prefix on real devices). */
static const struct node_info nodes[NODE_COUNT] = {
	[NODE_EXEC] = { NODE_NONE, NULL, NULL, "Exit from the EXEC" },
	[NODE_CONFIG] = { NODE_EXEC, "config", "config", "Exit from configure mode" },
	[NODE_INTERFACE] = { NODE_CONFIG, "config-if", "config-if", "Exit from interface configuration mode" },
	[NODE_IKEV1_POLICY] = { NODE_CONFIG, "config-ikev1-policy", "config-ikev1-policy",
				"Exit from ikev1 policy configuration mode" },
	[NODE_ISAKMP_POLICY] = { NODE_CONFIG, "config-isakmp", "config-isakmp-policy",
				 "Exit from ISAKMP protection suite configuration mode" },
	[NODE_CRYPTO_TRANS] = { NODE_CONFIG, "cfg-crypto-trans", "cfg-crypto-trans",
				"Exit from crypto transform configuration mode" },
	[NODE_CRYPTO_MAP] = { NODE_CONFIG, "config-crypto-map", "config-crypto-map",
			      "Exit from crypto map configuration mode" },
	[NODE_IPSEC_PROFILE] = { NODE_CONFIG, "ipsec-profile", "ipsec-profile",
				 "Exit from crypto ipsec profile configuration mode" },
	[NODE_ISAKMP_PROFILE] = { NODE_CONFIG, "conf-isa-prof", "conf-isa-prof",
				  "Exit from crypto isakmp profile sub mode" },
	[NODE_KEYRING] = { NODE_CONFIG, "conf-keyring", "conf-keyring", "Exit from crypto keyring sub mode" },
	[NODE_ISAKMP_PEER] = { NODE_CONFIG, "config-isakmp-peer", "config-isakmp-peer",
			       "Exit from crypto isakmp peer sub mode" },
	[NODE_EXT_NACL] = { NODE_CONFIG, "config-ext-nacl", "config-ext-nacl", "Exit from access-list configuration mode" },
	[NODE_STD_NACL] = { NODE_CONFIG, "config-std-nacl", "config-std-nacl", "Exit from access-list configuration mode" },
	[NODE_TUNNEL_GENERAL] = { NODE_CONFIG, "config-tunnel-general", "config-tunnel-general",
				  "Exit from tunnel-group general-attributes configuration mode" },
	[NODE_TUNNEL_IPSEC] = { NODE_CONFIG, "config-tunnel-ipsec", "config-tunnel-ipsec",
				"Exit from tunnel-group ipsec-attributes configuration mode" },
	[NODE_GROUP_POLICY] = { NODE_CONFIG, "config-group-policy", "config-group-policy",
				"Exit from group-policy configuration mode" },
	[NODE_NETWORK_OBJECT] = { NODE_CONFIG, "config-network-object", "config-network-object",
				  "Exit from network object configuration mode" },
	[NODE_NETWORK_OBJECT_GROUP] = { NODE_CONFIG, "config-network-object-group", "config-network-object-group",
					"Exit from network object-group configuration mode" },
	[NODE_OPAQUE] = { NODE_CONFIG, "config-sub", "config-sub", "Exit from this sub mode" },
	[NODE_PIPE] = { NODE_NONE, NULL, NULL, NULL },
};

const struct node_info *node_info(enum node n)
{
	return n > NODE_NONE && n < NODE_COUNT ? &nodes[n] : &nodes[NODE_EXEC];
}

bool node_is_config(enum node n)
{
	return n >= NODE_CONFIG && n < NODE_PIPE;
}
