/* What the engine says, in the form of the box's personality (cisco-outputs §9-§11):
 *   ASA  syslog "%ASA-5-713119: Group = 192.0.2.2, IP = 192.0.2.2, PHASE 1 COMPLETED",
 *        debug  "[IKEv1]: IP = ..., IKE_DECODE SENDING Message (msgid=0) with payloads : HDR + SA (1) ..."
 *   IOS  syslog "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from ... failed its sanity check ...",
 *        debug  "ISAKMP:(1001):Old State = IKE_I_MM1  New State = IKE_I_MM2"
 * Where Cisco only says "atts are not acceptable", we also say which attribute of which
 * policy differed (DESIGN §5). State names are the ones `show crypto isakmp sa` prints. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpn/ikev1_int.h"

void addr_str(struct in_addr a, char *buf)
{
	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static bool asa(void)
{
	return log_personality() == LOG_ASA;
}

/* ---- names ----------------------------------------------------------------------------- */

const char *ike_encr_name(uint16_t encr, uint16_t key_bits)
{
	switch (encr) {
	case OAKLEY_ENCR_DES: return "des";
	case OAKLEY_ENCR_3DES: return "3des";
	case OAKLEY_ENCR_AES_CBC:
		return key_bits == 256 ? "aes-256" : key_bits == 192 ? "aes-192" : "aes";
	default: return "unknown";
	}
}

const char *ike_hash_name(uint16_t hash)
{
	const struct prf *prf = prf_by_ike_hash(hash);

	return prf ? prf_name(prf) : "unknown";
}

const char *state_asa(const struct ike_sa *sa)
{
	switch (sa->p1.state) {
	case ST_MM_I1: return "MM_WAIT_MSG2";
	case ST_MM_I2: return "MM_WAIT_MSG4";
	case ST_MM_I3: return "MM_WAIT_MSG6";
	case ST_MM_R1: return "MM_WAIT_MSG3";
	case ST_MM_R2: return "MM_WAIT_MSG5";
	case ST_AM_I1: return "AM_WAIT_MSG2";
	case ST_AM_R1: return "AM_WAIT_MSG3";
	case ST_P1_DONE: return sa->aggressive ? "AM_ACTIVE" : "MM_ACTIVE";
	default: return sa->aggressive ? "AM_INIT" : "MM_START";
	}
}

const char *state_ios(const struct ike_sa *sa)
{
	switch (sa->p1.state) {
	case ST_MM_I2: case ST_MM_R1: return "MM_SA_SETUP";
	case ST_MM_I3: case ST_MM_R2: return "MM_KEY_EXCH";
	case ST_AM_I1: case ST_AM_R1: return "AG_INIT_EXCH";
	case ST_P1_DONE: return "QM_IDLE";
	default: return sa->aggressive ? "AG_NO_STATE" : "MM_NO_STATE";
	}
}

/* IOS `debug crypto isakmp` state machine names (cisco-outputs §9.2). */
const char *state_fsm(enum ike_state st, bool initiator)
{
	static const char *const names[ST_COUNT] = {
		[ST_NONE] = "IKE_READY", [ST_MM_I1] = "IKE_I_MM1", [ST_MM_I2] = "IKE_I_MM3",
		[ST_MM_I3] = "IKE_I_MM5", [ST_MM_R1] = "IKE_R_MM2", [ST_MM_R2] = "IKE_R_MM4",
		[ST_AM_I1] = "IKE_I_AM1", [ST_AM_R1] = "IKE_R_AM2", [ST_P1_DONE] = "IKE_P1_COMPLETE",
		[ST_QM_NONE] = "IKE_QM_READY", [ST_QM_I1] = "IKE_QM_I_QM1", [ST_QM_R1] = "IKE_QM_R_QM2",
		[ST_QM_DONE] = "IKE_QM_PHASE2_COMPLETE", [ST_INFO] = "IKE_INFO",
	};

	UNUSED(initiator);
	return (unsigned)st < ST_COUNT && names[st] ? names[st] : "IKE_UNKNOWN";
}

/* ---- debug ---------------------------------------------------------------------------------- */

void ike_dbg(const struct ike_sa *sa, const char *fmt, ...)
{
	char text[512], peer[INET_ADDRSTRLEN];
	va_list ap;

	if (!dbg_on(DBG_ISAKMP, 1))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (asa()) {
		if (sa) {
			addr_str(sa->remote.addr, peer);
			dbg_line(DBG_ISAKMP, "[IKEv1 DEBUG]: IP = %s, %s", peer, text);
		} else {
			dbg_line(DBG_ISAKMP, "[IKEv1 DEBUG]: %s", text);
		}
	} else {
		dbg_line(DBG_ISAKMP, "ISAKMP:(%u):%s", sa ? sa->conn_id : 0, text);
	}
}

static void payload_list(const uint8_t *plain, size_t len, char *out, size_t out_len)
{
	struct isakmp_msg *m = xmalloc(sizeof(*m));
	size_t k = (size_t)snprintf(out, out_len, "HDR");

	if (isakmp_decode(m, plain, len) == CODEC_OK && (!m->body_pending || isakmp_walk(m, plain, len) == CODEC_OK))
		for (unsigned i = 0; i < m->n_payloads && k < out_len; i++)
			k += (size_t)snprintf(out + k, out_len - k, " + %s (%u)", isakmp_payload_name(m->chain[i].type),
					      m->chain[i].type);
	if (k < out_len)
		snprintf(out + k, out_len - k, " + NONE (0)");
	free(m);
}

void ike_dbg_packet(const struct ike_sa *sa, bool sending, const struct ike_endpoint *local,
		    const struct ike_endpoint *remote, const uint8_t *plain, size_t len, bool resend)
{
	char peer[INET_ADDRSTRLEN], list[384];
	uint32_t msgid = len >= ISAKMP_HDR_LEN ? be32_get(plain + 20) : 0;

	if (!dbg_on(DBG_ISAKMP, 1))
		return;
	addr_str(remote->addr, peer);
	if (asa()) {
		payload_list(plain, len, list, sizeof(list));
		dbg_line(DBG_ISAKMP, "[IKEv1]: IP = %s, IKE_DECODE %s Message (msgid=%x) with payloads : %s total length : %zu",
			 peer, sending ? (resend ? "RESENDING" : "SENDING") : "RECEIVED", msgid, list, len);
	} else if (sending) {
		dbg_line(DBG_ISAKMP, "ISAKMP:(%u): sending packet to %s my_port %u peer_port %u (%c) %s",
			 sa ? sa->conn_id : 0, peer, local->port, remote->port, sa && sa->initiator ? 'I' : 'R',
			 sa ? state_ios(sa) : "MM_NO_STATE");
	} else {
		dbg_line(DBG_ISAKMP, "ISAKMP (%u): received packet from %s dport %u sport %u Global (%c) %s",
			 sa ? sa->conn_id : 0, peer, local->port, remote->port, sa && sa->initiator ? 'I' : 'R',
			 sa ? state_ios(sa) : "MM_NO_STATE");
	}
}

void ike_dbg_transition(const struct ike_sa *sa, const struct ike_xchg *x, enum ike_state from, enum ike_state to)
{
	if (!dbg_on(DBG_ISAKMP, 1))
		return;
	if (x->msgid)
		ike_dbg(sa, "Node %u, Old State = %s  New State = %s", x->msgid, state_fsm(from, x->initiator),
			state_fsm(to, x->initiator));
	else
		ike_dbg(sa, "Old State = %s  New State = %s ", state_fsm(from, x->initiator), state_fsm(to, x->initiator));
}

/* ---- Phase 1 ------------------------------------------------------------------------------------ */

/* ASA: "Group = <tunnel-group>, IP = <peer>, " once the tunnel group is known (the peer
 * address for L2L), "IP = <peer>, " before. */
static void asa_prefix(const struct ike_sa *sa, char *buf, size_t len)
{
	char peer[INET_ADDRSTRLEN];

	addr_str(sa->remote.addr, peer);
	if (sa->auth)
		snprintf(buf, len, "Group = %s, IP = %s, ", peer, peer);
	else
		snprintf(buf, len, "IP = %s, ", peer);
}

void log_p1_new(const struct ike_sa *sa, const struct vpn_conn *conn, const struct dp_selector *sel)
{
	char peer[INET_ADDRSTRLEN], l[INET_ADDRSTRLEN] = "0.0.0.0", r[INET_ADDRSTRLEN] = "0.0.0.0";

	addr_str(sa->remote.addr, peer);
	if (!asa()) {
		ike_dbg(sa, "beginning %s Mode exchange", sa->aggressive ? "Aggressive" : "Main");
		return;
	}
	if (sel) {
		addr_str(sel->src, l);
		addr_str(sel->dst, r);
	}
	log_cisco(LOG_SEV_NOTICE, "713041", NULL,
		  "IP = %s, IKE Initiator: New Phase 1, Intf %s, IKE Peer %s  local Proxy Address %s, remote Proxy Address %s,  Crypto map (%s)",
		  peer, conn->ifname[0] ? conn->ifname : "outside", peer, l, r, conn->map_name);
}

/* Single DES is offered for old peers only (56-bit keys): say so whenever it is used. */
static void weak_cipher_warning(const struct ike_sa *sa, const char *what)
{
	char peer[INET_ADDRSTRLEN];

	addr_str(sa->remote.addr, peer);
	if (asa())
		log_cisco(LOG_SEV_WARNING, "713903", NULL, "IP = %s, %s uses single DES, a weak cipher", peer, what);
	else
		log_cisco(LOG_SEV_WARNING, NULL, "CRYPTO-WEAK_CIPHER", "%s with %s uses single DES, a weak cipher",
			  what, peer);
}

void log_p1_complete(const struct ike_sa *sa)
{
	char pfx[96];

	if (sa->cipher && cipher_is_weak(sa->cipher))
		weak_cipher_warning(sa, "ISAKMP SA");
	if (!asa()) {
		ike_dbg(sa, "SA has been authenticated with %s", inet_ntoa(sa->remote.addr));
		return;
	}
	asa_prefix(sa, pfx, sizeof(pfx));
	log_cisco(LOG_SEV_NOTICE, "713119", NULL, "%sPHASE 1 COMPLETED", pfx);
}

void log_p1_failed(const struct ike_sa *sa, const char *why)
{
	char pfx[96], peer[INET_ADDRSTRLEN];

	addr_str(sa->remote.addr, peer);
	asa_prefix(sa, pfx, sizeof(pfx));
	if (asa())
		log_cisco(LOG_SEV_WARNING, "713903", NULL, "%sPhase 1 failed in %s: %s", pfx, state_asa(sa), why);
	else
		log_cisco(LOG_SEV_INFO, NULL, "CRYPTO-IKMP_MODE_FAILURE",
			  "Processing of %s mode failed with peer at %s (%s): %s", sa->aggressive ? "Aggressive" : "Main",
			  peer, state_ios(sa), why);
}

static const char *auth_name(uint16_t auth)
{
	switch (auth) {
	case OAKLEY_AUTH_PSK: return "preshared";
	case OAKLEY_AUTH_DSS: return "dss-sig";
	case OAKLEY_AUTH_RSA_SIG: return "rsa-sig";
	case OAKLEY_AUTH_RSA_ENC: return "rsa-encr";
	case OAKLEY_AUTH_XAUTH_INIT_PSK: return "xauth-preshared";
	case OAKLEY_AUTH_XAUTH_INIT_RSA: return "xauth-rsa-sig";
	default: return "other";
	}
}

static const char *group_name(uint16_t g, char *buf, size_t len)
{
	snprintf(buf, len, "Group %u", g);
	return buf;
}

/* One local policy against the closest offered transform, every differing attribute:
 * ASA 713257's "Mismatched attribute types for class X: Rcv'd: a Cfg'd: b", or the
 * IOS debug phrases ("Encryption algorithm offered does not match policy!"). */
static void p1_mismatch_text(const struct p1_mismatch *m, char *out, size_t len)
{
	const struct p1_attrs *o = &m->offered;
	const struct vpn_ike_policy *p = &m->policy;
	char a[24], b[24];
	size_t k = 0;

#define ADD(...) do { if (k < len) k += (size_t)snprintf(out + k, len - k, __VA_ARGS__); } while (0)
	out[0] = '\0';
	if (m->transform_no == 0) {
		ADD("no transform offered");
		return;
	}
	if (m->mask & P1_MIS_UNSUPPORTED)
		ADD("%stransform %u uses an unsupported algorithm", k ? "; " : "", m->transform_no);
	if (m->mask & P1_MIS_ENCR)
		ADD(asa() ? "%sclass Encryption Algorithm:  Rcv'd: %s  Cfg'd: %s" :
			    "%sEncryption algorithm offered (%s) does not match policy (%s)",
		    k ? "; " : "", ike_encr_name(o->encr, o->key_bits), ike_encr_name(p->enc, p->key_bits));
	if (m->mask & P1_MIS_KEYLEN)
		ADD(asa() ? "%sclass Key Length:  Rcv'd: %u  Cfg'd: %u" : "%sKey length offered (%u) does not match policy (%u)",
		    k ? "; " : "", o->key_bits ? o->key_bits : 128, p->key_bits ? p->key_bits : 128);
	if (m->mask & P1_MIS_HASH)
		ADD(asa() ? "%sclass Hash Algorithm:  Rcv'd: %s  Cfg'd: %s" : "%sHash algorithm offered (%s) does not match policy (%s)",
		    k ? "; " : "", ike_hash_name(o->hash), ike_hash_name(p->hash));
	if (m->mask & P1_MIS_AUTH)
		ADD(asa() ? "%sclass Authentication Method:  Rcv'd: %s  Cfg'd: %s" :
			    "%sAuthentication method offered (%s) does not match policy (%s)",
		    k ? "; " : "", auth_name(o->auth), auth_name(p->auth));
	if (m->mask & P1_MIS_NO_PSK)
		ADD("%spre-shared key authentication offered, but no pre-shared key is configured for this peer",
		    k ? "; " : "");
	if (m->mask & P1_MIS_GROUP)
		ADD(asa() ? "%sclass Group Description:  Rcv'd: %s  Cfg'd: %s" :
			    "%sDiffie-Hellman group offered (%s) does not match policy (%s)",
		    k ? "; " : "", group_name(o->group, a, sizeof(a)), group_name(p->group, b, sizeof(b)));
#undef ADD
}

void log_p1_no_proposal(const struct ike_sa *sa, const struct p1_report *r)
{
	char pfx[96], peer[INET_ADDRSTRLEN], text[400];

	addr_str(sa->remote.addr, peer);
	asa_prefix(sa, pfx, sizeof(pfx));
	for (unsigned i = 0; i < r->n; i++) {
		p1_mismatch_text(&r->m[i], text, sizeof(text));
		if (asa())
			log_cisco(LOG_SEV_NOTICE, "713257", NULL,
				  "%sPhase 1 failure:  Mismatched attribute types for policy %u (closest: transform %u): %s",
				  pfx, r->m[i].priority, r->m[i].transform_no, text);
		else
			log_cisco(LOG_SEV_INFO, NULL, "CRYPTO-IKMP_MODE_FAILURE",
				  "Processing of %s mode failed with peer at %s: priority %u policy (closest: transform %u): %s",
				  sa->aggressive ? "Aggressive" : "Main", peer, r->m[i].priority, r->m[i].transform_no, text);
	}
	if (r->n == 0)
		log_cisco(LOG_SEV_NOTICE, "713257", "CRYPTO-IKMP_MODE_FAILURE", "%sno IKE policy configured", pfx);
	if (asa())
		log_cisco(LOG_SEV_NOTICE, "713904", NULL,
			  "%sAll SA proposals found unacceptable (%u transforms offered): sending NO_PROPOSAL_CHOSEN",
			  pfx, r->n_offered);
	else
		ike_dbg(sa, " No offers accepted! (%u transforms offered)", r->n_offered);
}

void log_no_psk(const struct ike_sa *sa)
{
	char peer[INET_ADDRSTRLEN];

	addr_str(sa->remote.addr, peer);
	if (asa())
		log_cisco(LOG_SEV_WARNING, "713903", NULL,
			  "IP = %s, Can't find a valid tunnel group (no pre-shared key for this peer), aborting", peer);
	else
		log_cisco(LOG_SEV_INFO, NULL, "CRYPTO-IKMP_MODE_FAILURE", "No pre-shared key with %s!", peer);
}

void log_psk_mismatch(struct ike_sa *sa, const char *what)
{
	char pfx[96], peer[INET_ADDRSTRLEN];

	if (sa->psk_mismatch_logged)
		return;
	sa->psk_mismatch_logged = true;
	addr_str(sa->remote.addr, peer);
	asa_prefix(sa, pfx, sizeof(pfx));
	if (asa())
		log_cisco(LOG_SEV_NOTICE, "713904", NULL,
			  "%sERROR, had problems decrypting or authenticating %s in %s, probably a pre-shared key mismatch",
			  pfx, what, state_asa(sa));
	else
		log_cisco(LOG_SEV_WARNING, NULL, "CRYPTO-IKMP_BAD_MESSAGE",
			  "IKE message from %s failed its sanity check or is malformed (%s in %s): probably a pre-shared key mismatch",
			  peer, what, state_ios(sa));
}

/* ---- Phase 2 -------------------------------------------------------------------------------------- */

static void p2_mismatch_text(const struct p2_mismatch *m, char *out, size_t len)
{
	struct p2_attrs cfg = { .esp_id = (uint8_t)m->ts->esp_id, .key_bits = m->ts->key_bits,
				.auth_alg = m->ts->auth_alg };
	char off_asa[48], off_ios[48], cfg_asa[48], cfg_ios[48];
	bool udp;
	size_t k = 0;

#define ADD(...) do { if (k < len) k += (size_t)snprintf(out + k, len - k, __VA_ARGS__); } while (0)
	out[0] = '\0';
	if (m->transform_no == 0) {
		ADD("no ESP transform offered");
		return;
	}
	p2_transform_names(&m->offered, off_asa, sizeof(off_asa), off_ios, sizeof(off_ios));
	p2_transform_names(&cfg, cfg_asa, sizeof(cfg_asa), cfg_ios, sizeof(cfg_ios));
	if (m->mask & (P2_MIS_TRANSFORM | P2_MIS_KEYLEN | P2_MIS_AUTH))
		ADD("%s%s offered, %s configured", k ? "; " : "", asa() ? off_asa : off_ios, asa() ? cfg_asa : cfg_ios);
	if (m->mask & P2_MIS_TRANSFORM)
		ADD(" (encryption differs)");
	if (m->mask & P2_MIS_KEYLEN)
		ADD(" (key length differs)");
	if (m->mask & P2_MIS_AUTH)
		ADD(" (integrity differs)");
	if (m->mask & P2_MIS_MODE)
		ADD("%smode %s offered, %s configured", k ? "; " : "",
		    p2_mode(m->offered.encap, &udp) == DP_MODE_TRANSPORT ? "transport" : "tunnel",
		    m->ts->mode == DP_MODE_TRANSPORT ? "transport" : "tunnel");
	if (m->mask & P2_MIS_PFS) {
		if (m->offered.group)
			ADD("%sPFS group %u offered, group %u configured", k ? "; " : "", m->offered.group, m->pfs_wanted);
		else
			ADD("%sPFS group %u required, none offered", k ? "; " : "", m->pfs_wanted);
	}
	if (m->mask & P2_MIS_PROTOCOL)
		ADD("%sproposal %u is not a single ESP proposal", k ? "; " : "", m->proposal_no);
	if (m->mask & P2_MIS_UNSUPPORTED)
		ADD("%stransform unsupported", k ? "; " : "");
#undef ADD
}

void log_p2_no_proposal(const struct ike_sa *sa, const struct vpn_conn *conn, const struct p2_report *r)
{
	char pfx[96], peer[INET_ADDRSTRLEN], text[300];

	addr_str(sa->remote.addr, peer);
	asa_prefix(sa, pfx, sizeof(pfx));
	for (unsigned i = 0; i < r->n; i++) {
		p2_mismatch_text(&r->m[i], text, sizeof(text));
		if (asa())
			log_cisco(LOG_SEV_NOTICE, "713904", NULL,
				  "%sIPSec proposal not acceptable for transform set %s (crypto map %s %u): %s", pfx,
				  r->m[i].ts->name, conn->map_name, conn->seq, text);
		else
			log_cisco(LOG_SEV_INFO, NULL, "CRYPTO-IKMP_MODE_FAILURE",
				  "Processing of Quick mode failed with peer at %s: transform set %s (crypto map %s %u): %s",
				  peer, r->m[i].ts->name, conn->map_name, conn->seq, text);
	}
	if (asa())
		log_cisco(LOG_SEV_NOTICE, "713904", NULL, "%sAll IPSec SA proposals found unacceptable!", pfx);
}

/* The selector of any crypto map entry of this peer that came closest, and what differs. */
void log_p2_no_conn(const struct ike_sa *sa, const struct ts_half *peer_local, const struct ts_half *peer_remote)
{
	const struct vpn_config *cfg = sa->e->cfg;
	const struct vpn_conn *best_conn = NULL;
	const struct dp_selector *best = NULL;
	unsigned best_mask = ~0u;
	char pfx[96], peer[INET_ADDRSTRLEN], pl[64], pr[64], ol[64], orr[64], closest[400] = "";

	for (size_t i = 0; cfg && i < cfg->nconns; i++) {
		const struct vpn_conn *c = &cfg->conns[i];
		bool peer_ok = c->dynamic;
		for (size_t k = 0; k < c->npeers; k++)
			peer_ok |= c->peers[k].s_addr == sa->remote.addr.s_addr;
		for (size_t k = 0; peer_ok && k < c->nsel; k++) {
			unsigned mask = sel_mismatch(&c->sel[k], peer_local, peer_remote);
			if (__builtin_popcount(mask) < __builtin_popcount(best_mask)) {
				best_mask = mask;
				best = &c->sel[k];
				best_conn = c;
			}
		}
	}
	addr_str(sa->remote.addr, peer);
	asa_prefix(sa, pfx, sizeof(pfx));
	sel_format(peer_local, pl, sizeof(pl));
	sel_format(peer_remote, pr, sizeof(pr));
	if (best) {
		struct ts_half l, r;
		sel_split(best, &l, &r);
		sel_format(&l, ol, sizeof(ol));
		sel_format(&r, orr, sizeof(orr));
		snprintf(closest, sizeof(closest), "; closest: crypto map %s %u ACL entry local %s remote %s:%s%s%s%s",
			 best_conn->map_name, best_conn->seq, ol, orr,
			 best_mask & SEL_MIS_LOCAL ? " local network differs" : "",
			 best_mask & SEL_MIS_REMOTE ? " remote network differs" : "",
			 best_mask & SEL_MIS_PROTO ? " protocol differs" : "", best_mask & SEL_MIS_PORTS ? " ports differ" : "");
	} else {
		snprintf(closest, sizeof(closest), "; no crypto map entry has peer %s", peer);
	}
	/* The peer's local side is our remote one. */
	if (asa())
		log_cisco(LOG_SEV_ERR, "713061", NULL,
			  "%sRejecting IPSec tunnel: no matching crypto map entry for remote proxy %s local proxy %s on interface %s%s",
			  pfx, pl, pr, best_conn && best_conn->ifname[0] ? best_conn->ifname : "outside", closest);
	else
		log_cisco(LOG_SEV_INFO, NULL, "CRYPTO-IKMP_MODE_FAILURE",
			  "Processing of Quick mode failed with peer at %s: proxy identities not supported (remote %s local %s)%s",
			  peer, pl, pr, closest);
}

void log_p2_complete(const struct ike_sa *sa, const struct ike_child *c, uint32_t msgid)
{
	char pfx[96], peer[INET_ADDRSTRLEN], local[INET_ADDRSTRLEN];

	if (c->attrs.esp_id == ESP_DES)
		weak_cipher_warning(sa, "IPsec SA");
	addr_str(c->peer, peer);
	addr_str(c->local, local);
	if (!asa()) {
		ike_dbg(sa, "Successfully installed IPSEC SA (SPI:0x%08X)", c->spi_in);
		log_cisco(LOG_SEV_NOTICE, NULL, "CRYPTO-SESSION_STATUS", "Crypto tunnel is UP  .  Peer %s:%u       Id: %s",
			  peer, sa->remote.port, peer);
		return;
	}
	asa_prefix(sa, pfx, sizeof(pfx));
	log_cisco(LOG_SEV_NOTICE, "713049", NULL,
		  "%sSecurity negotiation complete for LAN-to-LAN Group (%s)  %s, Inbound SPI = 0x%08x, Outbound SPI = 0x%08x",
		  pfx, peer, c->initiator ? "Initiator" : "Responder", c->spi_in, c->spi_out);
	log_cisco(LOG_SEV_INFO, "602303", NULL,
		  "IPSEC: An outbound LAN-to-LAN SA (SPI= 0x%08X) between %s and %s (user= %s) has been created.",
		  c->spi_out, local, peer, peer);
	log_cisco(LOG_SEV_INFO, "602303", NULL,
		  "IPSEC: An inbound LAN-to-LAN SA (SPI= 0x%08X) between %s and %s (user= %s) has been created.",
		  c->spi_in, local, peer, peer);
	log_cisco(LOG_SEV_NOTICE, "713120", NULL, "%sPHASE 2 COMPLETED (msgid=%08x)", pfx, msgid);
}

void log_child_deleted(const struct ike_child *c, const char *reason)
{
	char peer[INET_ADDRSTRLEN], local[INET_ADDRSTRLEN];

	addr_str(c->peer, peer);
	addr_str(c->local, local);
	if (!asa()) {
		if (dbg_on(DBG_IPSEC, 1))
			dbg_line(DBG_IPSEC, "IPSEC(delete_sa): deleting SA, (sa) sa_dest= %s, sa_proto= 50, sa_spi= 0x%08X (%s)",
				 peer, c->spi_out, reason);
		return;
	}
	log_cisco(LOG_SEV_INFO, "602304", NULL,
		  "IPSEC: An outbound LAN-to-LAN SA (SPI= 0x%08X) between %s and %s (user= %s) has been deleted.",
		  c->spi_out, local, peer, peer);
	log_cisco(LOG_SEV_INFO, "602304", NULL,
		  "IPSEC: An inbound LAN-to-LAN SA (SPI= 0x%08X) between %s and %s (user= %s) has been deleted.",
		  c->spi_in, local, peer, peer);
}

void log_lifetime_override(const struct ike_sa *sa, bool p1, uint32_t from_s, uint32_t to_s, uint64_t from_kb,
			   uint64_t to_kb)
{
	char pfx[96];

	if (!asa()) {
		ike_dbg(sa, "sending NOTIFY RESPONDER_LIFETIME protocol %u: %u secs, %llu kb", p1 ? 1 : 3, to_s,
			(unsigned long long)to_kb);
		return;
	}
	asa_prefix(sa, pfx, sizeof(pfx));
	if (from_s != to_s)
		log_cisco(LOG_SEV_NOTICE, "713075", NULL, "%sOverriding Initiator's %s rekeying duration from %u to %u seconds",
			  pfx, p1 ? "IKE" : "IPSec", from_s, to_s);
	if (!p1 && from_kb != to_kb)
		log_cisco(LOG_SEV_NOTICE, "713076", NULL, "%sOverriding Initiator's IPSec rekeying duration from %llu to %llu Kbs",
			  pfx, (unsigned long long)from_kb, (unsigned long long)to_kb);
}

/* ---- informational, deletion, limits ----------------------------------------------------------------- */

void log_notify_received(const struct ike_sa *sa, uint16_t type, uint8_t proto, bool encrypted)
{
	char pfx[96], peer[INET_ADDRSTRLEN];

	addr_str(sa->remote.addr, peer);
	if (!asa()) {
		ike_dbg(sa, " processing NOTIFY %s protocol %u%s", isakmp_notify_name(type), proto,
			encrypted ? "" : " (unauthenticated)");
		return;
	}
	if (!encrypted) {
		log_cisco(LOG_SEV_NOTICE, "713904", NULL, "IP = %s, Received an un-encrypted %s notify message, dropping",
			  peer, isakmp_notify_name(type));
		return;
	}
	asa_prefix(sa, pfx, sizeof(pfx));
	log_cisco(LOG_SEV_NOTICE, "713068", NULL, "%sReceived non-routine Notify message: %s (%u)", pfx,
		  isakmp_notify_name(type), type);
}

void log_no_sa(struct ike_engine *e, const struct ike_endpoint *remote, const struct isakmp_hdr *h)
{
	char peer[INET_ADDRSTRLEN];

	UNUSED(e);
	addr_str(remote->addr, peer);
	if (asa())
		log_cisco(LOG_SEV_NOTICE, "713904", NULL, "IP = %s, Received %s packet (%s) with no matching SA, dropping",
			  peer, h->flags & ISAKMP_FLAG_ENC ? "encrypted" : "clear", isakmp_exchange_name(h->exchange));
	else
		log_cisco(LOG_SEV_WARNING, NULL, "CRYPTO-IKMP_NO_SA",
			  "IKE message from %s has no SA and is not an initialization offer", peer);
}

void log_dpd_dead(const struct ike_sa *sa)
{
	char pfx[96], peer[INET_ADDRSTRLEN];

	addr_str(sa->remote.addr, peer);
	if (asa()) {
		asa_prefix(sa, pfx, sizeof(pfx));
		log_cisco(LOG_SEV_ERR, "713123", NULL,
			  "%sIKE lost contact with remote peer, deleting connection (keepalive type: DPD)", pfx);
	} else {
		log_cisco(LOG_SEV_NOTICE, NULL, "CRYPTO-SESSION_STATUS",
			  "Crypto tunnel is DOWN. Peer %s:%u       Id: %s (DPD: peer not responding)", peer,
			  sa->remote.port, peer);
	}
}

void log_sa_deleted(const struct ike_sa *sa, const char *reason)
{
	char pfx[96];

	if (!sa->established || !asa()) {
		ike_dbg(sa, "deleting SA reason \"%s\" state (%c) %s (peer %s)", reason, sa->initiator ? 'I' : 'R',
			state_ios(sa), inet_ntoa(sa->remote.addr));
		return;
	}
	asa_prefix(sa, pfx, sizeof(pfx));
	log_cisco(LOG_SEV_NOTICE, "713259", NULL, "%sSession is being torn down. Reason: %s", pfx, reason);
}

/* A flood must not flood the log: once a second at most. */
void log_half_open(struct ike_engine *e, const struct ike_endpoint *remote, bool evicted)
{
	static uint64_t last_ms;
	uint64_t now = ev_now_ms(e->loop);
	char peer[INET_ADDRSTRLEN];
	uint32_t max = e->cfg && e->cfg->max_half_open ? e->cfg->max_half_open : IKE_DEFAULT_MAX_HALF_OPEN;

	if (last_ms && now - last_ms < 1000)
		return;
	last_ms = now ? now : 1;
	addr_str(remote->addr, peer);
	if (asa())
		log_cisco(LOG_SEV_WARNING, "713903", NULL,
			  "IP = %s, In-negotiation IKE SA limit of %u reached: %s (%llu refused so far)", peer, max,
			  evicted ? "oldest incomplete negotiation dropped" : "new negotiation refused",
			  (unsigned long long)e->stats.half_open_dropped);
	else
		log_cisco(LOG_SEV_WARNING, NULL, "CRYPTO-IKMP_SA_LIMIT",
			  "IKE in-negotiation SA limit %u reached: %s from %s (%llu so far)", max,
			  evicted ? "dropped the oldest incomplete negotiation" : "denied a new negotiation", peer,
			  (unsigned long long)e->stats.half_open_dropped);
}
