/* Default help for keywords that many commands share, so declarations can leave
 * those help lines empty and still list the device's wording. */
#include "parser/grammar.h"

#include <string.h>

static const struct {
	const char *keyword;
	const char *help;
} keyword_help[] = {
	{ "access-list", "Configure an access control list" },
	{ "address", "Specify the address" },
	{ "crypto", "Encryption module" },
	{ "description", "Interface specific description" },
	{ "dynamic-map", "Specify a dynamic crypto map template" },
	{ "enable", "Modify enable password parameters" },
	{ "extended", "Extended Access List" },
	{ "group", "Set the Diffie-Hellman group" },
	{ "hash", "Set hash algorithm for protection suite" },
	{ "host", "A single host address" },
	{ "ikev1", "Configure IKEv1" },
	{ "ipsec", "Configure IPSec policy" },
	{ "isakmp", "Configure ISAKMP policy" },
	{ "key", "Set pre-shared key for remote peer" },
	{ "lifetime", "Set lifetime for ISAKMP security association" },
	{ "map", "Enter a crypto map" },
	{ "permit", "Specify packets to forward" },
	{ "deny", "Specify packets to reject" },
	{ "policy", "Set policy for an ISAKMP protection suite" },
	{ "running-config", "Current operating configuration" },
	{ "security-association", "Security association parameters" },
	{ "set", "Set values for encryption/decryption" },
	{ "show", "Show running system information" },
	{ "transform-set", "Define transform and settings" },
	{ "tunnel-group", "Create and manage the database of connection specific records for IPSec connections" },
	{ "any", "Any source/destination host" },
};

const char *keyword_default_help(const char *keyword)
{
	for (size_t i = 0; i < ARRAY_SIZE(keyword_help); i++)
		if (!strcmp(keyword_help[i].keyword, keyword))
			return keyword_help[i].help;
	return NULL;
}
