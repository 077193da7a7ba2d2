/* Unit tests: which foreground children get the whole terminal and which
 * print into the console (run_is_interactive). */
#include "tap.h"
#include "../../shell/run.h"

static bool inter(const char *a0, const char *a1, const char *a2)
{
	char *argv[] = { (char *)a0, (char *)a1, (char *)a2, NULL };
	return run_is_interactive(argv);
}

int main(void)
{
	ok(inter("/bin/sh", NULL, NULL), "a shell alone is interactive");
	ok(inter("bash", "-l", NULL), "a login shell is interactive");
	ok(inter("sh", "-i", "x.sh"), "-i makes it interactive");
	ok(inter("/bin/busybox", "sh", NULL), "busybox sh alone is interactive");
	ok(inter("python3", NULL, NULL), "an interpreter alone is interactive");
	ok(inter("top", NULL, NULL), "a full-screen program is interactive");
	ok(inter("/usr/bin/less", "/etc/passwd", NULL), "less with a file too");
	ok(!inter("sh", "-c", "echo hola"), "sh -c CMD is not");
	ok(!inter("bash", "script.sh", NULL), "a shell running a script is not");
	ok(!inter("busybox", "sh", "-c"), "busybox sh -c is not");
	ok(!inter("ip", "link", NULL), "ip link is not");
	ok(!inter("echo", "HOLA", NULL), "echo is not");
	ok(!inter("python3", "-m", "http.server"), "python3 -m MOD is not");
	ok(!inter("shx", NULL, NULL), "only whole names count");
	return done_testing();
}
