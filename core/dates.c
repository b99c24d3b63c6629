/*
 * dates.c - parsing YYYY / YYYY-MM / YYYY-MM-DD, month arithmetic, and the
 * union of work periods that sl.years turns into years. See dates.h.
 */
#include "dates.h"

#include <stdlib.h>

#include "shortlist/error.h"

/* Reads n ASCII digits; -1 when any byte is not one (so "+1", " 1" and
 * "1a" are refused, which strtol would accept in part). */
static int read_digits(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned d = (unsigned)(unsigned char)s[i] - '0';
    if (d > 9) return -1;
    v = v * 10 + (int)d;
  }
  return v;
}

static int is_leap(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int sl_days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return days[month - 1];
}

/* The reason for a day that exists in no month, or not in this one. The
 * message names the month rather than the year because the caller quotes
 * the whole date beside it. */
static const char *bad_day_reason(int year, int month, int day) {
  static const char *const too_short[12] = {
      NULL, NULL, NULL, "April has 30 days", NULL, "June has 30 days",
      NULL, NULL, "September has 30 days", NULL, "November has 30 days", NULL};
  if (day < 1 || day > 31) return "day must be 01-31";
  if (month == 2)
    return is_leap(year) ? "February has 29 days that year"
                         : "February has 28 days that year";
  return too_short[month - 1];
}

int sl_date_parse(const char *s, size_t len, sl_date *out, const char **why) {
  static const char *const bad_form = "expected YYYY, YYYY-MM or YYYY-MM-DD";
  sl_date d = {0, 0, 0};
  const char *reason = NULL;

  if (s == NULL || (len != 4 && len != 7 && len != 10)) {
    reason = bad_form;
    goto fail;
  }
  d.year = read_digits(s, 4);
  if (d.year < 0) {
    reason = bad_form;
    goto fail;
  }
  if (len >= 7) {
    if (s[4] != '-' || (d.month = read_digits(s + 5, 2)) < 0) {
      reason = bad_form;
      goto fail;
    }
    if (d.month < 1 || d.month > 12) {
      reason = "month must be 01-12";
      goto fail;
    }
  }
  if (len == 10) {
    if (s[7] != '-' || (d.day = read_digits(s + 8, 2)) < 0) {
      reason = bad_form;
      goto fail;
    }
    if (d.day < 1 || d.day > sl_days_in_month(d.year, d.month)) {
      reason = bad_day_reason(d.year, d.month, d.day);
      goto fail;
    }
  }
  *out = d;
  return 0;

fail:
  if (why != NULL) *why = reason;
  return SL_EINVAL;
}

int sl_month_abs(int year, int month) { return year * 12 + (month - 1); }

int sl_date_first_month(const sl_date *d) {
  return sl_month_abs(d->year, d->month ? d->month : 1);
}

int sl_date_last_month(const sl_date *d) {
  return sl_month_abs(d->year, d->month ? d->month : 12);
}

int sl_period_read(const char *start, size_t start_len, const char *end,
                   size_t end_len, int as_of_month, sl_period *out) {
  sl_date from, to;
  sl_period p;

  if (sl_date_parse(start, start_len, &from, NULL) != 0) return SL_EINVAL;
  p.first = sl_date_first_month(&from);
  if (end == NULL || end_len == 0) {
    p.last = as_of_month;
  } else {
    if (sl_date_parse(end, end_len, &to, NULL) != 0) return SL_EINVAL;
    p.last = sl_date_last_month(&to);
    /* Checked before clamping: "2019 to 2017" is a typo in the record,
     * whereas "2030 to 2031" is readable and merely in the future. */
    if (p.last < p.first) return SL_EINVAL;
  }
  /* No experience in the future. */
  if (p.last > as_of_month) p.last = as_of_month;
  *out = p;
  return 0;
}

static int by_first(const void *a, const void *b) {
  const sl_period *x = a, *y = b;
  return (x->first > y->first) - (x->first < y->first);
}

long sl_periods_months(sl_period *p, size_t n) {
  long total = 0;
  int have = 0, first = 0, last = 0;

  if (n > 1) qsort(p, n, sizeof *p, by_first);
  /* Sweep in start order, growing the current run while periods touch it;
   * each finished run is disjoint from the rest, so its months add up. */
  for (size_t i = 0; i < n; i++) {
    if (p[i].first > p[i].last) continue;
    if (have && p[i].first <= last) {
      if (p[i].last > last) last = p[i].last;
      continue;
    }
    if (have) total += (long)last - first + 1;
    first = p[i].first;
    last = p[i].last;
    have = 1;
  }
  if (have) total += (long)last - first + 1;
  return total;
}
