/* iketool's configuration file: Cisco-flavoured key = value lines, turned into the
 * vpn_config snapshot the engine takes (what the config compiler will produce from a
 * running-config). One setting per line, '#' starts a comment:
 *
 *   local = 192.0.2.1                          address of the outside interface
 *   identity = address|hostname|key-id|auto    crypto isakmp identity
 *   hostname = gwA.ike.test                    the FQDN for identity hostname
 *   key-id = NAME
 *   natt = on|off                              crypto isakmp nat-traversal
 *   nat-keepalive = 20
 *   max-half-open = 1000
 *   am-disable = yes
 *   ipsec-lifetime = 3600 4608000              seconds, kilobytes (0 = unlimited)
 *   policy = PRIO ENC HASH GROUP [LIFETIME]    ENC des|3des|aes|aes-192|aes-256,
 *                                              HASH md5|sha|sha256|sha384|sha512
 *   psk = ADDR[/PLEN] KEY [dpd=THRESHOLD:RETRY]
 *   tset = NAME ESP [AUTH] [transport]         ESP esp-des|esp-3des|esp-aes[-192|-256]|
 *                                              esp-gcm[-192|-256]|esp-null,
 *                                              AUTH esp-md5-hmac|esp-sha-hmac|esp-sha256-hmac|...
 *   conn = MAP SEQ peer=A[,B..] sel=LNET/LEN:RNET/LEN[,..] tset=T1[,T2..] [pfs=GROUP]
 *          [life=S] [kb=KB] [aggressive] [no-nat-t] [answer-only] [originate-only] [dynamic]
 *          [local=ADDR]                      (another local address than `local`)
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/util.h"
#include "tests/tools/iketool.h"
#include "vpn/isakmp.h"

struct name_num {
	const char *name;
	unsigned num, bits;
};

static const struct name_num p1_ciphers[] = {
	{ "des", OAKLEY_ENCR_DES, 0 }, { "3des", OAKLEY_ENCR_3DES, 0 }, { "aes", OAKLEY_ENCR_AES_CBC, 128 },
	{ "aes-192", OAKLEY_ENCR_AES_CBC, 192 }, { "aes-256", OAKLEY_ENCR_AES_CBC, 256 },
};
static const struct name_num p1_hashes[] = {
	{ "md5", OAKLEY_HASH_MD5, 0 }, { "sha", OAKLEY_HASH_SHA1, 0 }, { "sha256", OAKLEY_HASH_SHA2_256, 0 },
	{ "sha384", OAKLEY_HASH_SHA2_384, 0 }, { "sha512", OAKLEY_HASH_SHA2_512, 0 },
};
static const struct name_num esp_ciphers[] = {
	{ "esp-des", ESP_DES, 0 }, { "esp-3des", ESP_3DES, 0 }, { "esp-aes", ESP_AES, 128 },
	{ "esp-aes-192", ESP_AES, 192 }, { "esp-aes-256", ESP_AES, 256 }, { "esp-gcm", ESP_AES_GCM_16, 128 },
	{ "esp-gcm-192", ESP_AES_GCM_16, 192 }, { "esp-gcm-256", ESP_AES_GCM_16, 256 }, { "esp-null", ESP_NULL, 0 },
};
static const struct name_num esp_auths[] = {
	{ "esp-md5-hmac", IPSEC_AUTH_HMAC_MD5, 0 }, { "esp-sha-hmac", IPSEC_AUTH_HMAC_SHA1, 0 },
	{ "esp-sha256-hmac", IPSEC_AUTH_HMAC_SHA2_256, 0 }, { "esp-sha384-hmac", IPSEC_AUTH_HMAC_SHA2_384, 0 },
	{ "esp-sha512-hmac", IPSEC_AUTH_HMAC_SHA2_512, 0 },
};

static const struct name_num *find(const struct name_num *t, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}
#define FIND(table, name) find(table, ARRAY_SIZE(table), name)

static int parse_net(const char *s, struct in_addr *addr, uint8_t *plen)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	long bits = slash ? strtol(slash + 1, NULL, 10) : 32;

	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - s) : (int)strlen(s), s);
	if (inet_pton(AF_INET, buf, addr) != 1 || bits < 0 || bits > 32)
		return -1;
	*plen = (uint8_t)bits;
	return 0;
}

static struct in_addr plen_mask(uint8_t plen)
{
	struct in_addr m = { plen ? htonl(0xffffffffu << (32 - plen)) : 0 };

	return m;
}

/* Splits s in place into words; returns the count. */
static int words(char *s, char **w, int max)
{
	int n = 0;

	for (char *tok = strtok(s, " \t"); tok && n < max; tok = strtok(NULL, " \t"))
		w[n++] = tok;
	return n;
}

static int add_policy(struct vpn_config *c, char *v)
{
	char *w[6];
	int n = words(v, w, 6);
	const struct name_num *enc = n >= 4 ? FIND(p1_ciphers, w[1]) : NULL, *hash = n >= 4 ? FIND(p1_hashes, w[2]) : NULL;

	if (!enc || !hash)
		return -1;
	c->policies = xrealloc(c->policies, (c->npolicies + 1) * sizeof(*c->policies));
	c->policies[c->npolicies++] = (struct vpn_ike_policy){
		.priority = (uint32_t)atoi(w[0]), .enc = (uint16_t)enc->num, .key_bits = (uint16_t)enc->bits,
		.hash = (uint16_t)hash->num, .auth = OAKLEY_AUTH_PSK, .group = (uint16_t)atoi(w[3]),
		.lifetime_s = n >= 5 ? (uint32_t)atoi(w[4]) : 86400 };
	return 0;
}

static int add_psk(struct vpn_config *c, char *v)
{
	char *w[4];
	int n = words(v, w, 4);
	struct vpn_peer_auth a = { 0 };
	uint8_t plen;

	if (n < 2 || parse_net(w[0], &a.addr, &plen) < 0)
		return -1;
	a.mask = plen_mask(plen);
	a.psk_len = (size_t)snprintf(a.psk, sizeof(a.psk), "%s", w[1]);
	if (n >= 3 && sscanf(w[2], "dpd=%u:%u", &a.dpd_threshold_s, &a.dpd_retry_s) == 2)
		a.dpd_enabled = true;
	c->auth = xrealloc(c->auth, (c->nauth + 1) * sizeof(*c->auth));
	c->auth[c->nauth++] = a;
	return 0;
}

static int add_tset(struct iketool_conf *tc, char *v)
{
	char *w[5];
	int n = words(v, w, 5);
	struct vpn_transform_set *ts = &tc->tsets[tc->ntsets];
	const struct name_num *enc = n >= 2 ? FIND(esp_ciphers, w[1]) : NULL;

	if (!enc || tc->ntsets >= ARRAY_SIZE(tc->tsets))
		return -1;
	memset(ts, 0, sizeof(*ts));
	snprintf(ts->name, sizeof(ts->name), "%s", w[0]);
	ts->esp_id = (uint16_t)enc->num;
	ts->key_bits = (uint16_t)enc->bits;
	for (int i = 2; i < n; i++) {
		const struct name_num *auth = FIND(esp_auths, w[i]);
		if (auth)
			ts->auth_alg = (uint16_t)auth->num;
		else if (strcmp(w[i], "transport") == 0)
			ts->mode = DP_MODE_TRANSPORT;
		else
			return -1;
	}
	tc->ntsets++;
	return 0;
}

static int conn_tsets(struct iketool_conf *tc, struct vpn_conn *conn, char *list)
{
	for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
		size_t k = 0;
		while (k < tc->ntsets && strcmp(tc->tsets[k].name, name) != 0)
			k++;
		if (k == tc->ntsets || conn->ntsets >= VPN_MAX_TSETS)
			return -1;
		conn->tsets[conn->ntsets++] = tc->tsets[k];
	}
	return 0;
}

static int conn_sels(struct vpn_conn *conn, char *list)
{
	for (char *s = strtok(list, ","); s; s = strtok(NULL, ",")) {
		struct dp_selector sel = { 0 };
		char *colon = strchr(s, ':');
		if (!colon)
			return -1;
		*colon = '\0';
		if (parse_net(s, &sel.src, &sel.src_plen) < 0 || parse_net(colon + 1, &sel.dst, &sel.dst_plen) < 0)
			return -1;
		conn->sel = xrealloc(conn->sel, (conn->nsel + 1) * sizeof(*conn->sel));
		conn->sel[conn->nsel++] = sel;
	}
	return 0;
}

static int conn_peers(struct vpn_conn *conn, char *list)
{
	for (char *s = strtok(list, ","); s; s = strtok(NULL, ",")) {
		if (conn->npeers >= VPN_MAX_PEERS || inet_pton(AF_INET, s, &conn->peers[conn->npeers]) != 1)
			return -1;
		conn->npeers++;
	}
	return 0;
}

static int conn_option(struct iketool_conf *tc, struct vpn_conn *conn, char *opt)
{
	char *eq = strchr(opt, '=');
	char *val = eq ? eq + 1 : NULL;

	if (eq)
		*eq = '\0';
	if (!strcmp(opt, "peer") && val)
		return conn_peers(conn, val);
	if (!strcmp(opt, "sel") && val)
		return conn_sels(conn, val);
	if (!strcmp(opt, "tset") && val)
		return conn_tsets(tc, conn, val);
	if (!strcmp(opt, "pfs") && val)
		conn->pfs_group = (uint16_t)atoi(val);
	else if (!strcmp(opt, "life") && val)
		conn->lifetime_s = (uint32_t)atoi(val);
	else if (!strcmp(opt, "kb") && val)
		conn->lifetime_kb = strtoull(val, NULL, 10);
	else if (!strcmp(opt, "aggressive"))
		conn->aggressive = true;
	else if (!strcmp(opt, "no-nat-t"))
		conn->nat_t_disable = true;
	else if (!strcmp(opt, "answer-only"))
		conn->conn_type = VPN_CONN_ANSWER_ONLY;
	else if (!strcmp(opt, "originate-only"))
		conn->conn_type = VPN_CONN_ORIGINATE_ONLY;
	else if (!strcmp(opt, "dynamic"))
		conn->dynamic = true;
	else if (!strcmp(opt, "local") && val)
		return inet_pton(AF_INET, val, &conn->local_addr) == 1 ? 0 : -1;
	else
		return -1;
	return 0;
}

static int add_conn(struct iketool_conf *tc, char *v)
{
	struct vpn_config *c = tc->cfg;
	char *w[24];
	int n = words(v, w, 24);
	struct vpn_conn *conn;

	if (n < 2)
		return -1;
	c->conns = xrealloc(c->conns, (c->nconns + 1) * sizeof(*c->conns));
	conn = &c->conns[c->nconns++];
	memset(conn, 0, sizeof(*conn));
	snprintf(conn->map_name, sizeof(conn->map_name), "%s", w[0]);
	snprintf(conn->ifname, sizeof(conn->ifname), "outside");
	conn->seq = (uint32_t)atoi(w[1]);
	conn->reqid = DP_REQID_BASE + (uint32_t)c->nconns;
	for (int i = 2; i < n; i++)
		if (conn_option(tc, conn, w[i]) < 0)
			return -1;
	return conn->nsel && conn->ntsets && (conn->npeers || conn->dynamic) ? 0 : -1;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static bool yes(const char *v)
{
	return !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1");
}

static int setting(struct iketool_conf *tc, const char *key, char *v)
{
	struct vpn_config *c = tc->cfg;

	if (!strcmp(key, "local"))
		return inet_pton(AF_INET, v, &tc->local) == 1 ? 0 : -1;
	if (!strcmp(key, "identity")) {
		c->identity = !strcmp(v, "hostname") ? VPN_ID_HOSTNAME : !strcmp(v, "key-id") ? VPN_ID_KEY_ID :
			      !strcmp(v, "auto") ? VPN_ID_AUTO : VPN_ID_ADDRESS;
	} else if (!strcmp(key, "hostname")) {
		snprintf(c->hostname, sizeof(c->hostname), "%s", v);
	} else if (!strcmp(key, "key-id")) {
		snprintf(c->key_id, sizeof(c->key_id), "%s", v);
	} else if (!strcmp(key, "natt")) {
		c->natt_enabled = yes(v);
	} else if (!strcmp(key, "nat-keepalive")) {
		c->natt_keepalive_s = (uint32_t)atoi(v);
	} else if (!strcmp(key, "max-half-open")) {
		c->max_half_open = (uint32_t)atoi(v);
	} else if (!strcmp(key, "am-disable")) {
		c->am_disabled = yes(v);
	} else if (!strcmp(key, "ipsec-lifetime")) {
		unsigned long long kb = 0;
		if (sscanf(v, "%u %llu", &c->default_lifetime_s, &kb) < 1)
			return -1;
		c->default_lifetime_kb = kb;
	} else if (!strcmp(key, "policy")) {
		return add_policy(c, v);
	} else if (!strcmp(key, "psk")) {
		return add_psk(c, v);
	} else if (!strcmp(key, "tset")) {
		return add_tset(tc, v);
	} else if (!strcmp(key, "conn")) {
		return add_conn(tc, v);
	} else {
		return -1;
	}
	return 0;
}

static int by_priority(const void *a, const void *b)
{
	const struct vpn_ike_policy *pa = a, *pb = b;

	return pa->priority < pb->priority ? -1 : pa->priority > pb->priority;
}

int iketool_conf_load(struct iketool_conf *tc, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0;

	if (!f) {
		fprintf(stderr, "iketool: %s: cannot open\n", path);
		return -1;
	}
	memset(tc, 0, sizeof(*tc));
	tc->cfg = vpn_config_new();
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#'), *eq, *s;
		lineno++;
		if (hash)
			*hash = '\0';
		s = trim(line);
		if (!*s)
			continue;
		eq = strchr(s, '=');
		if (eq)
			*eq = '\0';
		if (!eq || setting(tc, trim(s), trim(eq + 1)) < 0) {
			fprintf(stderr, "iketool: %s:%d: invalid line\n", path, lineno);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	qsort(tc->cfg->policies, tc->cfg->npolicies, sizeof(*tc->cfg->policies), by_priority);
	tc->cfg->nlocal = 1;
	tc->cfg->local_addrs = xmalloc(sizeof(struct in_addr));
	tc->cfg->local_addrs[0] = tc->local;
	for (size_t i = 0; i < tc->cfg->nconns; i++)
		if (!tc->cfg->conns[i].local_addr.s_addr)
			tc->cfg->conns[i].local_addr = tc->local;
	return 0;
}
