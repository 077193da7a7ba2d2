/* tests/unit/cgroup.c: the pure parts of aisla's cgroups: sizes, CPU
 * limits, CPU lists, I/O lines (commands/cgroup-parse.c), the files each
 * friendly key becomes on v1 and v2 (cgroup-v1.c, cgroup-v2.c), crun's
 * shares<->weight map, names, byte formatting (shell/kernel/cgroupfs.c). */
#include <string.h>
#include "tap.h"
#include "../../commands/cgroup.h"

/* A device resolver that knows 8:0 and /dev/sda (= 8:0) only. */
static int fake_dev(const char *dev, unsigned *maj, unsigned *min, struct err *e)
{
	if (!strcmp(dev, "/dev/sda") || !strcmp(dev, "8:0")) {
		*maj = 8;
		*min = 0;
		return 0;
	}
	return err_set(e, "no device %s", dev);
}

/* The plan of one value on a backend, as "file=value;file=value". */
static const char *plan_of(const struct cg_backend *be, const struct cg_value *v,
			   const struct cg_facts *f)
{
	static char out[512];
	struct cg_plan p = { 0 };
	struct err e = ERR_INIT;

	out[0] = '\0';
	if (be->plan("/g", v, f, &p, &e) < 0)
		return "error";
	for (int i = 0; i < p.n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, sizeof out - l, "%s%s=%s", i ? ";" : "", p.w[i].file, p.w[i].value);
		if (strncmp(p.w[i].path, "/g/", 3))
			return "bad path";
	}
	return out;
}

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

	/* I/O lines */
	struct cg_value v0 = { 0 };
	is_int(cg_parse_io("8:0 wbps=1M", fake_dev, &v0, &e), 0, "io 8:0 wbps=1M");
	is_int(v0.io.wbps, 1 << 20, "  wbps 1M");
	is_int(v0.io.rbps, CG_UNSET, "  rbps not given");
	is_int(cg_parse_io("/dev/sda rbps=max riops=100 wiops=5", fake_dev, &v0, &e), 0,
	       "io /dev/sda rbps=max riops=100 wiops=5");
	is_int(v0.io.maj, 8, "  the path's major");
	is_int(v0.io.rbps, CG_MAX, "  rbps max");
	is_int(v0.io.riops, 100, "  riops 100");
	is_int(cg_parse_io("8:0", fake_dev, &v0, &e), -1, "io without a limit refused");
	is_int(cg_parse_io("8:0 speed=1M", fake_dev, &v0, &e), -1, "io unknown key refused");
	is_int(cg_parse_io("8:0 wbps", fake_dev, &v0, &e), -1, "io key without = refused");
	is_int(cg_parse_io("8:0 wbps=fast", fake_dev, &v0, &e), -1, "io bad size refused");
	is_int(cg_parse_io("sda wbps=1M", fake_dev, &v0, &e), -1, "io device name refused");
	is_int(cg_parse_io("9:9 wbps=1M", fake_dev, &v0, &e), -1, "io unknown device refused");
	is_str(e.msg, "no device 9:9", "  the resolver's error");
	is_int(cg_parse_io("", fake_dev, &v0, &e), -1, "io empty refused");

	/* friendly keys -> files, per version */
	struct cg_facts f = { .memsw = true, .mem_limit = 1LL << 30, .swap = true };
	struct cg_value cv = { .key = CGK_CPU, .ctl = CGC_CPU, .quota = 50000, .period = 100000 };
	is_str(plan_of(&cg_backend_v1, &cv, &f), "cpu.cfs_period_us=100000;cpu.cfs_quota_us=50000",
	       "v1 cpu 50%%");
	is_str(plan_of(&cg_backend_v2, &cv, &f), "cpu.max=50000 100000", "v2 cpu 50%%");
	cv.quota = CG_MAX;
	is_str(plan_of(&cg_backend_v1, &cv, &f), "cpu.cfs_quota_us=-1", "v1 cpu max");
	is_str(plan_of(&cg_backend_v2, &cv, &f), "cpu.max=max 100000", "v2 cpu max");
	struct cg_value wv = { .key = CGK_WEIGHT, .ctl = CGC_CPU, .num = 100 };
	is_str(plan_of(&cg_backend_v1, &wv, &f), "cpu.shares=2598", "v1 cpu.weight 100");
	is_str(plan_of(&cg_backend_v2, &wv, &f), "cpu.weight=100", "v2 cpu.weight 100");
	struct cg_value mv = { .key = CGK_MEMORY, .ctl = CGC_MEMORY, .num = 64LL << 20 };
	is_str(plan_of(&cg_backend_v1, &mv, &f),
	       "memory.limit_in_bytes=67108864;memory.memsw.limit_in_bytes=67108864",
	       "v1 memory 64M lowering: memory first, then memsw");
	mv.num = 2LL << 30;
	is_str(plan_of(&cg_backend_v1, &mv, &f),
	       "memory.memsw.limit_in_bytes=2147483648;memory.limit_in_bytes=2147483648",
	       "v1 memory 2G raising: memsw first");
	f.memsw = false;
	is_str(plan_of(&cg_backend_v1, &mv, &f), "memory.limit_in_bytes=2147483648",
	       "v1 memory without memsw");
	is_str(plan_of(&cg_backend_v2, &mv, &f), "memory.max=2147483648;memory.swap.max=0",
	       "v2 memory 2G, swap 0");
	mv.num = CG_MAX;
	is_str(plan_of(&cg_backend_v2, &mv, &f), "memory.max=max;memory.swap.max=max", "v2 memory max");
	f.swap = false;
	is_str(plan_of(&cg_backend_v2, &mv, &f), "memory.max=max", "v2 memory max without swap");
	struct cg_value pv = { .key = CGK_PIDS, .ctl = CGC_PIDS, .num = 5 };
	is_str(plan_of(&cg_backend_v1, &pv, &f), "pids.max=5", "v1 pids 5");
	is_str(plan_of(&cg_backend_v2, &pv, &f), "pids.max=5", "v2 pids 5");
	struct cg_value sv = { .key = CGK_CPUSET, .ctl = CGC_CPUSET, .str = "0-1" };
	is_str(plan_of(&cg_backend_v2, &sv, &f), "cpuset.cpus=0-1", "v2 cpuset 0-1");
	cg_parse_io("8:0 wbps=1M riops=max", fake_dev, &v0, &e);
	v0.key = CGK_IO;
	v0.ctl = CGC_IO;
	is_str(plan_of(&cg_backend_v2, &v0, &f), "io.max=8:0 wbps=1048576 riops=max", "v2 io");
	is_str(plan_of(&cg_backend_v1, &v0, &f),
	       "blkio.throttle.write_bps_device=8:0 1048576;blkio.throttle.read_iops_device=8:0 0",
	       "v1 io (max is 0 in a throttle file)");

	/* crun's linear maps */
	is_int(cgfs_shares_to_weight(2), 1, "shares 2 -> weight 1");
	is_int(cgfs_shares_to_weight(1024), 39, "shares 1024 -> weight 39 (crun)");
	is_int(cgfs_shares_to_weight(262144), 10000, "shares 262144 -> weight 10000");
	is_int(cgfs_weight_to_shares(1), 2, "weight 1 -> shares 2");
	is_int(cgfs_weight_to_shares(100), 2598, "weight 100 -> shares 2598");
	is_int(cgfs_weight_to_shares(200), 5220, "weight 200 -> shares 5220");
	is_int(cgfs_weight_to_shares(10000), 262144, "weight 10000 -> shares 262144");
	for (v = 1; v <= 10000; v++)
		if (cgfs_shares_to_weight(cgfs_weight_to_shares((unsigned long long)v)) != (unsigned long long)v)
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
	cgfs_fmt_bytes(64LL << 20, buf, sizeof buf);
	is_str(buf, "64M", "64M formatted");
	cgfs_fmt_bytes(CG_MAX, buf, sizeof buf);
	is_str(buf, "max", "max formatted");
	cgfs_fmt_bytes(1536, buf, sizeof buf);
	is_str(buf, "1.5K", "1536 formatted");
	cgfs_fmt_bytes(3LL << 30, buf, sizeof buf);
	is_str(buf, "3G", "3G formatted");
	return done_testing();
}
