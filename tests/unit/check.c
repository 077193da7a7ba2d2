/* tests/unit/check.c: the check vocabulary (shell/check.c): every form
 * parses, malformed checks are refused with a Spanish-able message, and
 * the checks that read only /proc and files evaluate on this machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "../../shell/lesson/check.h"

static int parses(const char *text)
{
	struct check *c;
	struct err e = ERR_INIT;
	int rc = check_parse(text, &c, &e);
	if (rc == 0)
		check_free(c);
	return rc == 0;
}

static int holds(const char *text, char *seen, size_t n)
{
	struct check *c;
	struct err e = ERR_INIT;
	struct check_result r;
	if (check_parse(text, &c, &e) < 0) {
		snprintf(seen, n, "parse: %.600s", e.msg);
		return -1;
	}
	bool ok = check_eval(c, &r);
	snprintf(seen, n, "%s [%s]", r.seen, r.clause);
	check_free(c);
	return ok;
}

/* Does the check parse and run a program on the host? */
static bool check_parse_ok_host(const char *text)
{
	struct check *c;
	struct err e = ERR_INIT;
	bool host;
	if (check_parse(text, &c, &e) < 0)
		return false;
	host = check_runs_host(c);
	check_free(c);
	return host;
}

int main(void)
{
	static const char *const good[] = {
		"node rojo",
		"node rojo net pid user mount uts ipc cgroup",
		"link v-rojo@rojo",
		"link v-rojo@rojo up kind veth peer v-azul@azul master br0",
		"link eth0 down nomaster",
		"addr v-rojo@rojo 10.0.0.1/24",
		"addr v@n fd00::1/64",
		"addr v@n 10.0.0.1",
		"route rojo default via 10.0.0.254",
		"route rojo 10.0.2.0/24 via 10.0.1.1 dev v1",
		"route host 10.0.0.0/24 dev br0",
		"forward medio on",
		"forward medio off",
		"ping rojo 10.0.0.2",
		"ping rojo fd00::2",
		"pid1 caja sh",
		"pids caja < 5",
		"pids caja == 1",
		"uid caja 0 -> 0",
		"uid caja 0 -> 1000",
		"hostname caja contenedor",
		"root 1 /",
		"root caja /srv/rootfs",
		"cgroup web cpu 50%",
		"cgroup web memory 64M",
		"cgroup web cpu '50000 100000'",
		"in-cgroup caja web",
		"in-cgroup 123 web",
		"cpu caja between 40% 60%",
		"cpu 1 between 0% 5%",
		"nice caja 10",
		"nice 1 -5",
		"exit true == 0",
		"exit in caja ls /proc == 0",
		"exit sh -c 'exit 3' == 3",
		"not node rojo",
		"not link v@rojo",
		"file /srv/rootfs/bin/busybox",
		"bridge br0@lan",
		"bridge br0@lan v1 v2 v3",
		"oom web",
		"fork-refused web",
		"proc sleep 1000",
		"ran ps",
		"ran !ip netns list",
		NULL,
	};
	static const char *const bad[] = {
		"",
		"nod rojo",
		"node",
		"node -x",
		"node rojo network",
		"link",
		"link v@rojo sideways",
		"link v@rojo kind",
		"link v@rojo peer",
		"link a/b@rojo",
		"addr v@rojo",
		"addr v@rojo 10.0.0.300/24",
		"addr v@rojo 10.0.0.1/33",
		"route rojo",
		"route rojo 10.0.0.0/24 via nowhere",
		"route rojo default through 1.2.3.4",
		"forward rojo maybe",
		"ping rojo",
		"ping rojo example.com",
		"pids caja 5",
		"pids caja < many",
		"uid caja 0 1000",
		"root caja relative/dir",
		"cgroup web cpu",
		"cpu caja 40% 60%",
		"cpu caja between 60% 40%",
		"nice caja 30",
		"exit true",
		"exit true == zero",
		"not",
		"not nod x",
		"node a; node b",
		"bridge",
		"bridge br0@lan a/b",
		"oom",
		"oom a b",
		"ran",
		NULL,
	};
	char seen[700], buf[128];

	for (int i = 0; good[i]; i++)
		ok(parses(good[i]), "parses: %s", good[i]);
	for (int i = 0; bad[i]; i++)
		ok(!parses(bad[i]), "refused: %s", bad[i]);

	{
		struct check *c;
		struct err e = ERR_INIT;
		ok(check_parse("nod rojo", &c, &e) < 0 && strstr(e.hint, "node"), "suggests 'node'");
		e = (struct err)ERR_INIT;
		ok(check_parse("link v@rojo sideways", &c, &e) < 0 && strstr(e.hint, "link IF@N"),
		   "hint shows the form");
		ok(check_parse("  link v@rojo up  ", &c, &e) == 0 && !strcmp(check_text(c), "link v@rojo up"),
		   "text is trimmed");
		is_str(check_verb(c), "link", "verb");
		ok(!check_is_slow(c), "link is quick");
		check_free(c);
		ok(check_parse("not ping a 10.0.0.1", &c, &e) == 0 && check_is_slow(c), "ping is slow");
		check_free(c);
	}

	/* Checks that read only /proc and files: evaluate here. */
	ok(holds("file /proc/self", seen, sizeof seen) == 1, "file exists: %s", seen);
	ok(holds("file /nonexistent/x", seen, sizeof seen) == 0, "file absent: %s", seen);
	ok(strstr(seen, "[file /nonexistent/x]") != NULL, "clause names the file");
	ok(holds("not file /nonexistent/x", seen, sizeof seen) == 1, "not: %s", seen);
	ok(holds("not file /proc", seen, sizeof seen) == 0, "not fails: %s", seen);
	snprintf(buf, sizeof buf, "nice %d 0", (int)getpid());
	ok(holds(buf, seen, sizeof seen) == 1, "own niceness 0: %s", seen);
	snprintf(buf, sizeof buf, "nice %d 7", (int)getpid());
	ok(holds(buf, seen, sizeof seen) == 0, "not 7: %s", seen);
	ok(strstr(seen, "0") != NULL, "says what it saw");
	snprintf(buf, sizeof buf, "root %d /", (int)getpid());
	ok(holds(buf, seen, sizeof seen) == 1, "root is /: %s", seen);
	snprintf(buf, sizeof buf, "root %d /tmp", (int)getpid());
	ok(holds(buf, seen, sizeof seen) == 0, "root is not /tmp: %s", seen);
	ok(holds("nice 999999999 0", seen, sizeof seen) == 0, "no such process: %s", seen);
	/* `not`: counted once, at most CHECK_NOT_MAX, each one turns the result. */
	{
		struct check *c;
		struct err e = ERR_INIT;
		char many[64 * 5 + 32] = "";
		for (int k = 0; k < CHECK_NOT_MAX; k++)
			strcat(many, "not ");
		strcat(many, "file /proc");
		ok(check_parse(many, &c, &e) == 0, "%d 'not' parse", CHECK_NOT_MAX);
		check_free(c);
		memmove(many + 4, many, strlen(many) + 1);
		memcpy(many, "not ", 4);
		ok(check_parse(many, &c, &e) < 0 && strstr(e.msg, "not"), "%d 'not' refused: %s",
		   CHECK_NOT_MAX + 1, e.msg);
		ok(check_parse("not not not", &c, &e) < 0, "only 'not': refused");
		ok(check_parse("not nodo a", &c, &e) < 0 && strstr(e.msg, "nodo"),
		   "not + unknown check: names the word");
	}
	ok(holds("not not file /proc", seen, sizeof seen) == 1, "not not X holds when X does: %s", seen);
	ok(holds("not not file /nonexistent", seen, sizeof seen) == 0, "not not X fails when X does");
	ok(holds("not not not file /proc", seen, sizeof seen) == 0, "three not: fails: %s", seen);
	ok(strstr(seen, "[not]") != NULL, "the failing clause is 'not'");
	ok(check_parse_ok_host("exit true == 0"), "exit runs on the host");
	ok(!check_parse_ok_host("file /"), "file does not");
	ok(check_parse_ok_host("not exit true == 0"), "not exit does too");
	snprintf(buf, sizeof buf, "cpu %d between 0%% 100%%", (int)getpid());
	ok(holds(buf, seen, sizeof seen) == 1, "cpu share of an idle process: %s", seen);
	return done_testing();
}
