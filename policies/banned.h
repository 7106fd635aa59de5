/*
 * banned.h: functions cidrlint must not call, made compile errors (after
 * git's banned.h).  Every translation unit built with cidrlint_flags
 * includes it first (-include, see CMakeLists.txt), so no file can forget
 * it.  The system headers that declare these are included here, before
 * the macros, so that their own declarations are left alone.
 *
 * Why each is banned:
 *  - strcpy, strcat, sprintf, vsprintf, gets: no bound on what they write;
 *    use snprintf(), struct sbuf or xstrdup().
 *  - strncpy, strncat: bounded but leave the result unterminated (strncpy)
 *    or take the room left, not the size (strncat): both invite off-by-one
 *    errors; use snprintf() or memcpy() with an explicit length.
 *  - strtok: keeps its position in a hidden static, so the core could not
 *    be run twice or from two callers at once; use strtok_r().
 *  - gmtime, localtime, ctime, asctime: return a static buffer; use the
 *    _r forms.
 */
#ifndef CIDRLINT_BANNED_H
#define CIDRLINT_BANNED_H

#include <stdio.h>
#include <string.h>
#include <time.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#undef sprintf
#undef vsprintf
#define sprintf(...) BANNED(sprintf)
#define vsprintf(...) BANNED(vsprintf)

#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef asctime
#define asctime(t) BANNED(asctime)

#endif
