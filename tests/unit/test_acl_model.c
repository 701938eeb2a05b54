/* The access-list model without the CLI: entries and objects built through the
 * model functions, then the compiler's selectors, the change counters and the
 * `show access-list(s)` text. (test_acl drives the same model through the grammar.) */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "running-config/acl_int.h"

static struct in_addr ip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

static struct running_config *rc_new(void)
{
	struct running_config *rc = xcalloc(1, sizeof(*rc));

	rc->acl = xcalloc(1, sizeof(struct acl_config));
	return rc;
}

static void rc_free(struct running_config *rc)
{
	acl_config_free(rc->acl);
	free(rc);
}

static struct net_object *add_object(struct acl_config *cfg, const char *name, enum netobj_kind kind, const char *a,
				     const char *b)
{
	struct net_object *o = xcalloc(1, sizeof(*o));

	o->name = xstrdup(name);
	o->kind = kind;
	o->a = ip(a);
	o->b = ip(b);
	cfg->objects = xrealloc(cfg->objects, (cfg->nobjects + 1) * sizeof(*cfg->objects));
	cfg->objects[cfg->nobjects++] = o;
	return o;
}

static struct object_group *add_group(struct acl_config *cfg, const char *name, enum group_type type)
{
	struct object_group *g = xcalloc(1, sizeof(*g));

	g->name = xstrdup(name);
	g->type = type;
	cfg->groups = xrealloc(cfg->groups, (cfg->ngroups + 1) * sizeof(*cfg->groups));
	cfg->groups[cfg->ngroups++] = g;
	return g;
}

static void add_member(struct object_group *g, struct group_member m)
{
	g->members = xrealloc(g->members, (g->nmembers + 1) * sizeof(*g->members));
	g->members[g->nmembers++] = m;
}

static struct acl_entry ext(bool permit, int proto)
{
	struct acl_entry e;

	acl_entry_init(&e, ACE_EXTENDED);
	e.permit = permit;
	e.proto = proto;
	return e;
}

/* An object range becomes the fewest aligned prefixes; a tcp-udp service group two
 * protocols; a single-element entry keeps its own hash in `show access-list`. */
static void test_objects_to_selectors(void)
{
	struct running_config *rc = rc_new();
	struct acl_config *cfg = rc->acl;
	struct object_group *svc = add_group(cfg, "DNS", GROUP_SERVICE);
	struct acl *acl = acl_create(cfg, "OUT", ACL_FAMILY_ASA);
	struct acl_entry e = ext(true, PROTO_IP);
	struct acl_selectors sel;
	struct strbuf out;
	unsigned change;

	add_object(cfg, "R", NETOBJ_RANGE, "10.0.0.1", "10.0.0.6");
	add_member(svc, (struct group_member){ .kind = MEMBER_SERVICE, .proto = PROTO_TCP_UDP, .icmp_type = -1,
					       .dport = { PORT_EQ, 53, 0 } });
	e.proto_kind = ACL_PROTO_GROUP;
	e.proto_name = xstrdup("DNS");
	e.src.kind = ACL_ADDR_OBJECT;
	e.src.name = xstrdup("R");
	e.dst.kind = ACL_ADDR_HOST;
	e.dst.addr = ip("192.0.2.1");
	acl_insert(cfg, acl, &e, 0);

	CHECK(acl_expand(rc, "OUT", &sel));
	/* 10.0.0.1/32, .2/31, .4/31, .6/32 -> 4 prefixes x tcp,udp */
	CHECK(sel.n == 8);
	if (sel.n == 8) {
		CHECK(sel.v[0].proto == 6 && sel.v[4].proto == 17);
		CHECK(sel.v[0].src.s_addr == ip("10.0.0.1").s_addr && sel.v[0].src_mask.s_addr == 0xffffffffu);
		CHECK(sel.v[1].src.s_addr == ip("10.0.0.2").s_addr && sel.v[1].src_mask.s_addr == ip("255.255.255.254").s_addr);
		CHECK(sel.v[2].src.s_addr == ip("10.0.0.4").s_addr && sel.v[2].src_mask.s_addr == ip("255.255.255.254").s_addr);
		CHECK(sel.v[3].src.s_addr == ip("10.0.0.6").s_addr);
		CHECK(sel.v[0].dport_lo == 53 && sel.v[0].dport_hi == 53 && sel.v[0].sport_hi == 65535);
	}
	acl_selectors_free(&sel);

	sb_init(&out);
	acl_show(rc, GP_ASA, "OUT", &out);
	CHECK(strstr(out.s, "access-list OUT; 1 elements; name hash: 0x") == out.s);
	CHECK(strstr(out.s, "\naccess-list OUT line 1 extended permit object-group DNS object R host 192.0.2.1 (hitcnt=0) 0x") != NULL);
	CHECK(strstr(out.s, "\n  access-list OUT line 1 extended permit tcp range 10.0.0.1 10.0.0.6 host 192.0.2.1 eq domain (hitcnt=0) 0x") != NULL);
	CHECK(strstr(out.s, "\n  access-list OUT line 1 extended permit udp range 10.0.0.1 10.0.0.6 host 192.0.2.1 eq domain (hitcnt=0) 0x") != NULL);
	{
		/* one element: the expanded lines carry the entry's hash */
		const char *parent = strstr(out.s, "line 1 extended permit object-group");
		const char *child = strstr(out.s, "eq domain (hitcnt=0) 0x");
		CHECK(parent && child && !strncmp(strstr(parent, ") 0x") + 2, child + 21, 10));
	}
	sb_free(&out);

	/* the group changes: so does the list that uses it */
	change = acl_change_count(rc, "OUT");
	add_member(svc, (struct group_member){ .kind = MEMBER_PROTO, .proto = 50, .icmp_type = -1 });
	acl_touch_users(cfg, "DNS");
	CHECK(acl_change_count(rc, "OUT") > change);
	CHECK(acl_first_user(cfg, "R") == acl);
	CHECK(acl_first_user(cfg, "NONE") == NULL);
	rc_free(rc);
}

static void test_ios_show_and_hits(void)
{
	struct running_config *rc = rc_new();
	struct acl_config *cfg = rc->acl;
	struct acl *acl = acl_create(cfg, "110", ACL_FAMILY_EXTENDED);
	struct acl_entry e = ext(true, PROTO_IP);
	struct strbuf out;

	e.seq = 10;
	e.src.kind = ACL_ADDR_NET;
	e.src.addr = ip("192.168.0.0");
	e.src.wild = ip("0.0.0.255");
	e.dst.kind = ACL_ADDR_NET;
	e.dst.addr = ip("192.168.1.0");
	e.dst.wild = ip("0.0.0.255");
	acl_insert(cfg, acl, &e, 0);
	for (int i = 0; i < 11; i++)
		acl_hit(rc, "110", 0);
	acl_hit(rc, "110", 7);          /* no such entry: ignored */
	acl_hit(rc, "nosuch", 0);
	sb_init(&out);
	acl_show(rc, GP_IOS, NULL, &out);
	CHECK_STR(out.s, "Extended IP access list 110\n"
			 "    10 permit ip 192.168.0.0 0.0.0.255 192.168.1.0 0.0.0.255 (11 matches)\n");
	acl_clear_counters(rc, NULL);
	sb_reset(&out);
	acl_show(rc, GP_IOS, "110", &out);
	CHECK_STR(out.s, "Extended IP access list 110\n"
			 "    10 permit ip 192.168.0.0 0.0.0.255 192.168.1.0 0.0.0.255\n");
	sb_free(&out);
	CHECK(acl_exists(rc, "110") && !acl_exists(rc, "111"));
	acl_delete(cfg, "110");
	CHECK(!acl_exists(rc, "110") && acl_change_count(rc, "110") == 0);
	rc_free(rc);
}

static void test_names(void)
{
	CHECK(port_by_name(GP_ASA, 6, "https") == 443);
	CHECK(port_by_name(GP_ASA, 17, "https") == -1);
	CHECK(port_by_name(GP_IOS, 6, "https") == -1);
	CHECK(port_by_name(GP_IOS, 17, "non500-isakmp") == 4500);
	CHECK(port_by_name(GP_ASA, PROTO_TCP_UDP, "domain") == 53);
	CHECK(port_by_name(GP_ASA, PROTO_TCP_UDP, "ssh") == -1);
	CHECK_STR(port_name(GP_ASA, 6, 80), "www");
	CHECK(port_name(GP_IOS, 6, 443) == NULL);
	CHECK_STR(proto_name(GP_ASA, 51), "ah");
	CHECK_STR(proto_name(GP_IOS, 51), "ahp");
	CHECK_STR(proto_name(GP_ASA, 50), "esp");
	CHECK(proto_by_name("ipsec") == 50 && proto_by_name("ip") == PROTO_IP && proto_by_name("300") == PROTO_UNKNOWN);
	CHECK(icmp_by_name("echo-reply") == 0 && icmp_by_name("echo") == 8);
	CHECK_STR(log_level_name(6), "informational");
}

int main(void)
{
	test_objects_to_selectors();
	test_ios_show_and_hits();
	test_names();
	return check_done("test_acl_model");
}
