/* dpctl reaches the xfrm backend through a weak reference, which does not pull it out
 * of the library; this strong one does, for the xfrm_dpctl build of the same tool. */
#include "platform/dp_xfrm.h"

const struct dataplane_ops *const xfrm_dpctl_backend = &dp_xfrm_ops;
