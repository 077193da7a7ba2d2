/* ns.c: the namespace table (see ns.h). */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "ns.h"

static const struct {
	unsigned bit;
	const char *name;
	char letter;
	const char *opt;
	int clone;
} ns_table[NS_COUNT] = {
#define NS_ROW(bit, name, letter, opt, clone) { bit, name, letter, opt, clone },
	NS_TABLE(NS_ROW)
#undef NS_ROW
};

const char *ns_name(int i)
{
	return i >= 0 && i < NS_COUNT ? ns_table[i].name : "?";
}

char ns_letter(int i)
{
	return i >= 0 && i < NS_COUNT ? ns_table[i].letter : '?';
}

const char *ns_mask_flags(unsigned mask)
{
	static char buf[64];
	buf[0] = 0;
	for (int i = 0; i < NS_COUNT; i++)
		if (mask & (1u << i)) {
			size_t l = strlen(buf);
			snprintf(buf + l, sizeof buf - l, "%s-%c", l ? " " : "", ns_table[i].letter);
		}
	return buf;
}

const char *ns_mask_names(unsigned mask)
{
	static char buf[64];
	buf[0] = 0;
	for (int i = 0; i < NS_COUNT; i++)
		if (mask & (1u << i)) {
			size_t l = strlen(buf);
			snprintf(buf + l, sizeof buf - l, "%s%s", l ? "," : "", ns_table[i].name);
		}
	return buf;
}

int ns_clone_flags(unsigned mask)
{
	int f = 0;
	for (int i = 0; i < NS_COUNT; i++)
		if (mask & (1u << i))
			f |= ns_table[i].clone;
	return f;
}

unsigned long ns_path_inode(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return 0;
	return (unsigned long)st.st_ino;
}

unsigned long ns_pid_inode(pid_t pid, int i)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/%d/ns/%s", (int)pid, ns_name(i));
	return ns_path_inode(p);
}
