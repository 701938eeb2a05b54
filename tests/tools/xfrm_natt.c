/* xfrm_natt ADDR: holds the UDP port 4500 socket of ADDR the way the IKE socket layer
 * does with the xfrm backend (ESP-in-UDP handed to the kernel, the socket exempt from
 * IPsec policies), so that a test can send ESP-in-UDP without an IKE daemon. Prints
 * "ready" and waits for a signal. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/dp_xfrm.h"

int main(int argc, char **argv)
{
	struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons(4500) };
	int fd, err;

	if (argc != 2 || inet_pton(AF_INET, argv[1], &local.sin_addr) != 1) {
		fputs("usage: xfrm_natt ADDR\n", stderr);
		return 2;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		perror("xfrm_natt: socket");
		return 1;
	}
	if ((err = dp_xfrm_exempt_socket(fd)) < 0 || (err = dp_xfrm_enable_udp_encap(fd)) < 0) {
		fprintf(stderr, "xfrm_natt: %s\n", strerror(-err));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	pause();
	return 0;
}
