/* tui.c: stub until the panes land. */
#include "tui.h"
#include "../i18n.h"

bool tui_possible(void) { return false; }
int tui_start(enum tui_mode mode, struct err *e)
{
	(void)mode;
	return err_set(e, _("the panes are not available yet"));
}
void tui_stop(void) {}
bool tui_active(void) { return false; }
