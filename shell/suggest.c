/* suggest.c: the nearest names to a mistyped word (see suggest.h). */
#include <stdio.h>
#include <string.h>
#include "suggest.h"

int suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[32][32];

	if (la > 30 || lb > 30)
		return 99;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			/* a swap of two letters counts as one */
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[la][lb];
}

int suggest_max_distance(size_t len)
{
	return len <= 3 ? 1 : len <= 5 ? 2 : 3;
}

void suggest_init(struct suggest *s, const char *word, bool quote)
{
	s->word = word;
	s->best = 99;
	s->max = suggest_max_distance(strlen(word));
	s->quote = quote;
	s->list[0] = '\0';
}

void suggest_add(struct suggest *s, const char *name)
{
	size_t len = strlen(s->word), have = strlen(s->list);
	int d;

	if (!strcmp(name, s->word))
		return;
	d = len && !strncmp(name, s->word, len) ? 1 : suggest_distance(s->word, name);
	if (d > s->max || d > s->best)
		return;
	if (d < s->best) {
		s->best = d;
		s->list[0] = '\0';
		have = 0;
	}
	const char *q = s->quote ? "'" : "";
	if (have + strlen(name) + 5 < sizeof s->list)
		snprintf(s->list + have, sizeof s->list - have, "%s%s%s%s",
			 have ? ", " : "", q, name, q);
}

const char *suggest_found(const struct suggest *s)
{
	return s->list[0] ? s->list : NULL;
}
