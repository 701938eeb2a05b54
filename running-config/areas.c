/* The list of config areas. Each area file defines one `const struct area area_NAME`;
 * add it here (one extern, one entry) when the file lands. */
#include "running-config/area.h"

extern const struct area area_system;      /* hostname, enable, username, interface */
extern const struct area area_exec;        /* show, write, copy, terminal, debug... (EXEC verbs) */
extern const struct area area_ike_policy, area_ike_global, area_ike_keys;  /* IKE phase 1 (ike.h) */
extern const struct area area_acl, area_objects;   /* access lists; objects, object-groups, names */
extern const struct area area_ipsec, area_cmap, area_tgroup;  /* phase 2, crypto maps, tunnel-groups */
extern const struct area area_pipe;        /* output filters after | (shell/pipe.c) */
extern const struct area area_system_show;  /* show version, clock, interfaces */
extern const struct area area_opaque;      /* kept-verbatim commands (opaque.h) */
extern const struct area area_crypto_show;  /* show/debug/clear crypto: SAs of the running VPN */
/* AREA-EXTERNS (keep this marker: helpers add their extern lines above it) */

const struct area *const rampart_areas[] = {
	&area_system,
	&area_exec,
	&area_ike_policy, &area_ike_global, &area_ike_keys,
	&area_acl, &area_objects,
	&area_ipsec, &area_cmap, &area_tgroup,
	&area_pipe,
	&area_system_show,
	&area_opaque,
	&area_crypto_show,
	/* AREA-ENTRIES (keep this marker: helpers add their entries above it) */
};
const size_t rampart_area_count = ARRAY_SIZE(rampart_areas);

struct command_table *areas_command_tables(size_t *count)
{
	struct command_table *tables = xcalloc(rampart_area_count, sizeof(*tables));

	for (size_t i = 0; i < rampart_area_count; i++)
		tables[i] = (struct command_table){ rampart_areas[i]->cmds, rampart_areas[i]->ncmds };
	*count = rampart_area_count;
	return tables;
}
