/* The CLI modes ("nodes"). Each has a parent (where `exit` goes) and a prompt suffix per
 * personality; see parser/node.c. */
#ifndef RAMPART_NODE_H
#define RAMPART_NODE_H

#include <stdbool.h>

enum node {
	NODE_NONE = 0,
	NODE_EXEC,
	NODE_CONFIG,
	NODE_INTERFACE,
	NODE_IKEV1_POLICY,          /* ASA crypto ikev1 policy N */
	NODE_ISAKMP_POLICY,         /* IOS crypto isakmp policy N; ASA legacy */
	NODE_CRYPTO_TRANS,          /* IOS transform set */
	NODE_CRYPTO_MAP,            /* IOS crypto map / dynamic map entry */
	NODE_IPSEC_PROFILE,
	NODE_ISAKMP_PROFILE,
	NODE_KEYRING,
	NODE_ISAKMP_PEER,
	NODE_EXT_NACL,
	NODE_STD_NACL,
	NODE_TUNNEL_GENERAL,
	NODE_TUNNEL_IPSEC,
	NODE_GROUP_POLICY,
	NODE_NETWORK_OBJECT,
	NODE_NETWORK_OBJECT_GROUP,
	NODE_OPAQUE,                /* the block of a command kept verbatim */
	NODE_PIPE,                  /* output filters after '|' */
	NODE_COUNT,
	/* Pseudo-node for declarations: the command exists in every configuration node. */
	NODE_ANY_CONFIG,
};

struct node_info {
	enum node parent;           /* where `exit` goes; NODE_NONE for EXEC */
	const char *prompt_ios;     /* suffix inside "(...)", NULL = none */
	const char *prompt_asa;
	const char *exit_help;      /* `exit` in `?` listings */
};

const struct node_info *node_info(enum node n);
bool node_is_config(enum node n);

#endif
