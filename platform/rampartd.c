/* rampartd: everything it runs lives in librampart.a (platform/daemon_main.c). */
#include "platform/daemon_main.h"

int main(int argc, char **argv)
{
	return rampartd_main(argc, argv);
}
