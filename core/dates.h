/*
 * dates.h - the three date forms of candidate records (YYYY, YYYY-MM,
 * YYYY-MM-DD), month arithmetic, and the period union behind sl.years.
 *
 * Plain C, no Lua: helpers.c binds it. Months are "absolute months",
 * year * 12 + (month - 1), so a span of months is a pair of ints and the
 * number of months in it is last - first + 1 (months count inclusively, as
 * LinkedIn shows durations).
 */
#ifndef SL_DATES_H
#define SL_DATES_H

#include <stddef.h>

/* One parsed date. Fields the form omits are 0. */
typedef struct sl_date {
  int year;  /* 0000-9999 */
  int month; /* 1-12, or 0 for the form YYYY */
  int day;   /* 1-31 (valid for the month), or 0 for YYYY and YYYY-MM */
} sl_date;

/* Parses exactly one of YYYY, YYYY-MM, YYYY-MM-DD from the len bytes at s
 * (s need not be NUL-terminated; NULL is refused). Strict: 4-digit year,
 * month 01-12, day valid for the month (leap years included), no spaces,
 * nothing else. Returns 0 and fills *out, or SL_EINVAL and, when why is
 * not NULL, points *why at a static reason such as "month must be 01-12". */
int sl_date_parse(const char *s, size_t len, sl_date *out, const char **why);

/* Days in a month of the proleptic Gregorian calendar (month 1-12). */
int sl_days_in_month(int year, int month);

/* year * 12 + (month - 1); month 1-12. */
int sl_month_abs(int year, int month);

/* The first and last absolute month a date stands for: a year alone is
 * January as a start and December as an end; the day is ignored. */
int sl_date_first_month(const sl_date *d);
int sl_date_last_month(const sl_date *d);

/* An inclusive span of absolute months; empty when first > last. */
typedef struct sl_period {
  int first;
  int last;
} sl_period;

/* Reads one work period from its written dates (start_len / end_len bytes;
 * strings need not be NUL-terminated). end NULL or empty means "still
 * running": the period ends in as_of_month. An end after as_of_month is
 * clamped to it, so a period starting after the as-of month comes out
 * empty (first > last) and still returns 0: it is readable, it just holds
 * no experience yet.
 * Returns SL_EINVAL, leaving *out untouched, when the dates cannot be read:
 * start NULL or unparsable, a non-empty end unparsable, or the written end
 * before the written start (compared by month, since days are ignored). */
int sl_period_read(const char *start, size_t start_len, const char *end,
                   size_t end_len, int as_of_month, sl_period *out);

/* Number of distinct months covered by the n periods; a month covered by
 * several periods counts once, empty periods count nothing. Sorts p in
 * place (that is its only side effect). */
long sl_periods_months(sl_period *p, size_t n);

#endif
