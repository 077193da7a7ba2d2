/* mounts.c: overlay mounts in /proc/self/mountinfo (see mounts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mounts.h"
#include "../i18n.h"

#define MAX_OVERLAYS 256

static struct ovl {
	char point[512];
	char source[160];
} ovl[MAX_OVERLAYS];
static int novl;
static long long read_at_ms = -1;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

static void reread(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192];
	novl = 0;
	while (f && novl < MAX_OVERLAYS && fgets(line, sizeof line, f)) {
		/* ID PARENT MAJ:MIN ROOT POINT OPTS [TAGS...] - FSTYPE SOURCE SUPER */
		char point[512], fstype[64], source[160];
		const char *dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*s %*s %*s %*s %511s", point) != 1 ||
		    sscanf(dash + 3, "%63s %159s", fstype, source) != 2 || strcmp(fstype, "overlay"))
			continue;
		unescape(point);
		unescape(source);
		snprintf(ovl[novl].point, sizeof ovl[novl].point, "%s", point);
		snprintf(ovl[novl].source, sizeof ovl[novl].source, "%s", source);
		novl++;
	}
	if (f)
		fclose(f);
	read_at_ms = now_ms();
}

int mounts_overlay_source(const char *path, char *src, size_t n)
{
	if (!path || path[0] != '/' || !path[1])
		return 0;
	if (read_at_ms < 0 || now_ms() - read_at_ms > 500)
		reread();
	for (int i = 0; i < novl; i++)
		if (!strcmp(ovl[i].point, path)) {
			snprintf(src, n, "%s", ovl[i].source);
			return 1;
		}
	return 0;
}

const char *mounts_root_label(const char *root)
{
	static char buf[4][200];
	static int k;
	char src[160];
	if (!mounts_overlay_source(root, src, sizeof src))
		return root;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], _("%s (overlay)"), src);
	return buf[k];
}
