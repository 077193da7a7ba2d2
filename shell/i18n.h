/* i18n.h: gettext for every text a user reads.
 *
 * msgids are English; po/es/AREA.po holds the Spanish catalog (merged into
 * one aisla.mo at build time). Spanish is the default when the locale
 * is Spanish or unset/C/POSIX; --lang and LANGUAGE override.
 */
#ifndef AISLA_I18N_H
#define AISLA_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

/* Choose the catalog: lang is "es", "en" or NULL (environment decides). */
void i18n_init(const char *lang);
/* The language in use: "es" or "en". */
const char *i18n_lang(void);

#endif
