/* cmd-doctor.c: `doctor [CHECK...]` and `aisla doctor`: can this machine
 * run aisla and its lessons? One line per check (probe.h) with what it
 * saw, and the exact fix under each warning or failure. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "../shell/cmd.h"
#include "../shell/i18n.h"
#include "../shell/out.h"
#include "doctor.h"
#include "../shell/probe.h"

static const char *level_word(enum probe_level l)
{
	switch (l) {
	case PROBE_OK:
		return _("ok");
	case PROBE_WARN:
		return _("warn");
	default:
		return _("FAIL");
	}
}

/* Print one check's result; returns its level. */
static enum probe_level report_one(const struct probe *p)
{
	struct probe_result r;

	probe_run(p, &r);
	out_printf("  %-6s %-10s %s: %s\n", level_word(r.level), p->name, _(p->title), r.saw);
	if (r.level != PROBE_OK && r.fix[0])
		out_printf("  %-6s %-10s %s %s\n", "", "", _("fix:"), r.fix);
	return r.level;
}

int doctor_report(int n, char **names, int *worst)
{
	int count[3] = { 0, 0, 0 };
	char sum[256];

	*worst = PROBE_OK;
	for (int i = 0; i < n; i++)
		if (!probe_known(names[i]))
			return i;
	if (geteuid() == 0 && probe_in_userns())
		out_printf("%s\n", _("aisla doctor: this machine, as root of a user namespace (rootless mode)"));
	else if (geteuid() == 0)
		out_printf("%s\n", _("aisla doctor: this machine, as root"));
	else
		out_printf(_("aisla doctor: this machine, as uid %u (not root)\n"), (unsigned)geteuid());
	/* Every check in order, or the ones named (aliases too) in theirs. */
	for (int i = 0; n == 0 ? probe_table[i] != NULL : i < n; i++) {
		const struct probe *p = n == 0 ? probe_table[i] : probe_find(names[i]);
		enum probe_level l = report_one(p);
		count[l]++;
		if ((int)l > *worst)
			*worst = (int)l;
	}
	snprintf(sum, sizeof sum, "%d %s, ", count[PROBE_OK], _("ok"));
	snprintf(sum + strlen(sum), sizeof sum - strlen(sum),
		 ngettext("%d warning, ", "%d warnings, ", (unsigned long)count[PROBE_WARN]),
		 count[PROBE_WARN]);
	snprintf(sum + strlen(sum), sizeof sum - strlen(sum),
		 ngettext("%d failure.", "%d failures.", (unsigned long)count[PROBE_FAIL]),
		 count[PROBE_FAIL]);
	out_printf("%s\n", sum);
	return -1;
}

static int cmd_doctor_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	int worst, bad;

	(void)ctx;
	bad = doctor_report(a->argc, a->argv, &worst);
	if (bad >= 0) {
		err_set(e, _("doctor: there is no check '%s'"), a->argv[bad]);
		return err_hint(e, _("'doctor' alone runs every check and shows their names"));
	}
	if (worst == PROBE_FAIL) {
		err_set(e, "%s", _("doctor: this machine fails a check (see 'fix:' above)"));
		return -1;
	}
	return 0;
}

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.min_args = 0, .max_args = -1, .rest_after = -1,
	.usage = N_("doctor [CHECK ...]"),
	.summary = N_("Check that this machine can run aisla and its lessons"),
	.help = N_("Runs one check per thing aisla and the lessons need, and says for each: ok, "
		   "warn or FAIL, what it saw, and the exact fix (the package to install, the sysctl "
		   "to set, the kernel option). Checks: privileges, kernel, namespace types, user "
		   "namespaces (also for users without privileges: the sysctls "
		   "kernel.unprivileged_userns_clone, kernel.apparmor_restrict_unprivileged_userns, "
		   "user.max_user_namespaces), newuidmap, cgroups (mode, controllers, delegation), "
		   "CPUs, /run/netns, veth, bridge and vxlan links (made in a throw-away network "
		   "namespace), nftables, static busybox, iproute2, the terminal (size, UTF-8, "
		   "colours), the language, whether PID 1 reaps orphans, leftovers in the journal. "
		   "Name checks to run only those; a lesson's 'needs:' uses the same names. "
		   "'aisla doctor' exits 0 when all is ok, 1 on a failure, 2 with warnings only."),
	.complete = "root|kernel|namespaces|userns|newuidmap|cgroups|cgroup2|cpus|run-netns|veth|"
		    "bridge|vxlan|nftables|busybox|iproute2|terminal|locale|pid1|journal *",
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_doctor_exec,
};
