/* nft.c: nftables through libnftables inside a node's network namespace
 * (see nft.h). A namespace other than aisla's own is entered by a short
 * helper thread (nl_in_netns) that makes the nft context there, runs the
 * script and frees the context: libnftables' netlink socket is opened and
 * closed inside, the shell's thread never leaves the host. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>
#ifndef AISLA_NO_NFTABLES
#include <nftables/libnftables.h>
#endif
#include "nft.h"
#include "net.h"
#include "node.h"
#include "../shell/i18n.h"
#include "../shell/journal.h"

struct nft_job {
	const char *script;
	char *out;
};

/* The first line of nft's error text, without "Error: ". */
static void nft_first_error(const char *buf, char *line, size_t sz)
{
	const char *p = buf ? buf : "";
	const char *m = strstr(p, "Error: ");

	if (m)
		p = m + 7;
	size_t n = strcspn(p, "\n");
	if (n >= sz)
		n = sz - 1;
	memcpy(line, p, n);
	line[n] = '\0';
}

#ifdef AISLA_NO_NFTABLES
/* The static binary of the qemu tier: Debian ships no libnftables.a. */
static int nft_job_run(void *arg, struct err *e)
{
	(void)arg;
	(void)nft_first_error;
	err_set(e, _("this aisla binary was built without libnftables"));
	return err_hint(e, _("use the normal (dynamic) build, or 'nft' by hand"));
}
#else
static int nft_job_run(void *arg, struct err *e)
{
	struct nft_job *j = arg;
	struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);

	if (!ctx)
		return err_errno(e, ENOMEM, _("could not start libnftables"));
	nft_ctx_buffer_output(ctx);
	nft_ctx_buffer_error(ctx);
	nft_ctx_output_set_flags(ctx, NFT_CTX_OUTPUT_HANDLE);
	int rc = nft_run_cmd_from_buffer(ctx, j->script);
	if (rc) {
		char line[400];
		nft_first_error(nft_ctx_get_error_buffer(ctx), line, sizeof line);
		err_set(e, "%s", line[0] ? line : _("nft refused the request"));
		/* nft words the kernel's errno with strerror(), in the locale. */
		e->errnum = strstr(line, strerror(ENOENT)) ? ENOENT :
			    strstr(line, strerror(EEXIST)) ? EEXIST : EINVAL;
		nft_ctx_free(ctx);
		return -1;
	}
	const char *o = nft_ctx_get_output_buffer(ctx);
	j->out = strdup(o ? o : "");
	nft_ctx_free(ctx);
	if (!j->out)
		return err_errno(e, ENOMEM, _("could not start libnftables"));
	return 0;
}
#endif

int nft_run(const char *node, const char *script, char **out, struct err *e)
{
	struct nft_job j = { .script = script };
	int rc, fd = -1;

	if (!strcmp(node, "host"))
		rc = nft_job_run(&j, e);
	else if (node_netns_fd(node, &fd, e) < 0)
		return -1;
	else {
		rc = nl_in_netns(fd, nft_job_run, &j, e);
		close(fd);
	}
	if (rc < 0)
		return -1;
	if (out)
		*out = j.out;
	else
		free(j.out);
	return 0;
}

int nft_table_get(const char *node, const char *family, const char *name,
		  unsigned long long *handle, char *comment, size_t csz, struct err *e)
{
	char cmd[NFT_TABLE_MAX + 32], *out = NULL;
	struct err e2 = ERR_INIT;

	snprintf(cmd, sizeof cmd, "list table %s %s", family, name);
	if (nft_run(node, cmd, &out, &e2) < 0) {
		if (e2.errnum == ENOENT)
			return 0;
		*e = e2;
		return -1;
	}
	/* "table ip NAME { # handle 12\n\tcomment \"aisla:TOKEN\"\n..." */
	const char *h = strstr(out, "# handle ");
	if (handle)
		*handle = h ? strtoull(h + 9, NULL, 10) : 0;
	if (comment && csz) {
		comment[0] = '\0';
		const char *nl = strchr(out, '\n');
		if (nl && !strncmp(nl + 1, "\tcomment \"", 10)) {
			const char *c = nl + 11;
			size_t n = strcspn(c, "\"\n");
			if (n >= csz)
				n = csz - 1;
			memcpy(comment, c, n);
			comment[n] = '\0';
		}
	}
	free(out);
	return 1;
}

/* Replace every "%T" of body by table. Caller frees. */
static char *nft_subst(const char *body, const char *table)
{
	size_t n = 0, tl = strlen(table);
	for (const char *p = body; (p = strstr(p, "%T")); p += 2)
		n++;
	char *r = malloc(strlen(body) + n * tl + 1), *w = r;
	if (!r)
		return NULL;
	for (const char *p = body; *p;) {
		if (p[0] == '%' && p[1] == 'T') {
			memcpy(w, table, tl);
			w += tl;
			p += 2;
		} else
			*w++ = *p++;
	}
	*w = '\0';
	return r;
}

int nft_table_create(const char *node, const char *family, const char *name,
		     const char *body, const char *const *extra, unsigned long *seqp,
		     struct err *e)
{
	char comment[80], jname[NFT_TABLE_MAX + NODE_NAME_MAX + 2];
	unsigned long long handle, ino;
	unsigned char rnd[6];
	int rc = nft_table_get(node, family, name, &handle, comment, sizeof comment, e);

	if (rc < 0)
		return -1;
	if (rc) {
		if (!strncmp(comment, "aisla:", 6)) {
			err_set(e, _("the nftables table '%s %s' already exists in '%s'"), family, name, node);
			return err_hint(e, _("it is aisla's: remove it first with the command that made it ('nat %s off', 'balance del ...')"),
					node);
		}
		err_set(e, _("a table '%s %s' that aisla did not make already exists in '%s'"), family, name, node);
		char pre[NODE_NAME_MAX + 24] = "";
		if (strcmp(node, "host"))
			snprintf(pre, sizeof pre, "ip netns exec %s ", node);
		return err_hint(e, _("aisla never touches a foreign table: look at it with '%snft list table %s %s'"),
				pre, family, name);
	}
	if (node_netns_ino(node, &ino) < 0)
		return err_set(e, _("node '%s' does not exist"), node);
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		return err_errno(e, errno, _("could not make a tag for the table"));
	char tag[16], kv[JOURNAL_MAX_KV][300];
	const char *kvp[JOURNAL_MAX_KV + 1];
	int n = 0;
	snprintf(tag, sizeof tag, "%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
	snprintf(kv[n++], sizeof kv[0], "node=%s", node);
	snprintf(kv[n++], sizeof kv[0], "nsino=%llu", ino);
	snprintf(kv[n++], sizeof kv[0], "family=%s", family);
	snprintf(kv[n++], sizeof kv[0], "tag=%s", tag);
	for (int i = 0; extra && extra[i] && n < JOURNAL_MAX_KV - 1; i++)
		snprintf(kv[n++], sizeof kv[0], "%s", extra[i]);
	for (int i = 0; i < n; i++)
		kvp[i] = kv[i];
	kvp[n] = NULL;
	snprintf(jname, sizeof jname, "%s@%s", name, node);

	unsigned long seq;
	if (journal_intent("nft", jname, kvp, &seq, e) < 0)
		return -1;
	char table[NFT_TABLE_MAX + 8];
	snprintf(table, sizeof table, "%s %s", family, name);
	char *b = nft_subst(body ? body : "", table);
	size_t sl = (b ? strlen(b) : 0) + sizeof table + 128;
	char *script = b ? malloc(sl) : NULL;
	if (!script) {
		free(b);
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return err_errno(e, ENOMEM, _("could not create the nftables table '%s'"), name);
	}
	snprintf(script, sl, "add table %s { comment \"aisla:%s\"; }\n%s", table, tag, b);
	free(b);
	rc = nft_run(node, script, NULL, e);
	free(script);
	if (rc < 0) {
		struct err e2 = ERR_INIT;
		journal_abort(seq, &e2);
		return err_wrap(e, _("nftables refused the table '%s' in '%s': "), name, node);
	}
	char want[32];
	snprintf(want, sizeof want, "aisla:%s", tag);
	if (nft_table_get(node, family, name, &handle, comment, sizeof comment, e) != 1 ||
	    strcmp(comment, want)) {
		if (!err_isset(e))
			err_set(e, _("the nftables table '%s' in '%s' changed right after being created"), name, node);
		return -1;	/* intent stays: reset resolves it by name and tag */
	}
	char d0[40];
	snprintf(d0, sizeof d0, "handle=%llu", handle);
	if (journal_done(seq, JKV(d0), e) < 0)
		return -1;
	if (seqp)
		*seqp = seq;
	return 0;
}

int nft_table_ours(const struct jrec *r, struct err *e)
{
	const char *node = jrec_get(r, "node"), *family = jrec_get(r, "family");
	const char *tag = jrec_get(r, "tag"), *nsino = jrec_get(r, "nsino");
	char name[NFT_TABLE_MAX + 1], comment[80], want[32];
	unsigned long long ino, handle;
	const char *at = strrchr(r->name, '@');

	if (!node || !family || !tag || !at || (size_t)(at - r->name) > NFT_TABLE_MAX)
		return 0;
	snprintf(name, sizeof name, "%.*s", (int)(at - r->name), r->name);
	if (node_netns_ino(node, &ino) < 0 || (nsino && strtoull(nsino, NULL, 10) != ino))
		return 0;	/* its namespace is gone (and the table with it) */
	int rc = nft_table_get(node, family, name, &handle, comment, sizeof comment, e);
	if (rc <= 0)
		return rc;
	snprintf(want, sizeof want, "aisla:%s", tag);
	if (strcmp(comment, want) || handle != (unsigned long long)jrec_get_ll(r, "handle", (long long)handle))
		return 2;
	return 1;
}

/* Remove the table of r; 1 deleted, 0 gone, 2 foreign, -1 failed. */
static int nft_table_remove(const struct jrec *r, struct err *e)
{
	int rc = nft_table_ours(r, e);

	if (rc != 1)
		return rc;
	char cmd[96];
	unsigned long long handle = (unsigned long long)jrec_get_ll(r, "handle", 0);
	const char *at = strrchr(r->name, '@');
	if (handle)
		snprintf(cmd, sizeof cmd, "delete table %s handle %llu", jrec_get(r, "family"), handle);
	else
		snprintf(cmd, sizeof cmd, "delete table %s %.*s", jrec_get(r, "family"),
			 (int)(at - r->name), r->name);
	if (nft_run(jrec_get(r, "node"), cmd, NULL, e) < 0)
		return -1;
	return 1;
}

int nft_table_delete(const struct jrec *r, struct err *e)
{
	int rc = nft_table_remove(r, e);

	if (rc < 0)
		return -1;
	if (rc == 2) {
		err_set(e, _("the nftables table '%s' is no longer the one aisla made"), r->name);
		return err_hint(e, _("aisla leaves it alone; look at it with 'nft list tables'"));
	}
	return journal_undone(r->seq, e);
}

static enum undo_result nft_undo(const struct jrec *r, struct err *e)
{
	int rc = nft_table_remove(r, e);

	return rc == 1 ? UNDO_DONE : rc == 0 ? UNDO_GONE : rc == 2 ? UNDO_FOREIGN : UNDO_FAILED;
}

const struct journal_kind nft_kind = {
	.name = "nft",
	.undo = nft_undo,
	.describe = N_("nftables table '%s'"),
};
