/* tests/unit/arg-kinds.c: the dispatcher checks every positional whose
 * kind has a syntax (cmd_kinds[]: IFNODE, CIDR) before anything
 * runs, under --check too, with the same message the command itself
 * gives; whether a node exists is left to the command (an earlier
 * command of the line may make it). No kernel needed. */
#include <string.h>
#include "tap.h"
#include "../../shell/cmd.h"
#include "../../shell/complete.h"
#include "../../shell/i18n.h"

static int check(const char *line, struct err *e)
{
	struct cmd_ctx ctx = { .interactive = false, .checking = true };

	*e = (struct err)ERR_INIT;
	return cmd_check_line(&ctx, line, e);
}

int main(void)
{
	struct err e = ERR_INIT;

	i18n_init("es");

	ok(check("veth @@ b", &e) < 0, "veth @@ b is refused");
	ok(strstr(e.msg, "falta el nombre del nodo") != NULL, "  a node name is missing: %s", e.msg);
	ok(check("veth a b@-x", &e) < 0, "a malformed node name is refused");
	ok(strstr(e.msg, "nombre de nodo no válido: '-x'") != NULL, "  invalid node name: %s", e.msg);
	ok(check("veth a/b c", &e) < 0, "an interface name with '/' is refused");
	ok(check("addr add 10.0.0.1/99 dev lo", &e) < 0, "a /99 IPv4 prefix is refused");
	ok(strstr(e.msg, "de 0 a 32") != NULL, "  the prefix range: %s", e.msg);
	ok(check("addr add 10.0.0.300/24 dev lo", &e) < 0, "an address that is none is refused");
	ok(check("ping host 10.0.0.1", &e) == 0, "ping takes an address");
	ok(check("ping host localhost", &e) == 0, "  or a name (?CIDR: completed, not checked)");
	ok(check("route add fd00:1::/64 dev v1 via fd00::1", &e) == 0,
	   "route's words depend on the keyword before them (?IFNODE: not checked)");
	ok(check("addr add 10.0.0.1 dev lo", &e) == 0, "a bare address is a CIDR (/32)");
	ok(check("veth a@nodeThatIsNot b", &e) == 0,
	   "a well-formed node that does not exist yet passes the check");
	ok(check("netns add n1; veth a@n1 b; addr add 10.0.0.1/24 dev a@n1", &e) == 0,
	   "a line that makes its node first passes");
	ok(check("netns add n1; veth a@n1 b@@", &e) < 0, "a bad word later in a line is refused");

	/* every kind with a check is also a completion kind */
	for (int i = 0; cmd_kinds[i].name; i++)
		ok(cmd_kind_find(cmd_kinds[i].name) == &cmd_kinds[i],
		   "kind %s is found", cmd_kinds[i].name);
	ok(cmd_kind_find("NOPE") == NULL, "an unknown kind is not");
	return done_testing();
}
