/* cmd-help.c: `help [COMMAND [SUB]]`: the list of commands, or one
 * command's usage, options and explanation. */
#include <stdio.h>
#include <string.h>
#include "../shell/cmd.h"
#include "../shell/complete.h"
#include "../shell/i18n.h"
#include "../shell/out.h"

/* Areas of the list, in the course's order. */
static const struct {
	const char *title;
	const char *names[16];
} groups[] = {
	{ N_("The shell"), { "help", "explain", "status", "reset", "source", "record",
			     "export", "!", "doctor", "quit", NULL } },
	{ N_("Processes and namespaces"), { "unshare", "nsenter", "exec", "chroot", "rootfs",
					    "ps", "kill", "node", "netns", NULL } },
	{ N_("Network"), { "veth", "link", "addr", "route", "forward", "bridge", "ping",
			   NULL } },
	{ N_("Resources"), { "nice", "renice", "ionice", "cgroup", "load", NULL } },
	{ N_("Containers: images, runtimes, orchestration"),
	  { "image", "bundle", "restart", "nat", "balance", NULL } },
	{ N_("Lessons and demos"), { "lesson", "demo", NULL } },
};

static bool grouped(const char *name)
{
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
		for (int i = 0; groups[g].names[i]; i++)
			if (!strcmp(groups[g].names[i], name))
				return true;
	return false;
}

static const struct cmd_entry *lookup(const char *name)
{
	for (int i = 0; cmd_table[i]; i++)
		if (!strcmp(cmd_table[i]->name, name))
			return cmd_table[i];
	return NULL;
}

static void print_flags(const struct cmd_entry *ce)
{
	if (!ce->flags || !(ce->flags[0].short_name || ce->flags[0].long_name))
		return;
	out_printf("%s:", _("options"));
	for (int i = 0; ce->flags[i].short_name || ce->flags[i].long_name; i++) {
		const struct cmd_flag *f = &ce->flags[i];
		out_printf(" ");
		if (f->short_name)
			out_printf("-%c", f->short_name);
		if (f->short_name && f->long_name)
			out_printf("|");
		if (f->long_name)
			out_printf("--%s", f->long_name);
		if (f->has_value)
			out_printf(" %s", _("VALUE"));
	}
	out_printf("\n");
}

static void print_one(const struct cmd_entry *ce, const struct cmd_entry *parent)
{
	if (parent)
		out_printf("%s %s — %s\n", parent->name, ce->name, _(ce->summary));
	else
		out_printf("%s — %s\n", ce->name, _(ce->summary));
	out_printf("%s: %s\n", _("usage"), _(ce->usage));
	if (ce->alias)
		out_printf("%s: %s\n", _("alias"), ce->alias);
	print_flags(ce);
	if (ce->help && ce->help[0])
		out_printf("\n%s\n", _(ce->help));
	if (ce->subs) {
		out_printf("\n%s:\n", _("subcommands"));
		for (int i = 0; ce->subs[i]; i++)
			out_printf("  %-44s %s\n", _(ce->subs[i]->usage), _(ce->subs[i]->summary));
	}
	if (ce->attrs & CMD_ROOT)
		out_printf("\n%s\n", _("Needs root."));
}

static int cmd_help_exec(struct cmd_ctx *ctx, const struct args *a, struct err *e)
{
	(void)ctx;
	if (a->argc == 0) {
		out_printf("%s\n", _("aisla: OS-level virtualization on your own kernel, step by step."));
		for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
			out_printf("\n%s\n", _(groups[g].title));
			for (int i = 0; groups[g].names[i]; i++) {
				const struct cmd_entry *ce = lookup(groups[g].names[i]);
				if (ce)
					out_printf("  %-9s %s\n", ce->name, _(ce->summary));
			}
		}
		/* A command the groups forgot is still listed (t0003 fails on it). */
		bool other = false;
		for (int i = 0; cmd_table[i]; i++) {
			if (grouped(cmd_table[i]->name))
				continue;
			if (!other)
				out_printf("\n%s\n", _("Other commands"));
			other = true;
			out_printf("  %-9s %s\n", cmd_table[i]->name, _(cmd_table[i]->summary));
		}
		out_printf("\n%s\n", _("'help COMMAND' explains one command. 'NODE CMD ...' runs "
				       "CMD inside NODE. Tab completes names."));
		return 0;
	}
	const struct cmd_entry *ce = cmd_find(a->argv[0], true, e);
	if (!ce)
		return -1;
	if (a->argc > 1 && ce->subs) {
		for (int i = 0; ce->subs[i]; i++)
			if (!strcmp(ce->subs[i]->name, a->argv[1])) {
				print_one(ce->subs[i], ce);
				return 0;
			}
		err_set(e, _("'%s' is not a subcommand of '%s'"), a->argv[1], ce->name);
		return err_hint(e, _("'help %s' lists its subcommands"), ce->name);
	}
	print_one(ce, NULL);
	return 0;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.alias = "?",
	.min_args = 0, .max_args = 2, .rest_after = -1,
	.usage = N_("help [COMMAND [SUBCOMMAND]]"),
	.summary = N_("List the commands, or explain one"),
	.help = N_("Without arguments, lists every command by area. With a command, shows its "
		   "usage, options and what it does, and which real shell commands do the same."),
	.complete = "CMDNAME",
	.attrs = CMD_NO_EXPLAIN | CMD_NO_RECORD,
	.exec = cmd_help_exec,
};
