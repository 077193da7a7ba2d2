/* i18n.c: choosing the catalog. Spanish unless the user's locale says
 * another language (the course is Spanish): es_* and unset/C/POSIX give
 * Spanish; --lang and LANGUAGE override. */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "i18n.h"
#include "paths.h"

static char lang_in_use[8] = "es";

static int is_c_locale(const char *l)
{
	return !l || !*l || !strcmp(l, "C") || !strcmp(l, "POSIX") ||
	       !strncmp(l, "C.", 2);
}

void i18n_init(const char *lang)
{
	const char *msgs, *language = getenv("LANGUAGE");
	const char *want, *envloc = NULL;
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	setlocale(LC_ALL, "");
	/* UTF-8 throughout: accents in messages, ncursesw. */
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	msgs = setlocale(LC_MESSAGES, NULL);
	/* The user's wish is in the environment even when that locale is
	 * not installed (setlocale then falls back to C). */
	for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !envloc; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			envloc = v;
	}

	if (lang && *lang)
		want = lang;
	else if (language && *language)
		want = strncmp(language, "en", 2) == 0 ? "en" : "es";
	else if (is_c_locale(envloc) || !strncmp(envloc, "es", 2))
		want = "es";
	else
		want = "en";
	strncpy(lang_in_use, strncmp(want, "en", 2) == 0 ? "en" : "es",
		sizeof lang_in_use - 1);

	/* gettext ignores LANGUAGE under the "C" locale; C.UTF-8 is fine. */
	if (is_c_locale(msgs) || strncmp(msgs, lang_in_use, 2) != 0) {
		if (!setlocale(LC_MESSAGES, "C.UTF-8"))
			setlocale(LC_MESSAGES, "C.utf8");
	}
	setenv("LANGUAGE", lang_in_use, 1);
	bindtextdomain("aisla", paths_locale_dir());
	bind_textdomain_codeset("aisla", "UTF-8");
	textdomain("aisla");
}

const char *i18n_lang(void)
{
	return lang_in_use;
}
