/* Unit tests: the balancer's DNAT rules from a list of live backends
 * (balance_rules in commands/balance.c): the numgen map, its size, an empty
 * list, a list too long for the buffer. */
#include <string.h>
#include "tap.h"
#include "../../commands/balance.h"
#include "../../shell/i18n.h"

int main(void)
{
	char out[1600];

	i18n_init("es");
	is_int(balance_rules("10.0.0.100", "80", "10.0.1.11:80,10.0.1.12:8080,10.0.1.13:80", out, sizeof out), 3,
	       "three live backends");
	ok(strstr(out, "add rule %T prerouting ip daddr 10.0.0.100 tcp dport 80 dnat to numgen inc mod 3 map "
		       "{ 0 : 10.0.1.11 . 80, 1 : 10.0.1.12 . 8080, 2 : 10.0.1.13 . 80 }\n") == out,
	   "prerouting: round robin over a numgen map, each backend its own port");
	ok(strstr(out, "add rule %T output ip daddr 10.0.0.100 tcp dport 80 dnat to numgen inc mod 3") != NULL,
	   "output: connections made inside the balancing node too");

	is_int(balance_rules("10.0.0.100", "80", "10.0.1.13:80", out, sizeof out), 1, "one backend left");
	ok(strstr(out, "mod 1 map { 0 : 10.0.1.13 . 80 }") != NULL, "a map of one");

	is_int(balance_rules("10.0.0.100", "80", "", out, sizeof out), 0, "no backend up");
	is_str(out, "", "no rule at all: the VIP is not translated");

	is_int(balance_rules("10.0.0.100", "80", "10.0.1.11:80", out, 60), -1, "too long for the buffer: refused");
	is_int(balance_rules("10.0.0.100", "80", "10.0.1.11", out, sizeof out), 0, "a backend without a port is not used");
	return done_testing();
}
