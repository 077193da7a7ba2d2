/* main.c: the command line, start-up and shutdown. Only main.c and the
 * script runner decide to exit. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd.h"
#include "i18n.h"
#include "journal.h"
#include "lesson/lesson.h"
#include "loop.h"
#include "out.h"
#include "repl.h"
#include "rootless.h"
#include "run.h"
#include "script.h"
#include "shell.h"
#include "tok.h"
#include "tui/tui.h"
#include "world/world.h"
#include "../commands/cgroup.h"
#include "../commands/doctor.h"
#include "../commands/load.h"
#include "../commands/net.h"
#include "../commands/node.h"
#include "probe.h"


static void usage(FILE *f)
{
	fprintf(f, "%s", _(
"Usage:\n"
"  aisla [--plain] [--lang es|en]    interactive shell (panes + prompt)\n"
"  aisla --rootless ...              without root: in a user namespace of its own (a user's default)\n"
"  aisla watch                       panes only, read-only (second terminal, projector)\n"
"  aisla -c 'COMMANDS'               run commands and exit (status 1 at the first failure)\n"
"  aisla FILE                        run a script, a lesson or a demo non-interactively\n"
"  aisla lesson [N|NAME]             start a lesson\n"
"  aisla demo NAME [--step]          replay a demo\n"
"  aisla --check FILE...             validate scripts without running them\n"
"  aisla --allow-host FILE           also run its host commands (! lines, exit checks...)\n"
"                                    when the file does not come with aisla\n"
"  aisla reset [-y] [--force]        undo what aisla created (also after a crash)\n"
"  aisla doctor [CHECK...]           can this machine run aisla and its lessons? (exit 0/1/2)\n"
"  aisla --version | --help\n"
"\n"
"Inside aisla, 'help' lists the commands and 'help COMMAND' explains one.\n"));
}

/* Signals that end the shell: leave cleanly through the loop. */
static void on_term(int signo, void *arg)
{
	(void)arg;
	shell.quit = true;
	shell.exit_status = 128 + signo;
	loop_quit();
}

/* Every module's start (completion kinds and journal kinds are static
 * tables: nothing to register). */
static void modules_init(void)
{
	net_init();
}

static int run_batch_line(const char *line)
{
	struct cmd_ctx ctx = { .interactive = false, .file = "-c", .line = 1 };
	struct err e = ERR_INIT;

	if (cmd_run_line(&ctx, line, &e) < 0) {
		err_print(&e);
		return 1;
	}
	return shell.exit_status;
}

static int run_batch_file(const char *path)
{
	struct err e = ERR_INIT;

	if (script_run_file(path, false, &e) < 0) {
		err_print(&e);
		return 1;
	}
	return shell.exit_status;
}

static int check_files(int n, char **paths)
{
	int rc = 0;

	if (n == 0) {
		fprintf(stderr, "%s\n", _("--check needs at least one FILE"));
		return 2;
	}
	for (int i = 0; i < n; i++) {
		struct err e = ERR_INIT;
		if (script_check_file(paths[i], &e) < 0) {
			err_print(&e);
			rc = 1;
		} else {
			out_printf(_("%s: correct\n"), paths[i]);
		}
	}
	return rc;
}

/* aisla reset [-y] [--force]: the `reset` command, asking first on a
 * terminal; --force even while another session uses the journal. */
static int reset_main(int argc, char **argv)
{
	struct cmd_ctx ctx = { .interactive = isatty(STDIN_FILENO) != 0 };
	struct err e = ERR_INIT;
	bool yes = false, force = false;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-y") || !strcmp(argv[i], "--yes"))
			yes = true;
		else if (!strcmp(argv[i], "--force"))
			force = true;	/* even with a session open on the journal */
		else {
			fprintf(stderr, _("error: 'aisla reset' has no option '%s'\n"), argv[i]);
			fprintf(stderr, "%s: %s\n", _("hint"), _("usage: aisla reset [-y] [--force]"));
			return 1;
		}
	}
	if (cmd_run_line(&ctx, force ? (yes ? "reset -y --force" : "reset --force") :
				     yes ? "reset -y" : "reset", &e) < 0) {
		err_print(&e);
		return 1;
	}
	return 0;
}

/* Should this run enter the rootless session? With --rootless, unless
 * nothing touches the kernel (--help, --version, --check, doctor, which
 * checks the real machine); and by default for a user without root who
 * did not choose a journal (AISLA_RUN_DIR), except `reset` (root's
 * journal: it says to use sudo) and `watch` (the host, read-only). */
static bool wants_rootless(int argc, char **argv)
{
	bool forced = false;
	const char *mode = NULL, *rundir = getenv("AISLA_RUN_DIR");

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--rootless"))
			forced = true;
		else if (!strcmp(a, "--lang") || !strcmp(a, "-c"))
			i++;
		else if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "--version") ||
			 !strcmp(a, "--check"))
			return false;
		else if (a[0] != '-' && !mode)
			mode = a;
	}
	if (mode && !strcmp(mode, "doctor"))
		return false;
	if (forced)
		return true;
	if (geteuid() == 0 || (rundir && *rundir))
		return false;
	return !mode || (strcmp(mode, "reset") && strcmp(mode, "watch"));
}

/* The rootless session could not start: why (doctor's user namespace
 * check, which tries and reads the sysctls) and the fix. Exit 1. */
static int rootless_refused(const struct err *e)
{
	const struct probe *p = probe_find("userns");
	struct probe_result r;

	probe_run(p, &r);
	fprintf(stderr, _("error: aisla cannot start without root: %s\n"), e->msg);
	if (r.level != PROBE_OK)
		fprintf(stderr, "%s\n", r.saw);
	fprintf(stderr, "%s: %s\n", _("hint"), r.level != PROBE_OK && r.fix[0] ? r.fix :
		_("run it as root: sudo aisla"));
	fprintf(stderr, "%s: %s\n", _("hint"), _("'aisla doctor' checks the whole machine"));
	return 1;
}

/* aisla doctor [CHECK...]: 0 all ok, 1 a failure, 2 warnings only. */
static int doctor_main(int argc, char **argv)
{
	int worst, bad = doctor_report(argc, argv, &worst);

	if (bad >= 0) {
		fprintf(stderr, _("error: there is no check '%s'\n"), argv[bad]);
		fprintf(stderr, "%s: %s\n", _("hint"),
			_("'aisla doctor' alone runs every check and shows their names"));
		return 2;
	}
	return worst == PROBE_FAIL ? 1 : worst == PROBE_WARN ? 2 : 0;
}

static int interactive_main(enum tui_mode mode, const char *first_line)
{
	struct err e = ERR_INIT;
	int left;

	shell.interactive = true;
	if (world_init(true, &e) < 0) {
		err_print(&e);
		e = (struct err)ERR_INIT;
	}
	if (!shell.plain && tui_possible()) {
		if (tui_start(mode, &e) < 0) {
			err_print(&e);
			e = (struct err)ERR_INIT;
		}
	} else if (mode == TUI_WATCH) {
		fprintf(stderr, "%s\n", _("error: 'aisla watch' needs a terminal of at least 80x24"));
		return 1;
	}
	if (mode != TUI_WATCH) {
		out_printf(_("aisla %s: a shell for learning OS-level virtualization. "
			     "'help' lists the commands, Ctrl-D leaves.\n"), AISLA_VERSION);
		left = journal_count();
		if (left > 0)
			out_printf(ngettext("A previous session left %d object made by aisla; "
					    "'reset' removes it.\n",
					    "A previous session left %d objects made by aisla; "
					    "'reset' removes them.\n", (unsigned long)left), left);
		if (rootless_active())
			out_printf("%s\n", _("Rootless mode: you are root of a user namespace of your own, "
					     "with its own network (the host here) and /run; everything "
					     "you make disappears when you leave. cgroups need root "
					     "('aisla doctor cgroups' says why)."));
		else if (geteuid() != 0)
			out_printf("%s\n", _("You are not root: most commands need it (sudo aisla)."));
		if (!tui_active() && repl_start(&e) < 0) {
			err_print(&e);
			return 1;
		}
	}
	if (first_line) {
		struct cmd_ctx ctx = { .interactive = true };
		if (cmd_run_line(&ctx, first_line, &e) < 0)
			err_print(&e);
	}
	if (!shell.quit)
		loop_run();
	repl_stop();
	tui_stop();
	return shell.exit_status;
}

int main(int argc, char **argv)
{
	const char *lang = NULL, *cmds = NULL;
	bool check = false;
	int i, rc;

	/* The teaching props (load cpu|mem|forks) are aisla re-executed
	 * with a hidden first argument: no other program needed. */
	if (argc >= 2 && strcmp(argv[1], LOAD_ARGV1) == 0)
		return load_main(argc - 1, argv + 1);

	/* --lang first: every message after this is translated. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[i + 1];
		else if (!strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
	}
	i18n_init(lang);
	/* A check of `doctor` that must try something (probe-child.c). */
	if (argc >= 2 && strcmp(argv[1], PROBE_ARGV1) == 0)
		return probe_child_main(argc - 1, argv + 1);
	/* Without root: the rootless session, before any loop or thread. */
	if (wants_rootless(argc, argv)) {
		struct err e = ERR_INIT;
		if (rootless_enter(&e) < 0)
			return rootless_refused(&e);
	}
	if (loop_init() < 0) {
		fprintf(stderr, "aisla: %s\n", _("cannot start the event loop"));
		return 1;
	}
	loop_on_signal(SIGTERM, on_term, NULL);
	loop_on_signal(SIGHUP, on_term, NULL);
	modules_init();

	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--plain")) {
			shell.plain = true;
		} else if (!strcmp(a, "--rootless")) {
			/* done before the loop started */
		} else if (!strcmp(a, "--lang")) {
			i++;
		} else if (!strncmp(a, "--lang=", 7)) {
			/* done above */
		} else if (!strcmp(a, "--version")) {
			printf("aisla %s\n", AISLA_VERSION);
			return 0;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-c")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "%s\n", _("error: -c needs the commands to run"));
				return 2;
			}
			cmds = argv[++i];
		} else if (!strcmp(a, "--check")) {
			check = true;
		} else if (!strcmp(a, "--allow-host")) {
			lesson_allow_host = true;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, _("error: unknown option '%s'\n"), a);
			usage(stderr);
			return 2;
		} else {
			break;
		}
	}

	if (check)
		rc = check_files(argc - i, argv + i);
	else if (cmds) {
		if (i < argc) {
			fprintf(stderr, _("error: unexpected argument '%s' after -c\n"), argv[i]);
			return 2;
		}
		rc = run_batch_line(cmds);
	} else if (i < argc && !strcmp(argv[i], "reset"))
		rc = reset_main(argc - i - 1, argv + i + 1);
	else if (i < argc && !strcmp(argv[i], "doctor"))
		rc = doctor_main(argc - i - 1, argv + i + 1);
	else if (i < argc && !strcmp(argv[i], "watch"))
		rc = interactive_main(TUI_WATCH, NULL);
	else if (i < argc && (!strcmp(argv[i], "lesson") || !strcmp(argv[i], "demo"))) {
		/* aisla lesson [N] = lesson start N (or lesson list);
		 * aisla demo NAME [--step] = demo play NAME [--step]. */
		bool lesson = !strcmp(argv[i], "lesson");
		char *words[64], *line;
		int n = 0;
		words[n++] = argv[i];
		if (i + 1 >= argc)
			words[n++] = (char *)(lesson ? "list" : "list");
		else
			words[n++] = (char *)(lesson ? "start" : "play");
		for (int k = i + 1; k < argc && n < 63; k++)
			words[n++] = argv[k];
		words[n] = NULL;
		line = tok_join(n, words);
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			rc = interactive_main(TUI_FULL, line);
		else
			rc = run_batch_line(line);
		free(line);
	} else if (i < argc) {
		if (i + 1 < argc) {
			fprintf(stderr, _("error: unexpected argument '%s' after the script\n"),
				argv[i + 1]);
			return 2;
		}
		rc = run_batch_file(argv[i]);
	} else if (isatty(STDIN_FILENO)) {
		rc = interactive_main(TUI_FULL, NULL);
	} else {
		rc = run_batch_file("/dev/stdin");
	}

	run_kill_background();
	world_free();
	loop_free();
	return rc;
}
