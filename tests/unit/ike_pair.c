/* The two-engine harness, see ike_pair.h. */
#include "tests/unit/ike_pair.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"
#include "platform/util.h"
#include "vpn/isakmp.h"

#define NAT_PRIVATE "192.168.77.2"
#define NAT_PUBLIC "198.51.100.1"
#define NAT_PORT_OFFSET 20000       /* 500 -> 20500, 4500 -> 24500 */

struct flight {
	struct pair *p;
	unsigned generation;
	struct wire_pkt pkt;
	struct ev_timer *timer;
	struct flight *next, *prev;
};

static unsigned generation;
static struct flight *flights;
static uint64_t *clock_now;

static uint64_t virtual_clock(void *arg)
{
	(void)arg;
	return *clock_now;
}

uint64_t wire_rand(struct wire *w)
{
	/* xorshift64*: reproducible from the seed */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ull;
}

static bool chance(struct wire *w, double prob)
{
	return prob > 0 && (double)(wire_rand(w) >> 11) / (double)(1ull << 53) < prob;
}

static void flight_unlink(struct flight *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		flights = f->next;
	if (f->next)
		f->next->prev = f->prev;
	free(f->pkt.buf);
	free(f);
}

static int side_of(struct pair *p, struct ike_endpoint *to)
{
	for (int k = 0; k < 2; k++)
		if (p->addr[k].s_addr == to->addr.s_addr)
			return k;
	/* Traffic to the NAT's public address goes back to side 0 with the ports mapped. */
	if (p->w.nat && to->addr.s_addr == p->w.nat_public.s_addr && to->port > NAT_PORT_OFFSET) {
		to->addr = p->addr[0];
		to->port -= NAT_PORT_OFFSET;
		return 0;
	}
	return -1;
}

static void deliver(struct ev_loop *loop, void *arg)
{
	struct flight *f = arg;
	struct pair *p = f->p;
	struct wire_pkt pkt = f->pkt;
	int side;

	(void)loop;
	f->timer = NULL;
	p->w.in_flight--;
	if (f->generation != generation) {
		flight_unlink(f);
		return;
	}
	side = side_of(p, &pkt.to);
	if (side < 0 && p->w.catch_all)
		side = 1 - pkt.from_side;
	if (side < 0 || !p->e[side]) {
		p->w.undeliverable++;
	} else {
		p->w.delivered++;
		ike_engine_input(p->e[side], &pkt.to, &pkt.from, pkt.buf, pkt.len);
	}
	flight_unlink(f);
}

static void launch(struct pair *p, const struct wire_pkt *pkt, uint64_t delay)
{
	struct flight *f = xcalloc(1, sizeof(*f));

	f->p = p;
	f->generation = generation;
	f->pkt = *pkt;
	f->pkt.buf = xmalloc(pkt->len ? pkt->len : 1);
	memcpy(f->pkt.buf, pkt->buf, pkt->len);
	f->next = flights;
	if (flights)
		flights->prev = f;
	flights = f;
	p->w.in_flight++;
	f->timer = ev_timer_add(p->loop, delay, deliver, f);
}

static void trace(struct pair *p, const struct wire_pkt *pkt)
{
	struct wire *w = &p->w;

	if (!w->trace)
		return;
	if (w->nlog == w->caplog) {
		w->caplog = w->caplog ? 2 * w->caplog : 64;
		w->log = xrealloc(w->log, w->caplog * sizeof(*w->log));
	}
	w->log[w->nlog] = *pkt;
	w->log[w->nlog].buf = xmalloc(pkt->len);
	memcpy(w->log[w->nlog].buf, pkt->buf, pkt->len);
	w->nlog++;
}

static int wire_send(struct pair *p, int side, const struct ike_endpoint *from, const struct ike_endpoint *to,
		     const uint8_t *msg, size_t len)
{
	struct wire *w = &p->w;
	struct wire_pkt pkt = { side, *from, *to, (uint8_t *)msg, len };
	uint64_t delay = w->latency_ms;
	uint8_t *copy = NULL;
	int extra;

	w->sent++;
	if (side == 0 && w->nat) {
		pkt.from.addr = w->nat_public;
		pkt.from.port = (uint16_t)(from->port + NAT_PORT_OFFSET);
	}
	trace(p, &pkt);
	if (w->cut || chance(w, w->drop)) {
		w->dropped++;
		return 0;
	}
	if (w->filter && (extra = w->filter(p, &pkt, w->filter_ctx)) != 0) {
		if (extra < 0) {
			w->dropped++;
			return 0;
		}
		delay += (uint64_t)extra;
	}
	if (chance(w, w->corrupt) && len > 28) {
		copy = xmalloc(len);
		memcpy(copy, msg, len);
		copy[28 + wire_rand(w) % (len - 28)] ^= (uint8_t)(1u << (wire_rand(w) % 8));
		pkt.buf = copy;
		w->corrupted++;
	}
	if (chance(w, w->reorder)) {
		delay += 1 + wire_rand(w) % 40;
		w->reordered++;
	}
	launch(p, &pkt, delay);
	if (chance(w, w->dup)) {
		w->duplicated++;
		launch(p, &pkt, delay + 1 + wire_rand(w) % 5);
	}
	free(copy);
	return 0;
}

static int tx0(void *ctx, const struct ike_endpoint *from, const struct ike_endpoint *to, const uint8_t *msg,
	       size_t len)
{
	return wire_send(ctx, 0, from, to, msg, len);
}

static int tx1(void *ctx, const struct ike_endpoint *from, const struct ike_endpoint *to, const uint8_t *msg,
	       size_t len)
{
	return wire_send(ctx, 1, from, to, msg, len);
}

static int ka(void *ctx, const struct ike_endpoint *from, const struct ike_endpoint *to)
{
	struct pair *p = ctx;

	(void)to;
	p->w.keepalives[from->addr.s_addr == p->addr[0].s_addr ? 0 : 1]++;
	return 0;
}

static void side_start(struct pair *p, int side)
{
	memset(&p->dp[side], 0, sizeof(p->dp[side]));
	p->dp[side].ops = &dp_memory_ops;
	p->dp[side].loop = p->loop;
	p->dp[side].ops->open(&p->dp[side]);
	p->tx[side] = (struct ike_transport){ side ? tx1 : tx0, ka, p };
	p->e[side] = ike_engine_new(p->loop, &p->dp[side], &p->tx[side]);
}

static void side_stop(struct pair *p, int side)
{
	if (!p->e[side])
		return;
	ike_engine_free(p->e[side]);
	p->e[side] = NULL;
	p->dp[side].ops->close(&p->dp[side]);
}

void pair_init(struct pair *p)
{
	memset(p, 0, sizeof(*p));
	p->now = 1000000;
	clock_now = &p->now;
	p->loop = ev_loop_new();
	ev_set_clock(p->loop, virtual_clock, NULL);
	inet_pton(AF_INET, "192.0.2.1", &p->addr[0]);
	inet_pton(AF_INET, "192.0.2.2", &p->addr[1]);
	p->w.latency_ms = 1;
	p->w.rng = 0x9e3779b97f4a7c15ull;
	generation++;
	side_start(p, 0);
	side_start(p, 1);
}

static void wire_flush(struct pair *p)
{
	generation++;       /* packets in flight belong to the engines that sent them */
	(void)p;
}

void pair_free(struct pair *p)
{
	wire_flush(p);
	side_stop(p, 0);
	side_stop(p, 1);
	while (flights) {
		struct flight *f = flights;
		ev_timer_clear(f->p->loop, &f->timer);
		flight_unlink(f);
	}
	for (size_t i = 0; i < p->w.nlog; i++)
		free(p->w.log[i].buf);
	free(p->w.log);
	ev_loop_free(p->loop);
}

void pair_restart(struct pair *p)
{
	wire_flush(p);
	side_stop(p, 0);
	side_stop(p, 1);
	wire_flush(p);
	side_start(p, 0);
	side_start(p, 1);
}

void pair_reboot(struct pair *p, int side)
{
	struct dataplane dp = p->dp[side];

	/* State lost: the engine vanishes without a word (no Delete on the wire). */
	bool cut = p->w.cut;
	p->w.cut = true;
	ike_engine_free(p->e[side]);
	p->w.cut = cut;
	dp.ops->close(&p->dp[side]);
	side_start(p, side);
}

void pair_set_config(struct pair *p, int side, struct vpn_config *cfg)
{
	ike_engine_set_config(p->e[side], cfg);
	vpn_config_unref(cfg);
}

void pair_nat(struct pair *p)
{
	p->w.nat = true;
	inet_pton(AF_INET, NAT_PUBLIC, &p->w.nat_public);
	inet_pton(AF_INET, NAT_PRIVATE, &p->addr[0]);
}

void pair_run(struct pair *p, uint64_t ms)
{
	uint64_t end = p->now + ms;

	while (p->now < end) {
		uint64_t step = p->w.in_flight ? 1 : 25;
		p->now += step < end - p->now ? step : end - p->now;
		ev_run_timers(p->loop);
	}
}

bool pair_run_until(struct pair *p, bool (*cond)(struct pair *), uint64_t max_ms)
{
	uint64_t end = p->now + max_ms;

	while (p->now < end) {
		if (cond(p))
			return true;
		pair_run(p, p->w.in_flight ? 1 : 25);
	}
	return cond(p);
}

static struct dp_selector lan_sel(int side)
{
	struct dp_selector s = { .src_plen = 24, .dst_plen = 24 };

	inet_pton(AF_INET, side ? "10.2.0.0" : "10.1.0.0", &s.src);
	inet_pton(AF_INET, side ? "10.1.0.0" : "10.2.0.0", &s.dst);
	return s;
}

void pair_traffic(struct pair *p, int side)
{
	struct dp_selector sel = lan_sel(side);

	ike_engine_acquire(p->e[side], PAIR_REQID, &sel, p->addr[side], p->addr[1 - side]);
}

/* ---- configurations ------------------------------------------------------------------------- */

void cfg_set_policy(struct vpn_config *c, unsigned i, uint32_t prio, uint16_t enc, uint16_t bits, uint16_t hash,
		    uint16_t group, uint32_t life_s)
{
	if (i >= c->npolicies) {
		c->policies = xrealloc(c->policies, (i + 1) * sizeof(*c->policies));
		c->npolicies = i + 1;
	}
	c->policies[i] = (struct vpn_ike_policy){ prio, enc, bits, hash, OAKLEY_AUTH_PSK, group, life_s };
}

void cfg_set_tset(struct vpn_config *c, unsigned i, uint16_t esp_id, uint16_t bits, uint16_t auth_alg,
		  enum dp_mode mode)
{
	struct vpn_conn *conn = &c->conns[0];

	if (i >= conn->ntsets)
		conn->ntsets = i + 1;
	conn->tsets[i] = (struct vpn_transform_set){ .esp_id = esp_id, .key_bits = bits, .auth_alg = auth_alg,
						     .mode = mode };
	snprintf(conn->tsets[i].name, sizeof(conn->tsets[i].name), "TS%u", i + 1);
}

struct vpn_config *cfg_default(struct pair *p, int side)
{
	struct vpn_config *c = vpn_config_new();
	struct in_addr peer = p->addr[1 - side];

	if (p->w.nat && side == 1)
		peer = p->w.nat_public;     /* B sees A at the NAT's address */
	snprintf(c->hostname, sizeof(c->hostname), "gw%c", side ? 'B' : 'A');
	snprintf(c->domain, sizeof(c->domain), "ike.test");
	cfg_set_policy(c, 0, 10, OAKLEY_ENCR_AES_CBC, 256, OAKLEY_HASH_SHA1, OAKLEY_GROUP_MODP2048, 86400);
	c->nauth = 1;
	c->auth = xcalloc(1, sizeof(*c->auth));
	c->auth[0].addr = peer;
	inet_pton(AF_INET, "255.255.255.255", &c->auth[0].mask);
	c->auth[0].psk_len = (size_t)snprintf(c->auth[0].psk, sizeof(c->auth[0].psk), "interop-test-psk");
	c->nconns = 1;
	c->conns = xcalloc(1, sizeof(*c->conns));
	struct vpn_conn *conn = &c->conns[0];
	snprintf(conn->map_name, sizeof(conn->map_name), "OUT");
	snprintf(conn->ifname, sizeof(conn->ifname), "outside");
	conn->seq = 10;
	conn->reqid = PAIR_REQID;
	conn->local_addr = p->addr[side];
	conn->npeers = 1;
	conn->peers[0] = peer;
	conn->nsel = 1;
	conn->sel = xcalloc(1, sizeof(*conn->sel));
	conn->sel[0] = lan_sel(side);
	cfg_set_tset(c, 0, ESP_AES, 256, IPSEC_AUTH_HMAC_SHA1, DP_MODE_TUNNEL);
	conn->lifetime_s = 3600;
	conn->lifetime_kb = 4608000;
	c->nlocal = 1;
	c->local_addrs = xcalloc(1, sizeof(*c->local_addrs));
	c->local_addrs[0] = p->addr[side];
	return c;
}

/* ---- outcome --------------------------------------------------------------------------------- */

struct count_ctx {
	unsigned n;
	bool established_only, established;
};

static void count_ipsec(void *ctx, const struct ipsec_sa_info *i)
{
	(void)i;
	((struct count_ctx *)ctx)->n++;
}

static void count_ike(void *ctx, const struct ike_sa_info *i)
{
	struct count_ctx *c = ctx;

	if (i->established == c->established)
		c->n++;
}

unsigned pair_ipsec(struct pair *p, int side)
{
	struct count_ctx c = { 0 };

	ike_engine_foreach_ipsec_sa(p->e[side], count_ipsec, &c);
	return c.n;
}

unsigned pair_ike(struct pair *p, int side, bool established)
{
	struct count_ctx c = { .established = established };

	ike_engine_foreach_ike_sa(p->e[side], count_ike, &c);
	return c.n;
}

static bool twin_ok(struct pair *p, int side, const struct dpm_sa *out)
{
	struct dpm_sa *in = dp_memory_find(&p->dp[1 - side], out->conf.dst, out->conf.spi);

	/* Behind the NAT each side knows the other's SAs under another address. */
	for (unsigned i = 0; p->w.nat && !in && dp_memory_nth(&p->dp[1 - side], i); i++)
		if (dp_memory_nth(&p->dp[1 - side], i)->conf.spi == out->conf.spi)
			in = dp_memory_nth(&p->dp[1 - side], i);
	return in && !in->larval && in->conf.enc == out->conf.enc && in->conf.auth == out->conf.auth &&
	       in->conf.enc_key_len == out->conf.enc_key_len && in->conf.auth_key_len == out->conf.auth_key_len &&
	       memcmp(in->conf.enc_key, out->conf.enc_key, out->conf.enc_key_len) == 0 &&
	       memcmp(in->conf.auth_key, out->conf.auth_key, out->conf.auth_key_len) == 0 &&
	       in->conf.mode == out->conf.mode;
}

bool pair_keys_match(struct pair *p)
{
	unsigned outbound = 0;

	for (int side = 0; side < 2; side++) {
		for (unsigned i = 0; dp_memory_nth(&p->dp[side], i); i++) {
			struct dpm_sa *s = dp_memory_nth(&p->dp[side], i);
			if (s->conf.src.s_addr != p->addr[side].s_addr)
				continue;           /* inbound */
			outbound++;
			if (!twin_ok(p, side, s))
				return false;
		}
	}
	return outbound >= 2;
}

bool pair_up(struct pair *p)
{
	return pair_ipsec(p, 0) >= 1 && pair_ipsec(p, 1) >= 1 && pair_keys_match(p);
}

/* ---- log capture -------------------------------------------------------------------------------- */

static struct strbuf captured;

static void capture(void *ctx, bool is_debug, enum log_sev sev, const char *line)
{
	(void)ctx;
	(void)is_debug;
	(void)sev;
	sb_add(&captured, line);
	sb_addc(&captured, '\n');
	if (captured.len > (8u << 20))      /* a long test keeps only its recent past */
		sb_reset(&captured);
}

void logcap_init(void)
{
	log_init("test", true);
	log_set_level(getenv("IKE_TEST_VERBOSE") ? LOG_SEV_DEBUG : LOG_SEV_EMERG);
	sb_init(&captured);
	log_add_sink(capture, NULL);
}

void logcap_reset(void)
{
	sb_reset(&captured);
}

bool logcap_has(const char *needle)
{
	return strstr(captured.s, needle) != NULL;
}

unsigned logcap_count(const char *needle)
{
	unsigned n = 0;

	for (const char *s = captured.s; (s = strstr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

void logcap_dump(void)
{
	fputs(captured.s, stderr);
}
