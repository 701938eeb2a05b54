/* The order in which each personality prints its configuration
 * (../reference/cisco-grammar.md §10.1), and the section filter of ASA's
 * `show running-config <section>`. Areas supply the sections; an id listed here that
 * no area provides is simply skipped. */
#include "running-config/area.h"

#include <stdlib.h>
#include <string.h>

static const char *const asa_order[] = {
	"header", "hostname", "opaque-top", "enable", "names", "interface", "opaque-after-interface", "object",
	"object-group", "access-list",
	"opaque-early", "sysopt", "ipsec-transform-set", "ipsec-profile", "ipsec-sa", "crypto-map",
	"opaque-crypto-ca", "isakmp-enable", "isakmp-policy", "isakmp-global", "opaque-middle", "group-policy",
	"username", "tunnel-group", "opaque-late", "trailer",
};

static const char *const ios_order[] = {
	"header", "hostname", "opaque-early", "enable", "username", "opaque-middle", "crypto-keyring",
	"isakmp-policy", "isakmp-key", "isakmp-global", "isakmp-peer", "isakmp-profile", "ipsec-sa",
	"ipsec-transform-set", "ipsec-global", "ipsec-profile", "crypto-map", "interface", "opaque-routing",
	"named-acl", "access-list", "opaque-late", "trailer",
};

static const struct area_section *section_find(const char *id)
{
	for (size_t a = 0; a < rampart_area_count; a++)
		for (size_t i = 0; i < rampart_areas[a]->nsections; i++)
			if (!strcmp(rampart_areas[a]->sections[i].id, id))
				return &rampart_areas[a]->sections[i];
	return NULL;
}

/* "crypto" selects "crypto map" and "crypto ikev1"; "crypto map" selects only itself. */
static bool path_selected(const char *section_path, const char *filter)
{
	size_t n = strlen(filter);

	if (!section_path)
		return false;
	return !strncmp(section_path, filter, n) && (section_path[n] == '\0' || section_path[n] == ' ');
}

void running_config_render(const struct running_config *rc, const struct render_ctx *ctx,
			   const char *path_filter, struct strbuf *out)
{
	const char *const *order = ctx->personality == GP_IOS ? ios_order : asa_order;
	size_t count = ctx->personality == GP_IOS ? ARRAY_SIZE(ios_order) : ARRAY_SIZE(asa_order);

	for (size_t i = 0; i < count; i++) {
		const struct area_section *sec = section_find(order[i]);

		if (!sec || (path_filter && !path_selected(sec->path, path_filter)))
			continue;
		sec->render(rc, ctx, out);
	}
}

struct running_config *running_config_new(enum grammar_personality p)
{
	struct running_config *rc = xcalloc(1, sizeof(*rc));

	rc->personality = p;
	for (size_t a = 0; a < rampart_area_count; a++)
		if (rampart_areas[a]->init)
			rampart_areas[a]->init(rc);
	return rc;
}

void running_config_free(struct running_config *rc)
{
	if (!rc)
		return;
	for (size_t a = rampart_area_count; a-- > 0;)
		if (rampart_areas[a]->fini)
			rampart_areas[a]->fini(rc);
	free(rc);
}
