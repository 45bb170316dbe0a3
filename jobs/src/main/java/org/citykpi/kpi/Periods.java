package org.citykpi.kpi;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.weekofyear;
import static org.apache.spark.sql.functions.year;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.Interval;

/**
 * Reporting periods and their labels: day {@code 2026-10-05}, ISO week {@code 2026-W46} (Monday to
 * Sunday, the year is the ISO week-based year, so 2026-12-31 is in 2026-W53 and 2027-01-01 too),
 * month {@code 2026-10}, quarter {@code 2026-Q4}, year {@code 2026}.
 */
public final class Periods {
  public static final String DAY = "day";
  public static final String WEEK = "week";
  public static final String MONTH = "month";
  public static final String QUARTER = "quarter";
  public static final String YEAR = "year";

  /** Grains computed from a daily gold table, and from a monthly one. */
  public static final List<String> DAILY_GRAINS = List.of(DAY, WEEK, MONTH, QUARTER, YEAR);

  public static final List<String> MONTHLY_GRAINS = List.of(MONTH, QUARTER, YEAR);

  private static final Pattern ISO_WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

  private Periods() {}

  /** Monday of the ISO week of {@code d}. */
  public static Column weekStart(Column d) {
    Column isoDow = dayofweek(d).plus(5).mod(7).plus(1); // Monday = 1 .. Sunday = 7
    return date_sub(d, isoDow.minus(1));
  }

  /** Label of the period of the given grain that contains date {@code d}. */
  public static Column label(String grain, Column d) {
    return switch (grain) {
      case DAY -> date_format(d, "yyyy-MM-dd");
      case WEEK ->
          concat(
              year(date_add(weekStart(d), 3)).cast("string"),
              lit("-W"),
              lpad(weekofyear(d).cast("string"), 2, "0"));
      case MONTH -> date_format(d, "yyyy-MM");
      case QUARTER -> concat(year(d).cast("string"), lit("-Q"), quarter(d).cast("string"));
      case YEAR -> year(d).cast("string");
      default -> throw new CityKpiException("Unknown period type " + grain);
    };
  }

  /** First day of the period of the given grain that contains {@code d}. */
  public static Column start(String grain, Column d) {
    return switch (grain) {
      case DAY -> d;
      case WEEK -> weekStart(d);
      case MONTH -> trunc(d, "MM");
      case QUARTER -> trunc(d, "quarter");
      case YEAR -> trunc(d, "year");
      default -> throw new CityKpiException("Unknown period type " + grain);
    };
  }

  /** Last day of the period of the given grain that contains {@code d}. */
  public static Column end(String grain, Column d) {
    return switch (grain) {
      case DAY -> d;
      case WEEK -> date_add(weekStart(d), 6);
      case MONTH -> last_day(d);
      case QUARTER -> date_sub(add_months(trunc(d, "quarter"), 3), 1);
      case YEAR -> date_sub(add_months(trunc(d, "year"), 12), 1);
      default -> throw new CityKpiException("Unknown period type " + grain);
    };
  }

  /** First day of the period of the given grain that contains {@code d}: {@link #start}'s twin. */
  public static LocalDate startOf(String grain, LocalDate d) {
    return switch (grain) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> d.withDayOfMonth(1);
      case QUARTER -> d.withMonth((d.getMonthValue() - 1) / 3 * 3 + 1).withDayOfMonth(1);
      case YEAR -> d.withDayOfYear(1);
      default -> throw new CityKpiException("Unknown period type " + grain);
    };
  }

  /** Last day of the period of the given grain that contains {@code d}: {@link #end}'s twin. */
  public static LocalDate endOf(String grain, LocalDate d) {
    return switch (grain) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
      case MONTH -> d.with(TemporalAdjusters.lastDayOfMonth());
      case QUARTER -> startOf(QUARTER, d).plusMonths(3).minusDays(1);
      case YEAR -> d.with(TemporalAdjusters.lastDayOfYear());
      default -> throw new CityKpiException("Unknown period type " + grain);
    };
  }

  /** ISO week label of a date, the Java twin of {@link #label} for weeks. */
  public static String isoWeek(LocalDate d) {
    return String.format(
        "%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /**
   * Monday..Sunday of an ISO week label; fails with a message naming the value when it is not one.
   */
  public static Interval parseIsoWeek(String label) {
    Matcher m = label == null ? null : ISO_WEEK.matcher(label);
    if (m == null || !m.matches()) {
      throw new CityKpiException(
          "Not an ISO week (expected yyyy-Www, e.g. 2026-W46): '" + label + "'");
    }
    int y = Integer.parseInt(m.group(1));
    int w = Integer.parseInt(m.group(2));
    LocalDate jan4 = LocalDate.of(y, 1, 4);
    long weeks = jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
    if (w < 1 || w > weeks) {
      throw new CityKpiException(
          "Not an ISO week: '" + label + "' (" + y + " has " + weeks + " weeks)");
    }
    LocalDate monday = jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, w).with(DayOfWeek.MONDAY);
    return new Interval(monday, monday.plusDays(6));
  }

  /**
   * The dates whose gold rows a run over {@code run} must read: every whole period of every grain
   * that overlaps it, i.e. from the earlier of the year start and the ISO-week Monday of {@code
   * from} to the later of the year end and the ISO-week Sunday of {@code to}.
   */
  public static Interval coverage(Interval run) {
    LocalDate yearStart = run.from().with(TemporalAdjusters.firstDayOfYear());
    LocalDate weekStart = run.from().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate yearEnd = run.to().with(TemporalAdjusters.lastDayOfYear());
    LocalDate weekEnd = run.to().with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
    return new Interval(
        weekStart.isBefore(yearStart) ? weekStart : yearStart,
        weekEnd.isAfter(yearEnd) ? weekEnd : yearEnd);
  }

  /** SQL predicate selecting the periods (of any grain) that overlap {@code run}. */
  public static String overlapping(Interval run) {
    return "period_start <= DATE'" + run.to() + "' AND period_end >= DATE'" + run.from() + "'";
  }
}
