/* check-files.c: the checks on files and commands: file (a path
 * exists), exit (a command's exit status, on the host or in a node) and
 * ran (a command that succeeded in the current step: the runner feeds the
 * list through check_ran_add).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../i18n.h"
#include "../run.h"
#include "../tok.h"
#include "../kernel/enter.h"
#include "check-verbs.h"

static bool eval_file(const struct check *c, struct check_result *r)
{
	struct stat st;
	if (lstat(c->argv[0], &st) < 0) {
		check_fail(r, "file", c->argv[0]);
		return check_seen(r, _("'%s' does not exist"), c->argv[0]);
	}
	check_seen(r, _("'%s' exists"), c->argv[0]);
	return true;
}

const struct check_verb check_verb_file = {
	.name = "file",
	.form = N_("file PATH"),
	.min_args = 1, .max_args = 1,
	.parse = NULL,
	.eval = eval_file,
};

/* In the child of an exit check: quiet, stdin from /dev/null. */
static int quiet_setup(void *arg, struct err *e)
{
	int fd = open("/dev/null", O_RDWR);
	(void)arg;
	if (fd < 0)
		return err_errno(e, errno, "/dev/null");
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	return 0;
}

static int parse_exit(struct check *c, struct err *e)
{
	char *end;
	int from = 0;
	if (c->argc >= 2 && !strcmp(c->argv[0], "in")) {
		if (check_need_node(c, c->argv[1], e) < 0)
			return -1;
		c->in_node = c->argv[1];
		from = 2;
	}
	if (c->argc - from < 3 || strcmp(c->argv[c->argc - 2], "==")) {
		err_set(e, _("check '%s': expected a command, '==' and a status"), c->text);
		return check_form_hint(e, c);
	}
	c->code = (int)strtol(c->argv[c->argc - 1], &end, 10);
	if (*end || end == c->argv[c->argc - 1]) {
		err_set(e, _("check '%s': expected a command, '==' and a status"), c->text);
		return check_form_hint(e, c);
	}
	c->cmd_from = from;
	c->cmd_to = c->argc - 2;
	return 0;
}

static bool eval_exit(const struct check *c, struct check_result *r)
{
	int n = c->cmd_to - c->cmd_from, status = 0, rc;
	char **argv = calloc((size_t)n + 1, sizeof *argv);
	struct err e = ERR_INIT;
	struct run_spec s;
	pid_t pid;

	if (!argv)
		return check_seen(r, "%s", err_strerror(ENOMEM));
	for (int i = 0; i < n; i++)
		argv[i] = c->argv[c->cmd_from + i];
	memset(&s, 0, sizeof s);
	s.argv = argv;
	s.mode = RUN_CAPTURE;
	s.setup = quiet_setup;
	s.keep_pdeathsig = true;
	s.hidden = true;	/* the checker is not the student's: not in the panes */
	if (c->in_node) {
		rc = node_run(c->in_node, &s, &status, &pid, &e);
	} else {
		rc = run_child(&s, &status, &pid, &e);
	}
	char *cmdline = tok_join(n, argv);
	free(argv);
	if (rc < 0) {
		check_fail(r, "exit", NULL);
		check_seen(r, _("'%s' could not run: %s"), cmdline ? cmdline : "?", e.msg);
		free(cmdline);
		return false;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (code != c->code) {
		check_fail(r, "exit", NULL);
		check_seen(r, _("'%s' %s, not with status %d"), cmdline ? cmdline : "?",
		     run_status_str(status), c->code);
		free(cmdline);
		return false;
	}
	check_seen(r, _("'%s' %s"), cmdline ? cmdline : "?", run_status_str(status));
	free(cmdline);
	return true;
}

const struct check_verb check_verb_exit = {
	.name = "exit",
	.form = N_("exit [in N] CMD... == CODE"),
	.min_args = 0, .max_args = -1,
	.slow = true,
	.host = true,
	.parse = parse_exit,
	.eval = eval_exit,
};

/* The commands that ran in the current step (the runner feeds them). */
static char **ran;
static size_t nran;

void check_ran_reset(void)
{
	for (size_t i = 0; i < nran; i++)
		free(ran[i]);
	free(ran);
	ran = NULL;
	nran = 0;
}

void check_ran_add(const char *line)
{
	char **n = realloc(ran, sizeof *n * (nran + 1));
	if (!n)
		return;
	ran = n;
	ran[nran] = strdup(line);
	if (ran[nran])
		nran++;
}

/* Does line start with the words of want (the last word may be a
 * prefix of the line's word only when it is whole)? */
static bool words_prefix(char *const *want, int nwant, char *const *have, int nhave)
{
	if (nhave < nwant)
		return false;
	for (int i = 0; i < nwant; i++)
		if (strcmp(want[i], have[i]))
			return false;
	return true;
}

/* The text after the verb (and its `not`s), as written. */
static const char *after_verb(const struct check *c)
{
	const char *t = c->text;
	for (int w = 0; w <= c->nnot; w++) {
		t += strspn(t, " \t");
		t += strcspn(t, " \t");
	}
	return t + strspn(t, " \t");
}

static bool eval_ran(const struct check *c, struct check_result *r)
{
	for (size_t i = 0; i < nran; i++) {
		struct tok_line t;
		struct err e = ERR_INIT;
		bool ok = false;
		if (ran[i][0] == '!') {
			/* "!ip netns list": compare the words as text. */
			char want[512] = "";
			size_t len = 0;
			for (int k = 0; k < c->argc && len < sizeof want; k++)
				len += (size_t)snprintf(want + len, sizeof want - len, "%s%s",
							k ? " " : "", c->argv[k]);
			ok = !strncmp(ran[i], want, strlen(want));
		} else if (tok_split(ran[i], &t, &e) == 0) {
			for (int k = 0; k < t.ncmds && !ok; k++)
				ok = words_prefix(c->argv, c->argc, t.cmds[k].argv, t.cmds[k].argc);
			tok_line_free(&t);
		}
		if (ok) {
			check_seen(r, _("'%s' ran"), ran[i]);
			return true;
		}
	}
	char *want = c->argv[0][0] == '!' ? strdup(after_verb(c)) : tok_join(c->argc, c->argv);
	check_fail(r, "ran", want);
	check_seen(r, _("'%s' has not run yet in this step"), want ? want : "?");
	free(want);
	return false;
}

const struct check_verb check_verb_ran = {
	.name = "ran",
	.form = N_("ran WORDS..."),
	.min_args = 1, .max_args = -1,
	.parse = NULL,
	.eval = eval_ran,
};
