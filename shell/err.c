/* err.c: filling and printing struct err (see err.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "err.h"
#include "i18n.h"
#include "out.h"

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	e->hint[0] = '\0';
	e->errnum = 0;
	e->where[0] = '\0';
	return -1;
}

void err_where(struct err *e, const char *file, int line)
{
	if (!e->where[0])
		snprintf(e->where, sizeof e->where, "%s:%d", file, line);
}

int err_errno(struct err *e, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof e->msg - n, ": %s", err_strerror(errnum));
	e->hint[0] = '\0';
	e->errnum = errnum;
	e->where[0] = '\0';
	return -1;
}

int err_hint(struct err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->hint, sizeof e->hint, fmt, ap);
	va_end(ap);
	return -1;
}

int err_wrap(struct err *e, const char *fmt, ...)
{
	char prefix[ERR_MSG_MAX], old[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	size_t pl = strnlen(prefix, sizeof e->msg - 1);
	memcpy(e->msg, prefix, pl);
	size_t ol = strnlen(old, sizeof e->msg - 1 - pl);
	memcpy(e->msg + pl, old, ol);
	e->msg[pl + ol] = '\0';
	return -1;
}

void err_clear(struct err *e)
{
	e->msg[0] = e->hint[0] = e->where[0] = '\0';
	e->errnum = 0;
}

int err_isset(const struct err *e)
{
	return e->msg[0] != '\0';
}

/* Our own table: glibc's translations of errno texts are not always
 * installed (the locales package), and the course is Spanish. */
const char *err_strerror(int errnum)
{
	switch (errnum) {
	case EPERM:	return _("operation not permitted");
	case ENOENT:	return _("no such file or directory");
	case ESRCH:	return _("no such process");
	case EINTR:	return _("interrupted");
	case EIO:	return _("input/output error");
	case E2BIG:	return _("argument list too long");
	case ENOEXEC:	return _("not an executable format");
	case EBADF:	return _("bad file descriptor");
	case ECHILD:	return _("no child processes");
	case EAGAIN:	return _("resource temporarily unavailable");
	case ENOMEM:	return _("not enough memory");
	case EACCES:	return _("permission denied");
	case EBUSY:	return _("device or resource busy");
	case EEXIST:	return _("already exists");
	case EXDEV:	return _("invalid cross-device link");
	case ENODEV:	return _("no such device");
	case ENOTDIR:	return _("not a directory");
	case EISDIR:	return _("is a directory");
	case EINVAL:	return _("invalid argument");
	case ENFILE:
	case EMFILE:	return _("too many open files");
	case ENOSPC:	return _("no space left on device");
	case EROFS:	return _("read-only file system");
	case ERANGE:	return _("value out of range");
	case ENAMETOOLONG: return _("name too long");
	case ENOSYS:	return _("function not implemented by this kernel");
	case ENOTEMPTY:	return _("directory not empty");
	case ELOOP:	return _("too many levels of symbolic links");
	case EOPNOTSUPP: return _("operation not supported");
	case EAFNOSUPPORT: return _("address family not supported");
	case EADDRINUSE: return _("address already in use");
	case EADDRNOTAVAIL: return _("cannot assign requested address");
	case ENETDOWN:	return _("network is down");
	case ENETUNREACH: return _("network is unreachable");
	case ECONNREFUSED: return _("connection refused");
	case EHOSTUNREACH: return _("no route to host");
	case ETIMEDOUT:	return _("timed out");
	case ENOBUFS:	return _("no buffer space available");
	case EPROTONOSUPPORT: return _("protocol not supported");
	case EUSERS:	return _("too many users");
	}
	return strerror(errnum);
}

void err_print(const struct err *e)
{
	const char *msg = e->msg[0] ? e->msg : _("unknown error");

	if (e->where[0])
		out_eprintf("%s: %s: %s\n", e->where, _("error"), msg);
	else
		out_eprintf("%s: %s\n", _("error"), msg);
	if (e->hint[0])
		out_eprintf("%s: %s\n", _("hint"), e->hint);
}
