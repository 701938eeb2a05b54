/* The data-plane backends by name, for the daemon's bootstrap and the test tools. */
#include <string.h>

#include "platform/dataplane.h"
#include "platform/dp_userspace.h"
#include "platform/dp_xfrm.h"
#include "platform/util.h"

static const struct dataplane_ops *const backends[] = {
	&dp_xfrm_ops,
	&dp_userspace_ops,
};

const struct dataplane_ops *dataplane_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(backends); i++)
		if (strcmp(backends[i]->name, name) == 0)
			return backends[i];
	return NULL;
}
