/* tests/unit/cgroup.c: the pure parts of commands/cgroup.c: sizes, CPU
 * limits, CPU lists, crun's shares<->weight map, names, byte formatting. */
#include <string.h>
#include "tap.h"
#include "../../commands/cgroup.h"

static long long size_of(const char *s, bool allow_max, int *rc)
{
	struct err e = ERR_INIT;
	long long v = -99;
	*rc = cg_parse_size(s, allow_max, &v, &e);
	return v;
}

int main(void)
{
	struct err e = ERR_INIT;
	long long q, p, v;
	int rc;
	char buf[64];

	/* sizes */
	is_int(size_of("64M", false, &rc), 64LL << 20, "64M");
	is_int(size_of("1G", false, &rc), 1LL << 30, "1G");
	is_int(size_of("512k", false, &rc), 512LL << 10, "512k");
	is_int(size_of("1.5G", false, &rc), 3LL << 29, "1.5G");
	is_int(size_of("64MiB", false, &rc), 64LL << 20, "64MiB");
	is_int(size_of("4096", false, &rc), 4096, "plain bytes");
	is_int(size_of("max", true, &rc), CG_MAX, "max when allowed");
	size_of("max", false, &rc);
	is_int(rc, -1, "max refused when not allowed");
	size_of("12Q", true, &rc);
	is_int(rc, -1, "12Q refused");
	size_of("-5M", true, &rc);
	is_int(rc, -1, "-5M refused");
	size_of("", true, &rc);
	is_int(rc, -1, "empty refused");
	size_of("1.5", true, &rc);
	is_int(rc, -1, "fractional bytes refused");

	/* cpu */
	is_int(cg_parse_cpu("50%", &q, &p, &e), 0, "50%%");
	is_int(q, 50000, "  quota 50000");
	is_int(p, 100000, "  period 100000");
	is_int(cg_parse_cpu("150%", &q, &p, &e), 0, "150%% (one and a half CPUs) is fine");
	is_int(q, 150000, "  quota 150000");
	is_int(cg_parse_cpu("2.5%", &q, &p, &e), 0, "2.5%%");
	is_int(q, 2500, "  quota 2500");
	is_int(cg_parse_cpu("20000 50000", &q, &p, &e), 0, "QUOTA PERIOD");
	is_int(q, 20000, "  quota");
	is_int(p, 50000, "  period");
	is_int(cg_parse_cpu("30000", &q, &p, &e), 0, "QUOTA alone");
	is_int(p, 100000, "  default period");
	is_int(cg_parse_cpu("max", &q, &p, &e), 0, "max");
	is_int(q, CG_MAX, "  quota max");
	is_int(cg_parse_cpu("-3", &q, &p, &e), -1, "-3 refused");
	is_int(cg_parse_cpu("0%", &q, &p, &e), -1, "0%% refused");
	is_int(cg_parse_cpu("0.5%", &q, &p, &e), -1, "0.5%% refused (quota < 1 ms)");
	is_int(cg_parse_cpu("50000 10", &q, &p, &e), -1, "period 10 refused");
	is_int(cg_parse_cpu("50000 100000 7", &q, &p, &e), -1, "trailing word refused");
	is_int(cg_parse_cpu("abc%", &q, &p, &e), -1, "abc%% refused");

	/* cpusets against CPUs 0-3 */
	is_int(cg_parse_cpuset("0", "0-3", buf, sizeof buf, &e), 0, "cpuset 0");
	is_str(buf, "0", "  canonical 0");
	is_int(cg_parse_cpuset("3,0-1", "0-3", buf, sizeof buf, &e), 0, "cpuset 3,0-1");
	is_str(buf, "0-1,3", "  canonical 0-1,3");
	is_int(cg_parse_cpuset("0,1,2", "0-3", buf, sizeof buf, &e), 0, "cpuset 0,1,2");
	is_str(buf, "0-2", "  canonical 0-2");
	is_int(cg_parse_cpuset("4", "0-3", buf, sizeof buf, &e), -1, "CPU 4 does not exist");
	ok(strstr(e.hint, "0-3") != NULL, "  the hint lists the CPUs (%s)", e.hint);
	is_int(cg_parse_cpuset("2", "0-1,3", buf, sizeof buf, &e), -1, "offline CPU 2 refused");
	is_int(cg_parse_cpuset("1-0", "0-3", buf, sizeof buf, &e), -1, "1-0 refused");
	is_int(cg_parse_cpuset("0,", "0-3", buf, sizeof buf, &e), -1, "0, refused");
	is_int(cg_parse_cpuset("", "0-3", buf, sizeof buf, &e), -1, "empty refused");
	is_int(cg_parse_cpuset("x", "0-3", buf, sizeof buf, &e), -1, "x refused");

	/* crun's linear maps */
	is_int(cg_shares_to_weight(2), 1, "shares 2 -> weight 1");
	is_int(cg_shares_to_weight(1024), 39, "shares 1024 -> weight 39 (crun)");
	is_int(cg_shares_to_weight(262144), 10000, "shares 262144 -> weight 10000");
	is_int(cg_weight_to_shares(1), 2, "weight 1 -> shares 2");
	is_int(cg_weight_to_shares(100), 2598, "weight 100 -> shares 2598");
	is_int(cg_weight_to_shares(200), 5220, "weight 200 -> shares 5220");
	is_int(cg_weight_to_shares(10000), 262144, "weight 10000 -> shares 262144");
	for (v = 1; v <= 10000; v++)
		if (cg_shares_to_weight(cg_weight_to_shares((unsigned long long)v)) != (unsigned long long)v)
			break;
	ok(v > 10000, "weight -> shares -> weight is the identity (stopped at %lld)", v);

	/* names */
	is_int(cg_name_valid("web", &e), 0, "name web");
	is_int(cg_name_valid("a.b_c-1", &e), 0, "name a.b_c-1");
	is_int(cg_name_valid("-x", &e), -1, "name -x refused");
	is_int(cg_name_valid(".x", &e), -1, "name .x refused");
	is_int(cg_name_valid("a/b", &e), -1, "name a/b refused");
	is_int(cg_name_valid("", &e), -1, "empty name refused");

	/* bytes */
	cg_fmt_bytes(64LL << 20, buf, sizeof buf);
	is_str(buf, "64M", "64M formatted");
	cg_fmt_bytes(CG_MAX, buf, sizeof buf);
	is_str(buf, "max", "max formatted");
	cg_fmt_bytes(1536, buf, sizeof buf);
	is_str(buf, "1.5K", "1536 formatted");
	cg_fmt_bytes(3LL << 30, buf, sizeof buf);
	is_str(buf, "3G", "3G formatted");
	return done_testing();
}
