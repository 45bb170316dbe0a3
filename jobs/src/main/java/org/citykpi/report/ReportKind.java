package org.citykpi.report;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citykpi.common.CityKpiException;
import org.citykpi.kpi.Periods;
import org.citykpi.ops.Interval;

/** The three reports and the period label each takes. */
public enum ReportKind {
  /** Every pilot city's KPIs for an ISO week (monthly KPIs: the month holding its Sunday). */
  WEEKLY("weekly", "--week", "yyyy-Www, e.g. 2026-W46"),
  /** A brief per programme for a calendar quarter (HB-2014's 季度工作动态简报). */
  QUARTERLY("quarterly", "--quarter", "yyyy-Qn, e.g. 2026-Q3"),
  /** A self-evaluation per city for a calendar year (年度自评价报告). */
  ANNUAL("annual", "--year", "yyyy, e.g. 2025");

  private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
  private static final Pattern YEAR = Pattern.compile("\\d{4}");

  private final String code;
  private final String flag;
  private final String shape;

  ReportKind(String code, String flag, String shape) {
    this.code = code;
    this.flag = flag;
    this.shape = shape;
  }

  public String code() {
    return code;
  }

  /** The command-line option that names the period. */
  public String flag() {
    return flag;
  }

  public static ReportKind of(String code) {
    for (ReportKind k : values()) {
      if (k.code.equals(code)) {
        return k;
      }
    }
    throw new CityKpiException("unknown report kind '" + code + "' (weekly, quarterly, annual)");
  }

  /** The period named by {@code label}; fails naming the flag and the value when malformed. */
  public Period period(String label) {
    try {
      return new Period(this, label, span(label));
    } catch (CityKpiException e) {
      throw new CityKpiException(flag + ": " + e.getMessage(), e);
    }
  }

  private Interval span(String label) {
    switch (this) {
      case WEEKLY:
        return Periods.parseIsoWeek(label);
      case QUARTERLY:
        {
          Matcher m = label == null ? null : QUARTER.matcher(label);
          if (m == null || !m.matches()) {
            throw new CityKpiException("not a quarter (expected " + shape + "): '" + label + "'");
          }
          LocalDate from =
              LocalDate.of(Integer.parseInt(m.group(1)), 3 * Integer.parseInt(m.group(2)) - 2, 1);
          return new Interval(from, from.plusMonths(3).minusDays(1));
        }
      default:
        {
          if (label == null || !YEAR.matcher(label).matches()) {
            throw new CityKpiException("not a year (expected " + shape + "): '" + label + "'");
          }
          LocalDate from = LocalDate.of(Integer.parseInt(label), 1, 1);
          return new Interval(from, from.plusYears(1).minusDays(1));
        }
    }
  }

  /**
   * A report period.
   *
   * @param label 2026-W46, 2026-Q3 or 2025
   * @param span its first and last day
   */
  public record Period(ReportKind kind, String label, Interval span) {
    /** The kpi.attainment period_type of the report's own grain. */
    public String periodType() {
      return switch (kind) {
        case WEEKLY -> Periods.WEEK;
        case QUARTERLY -> Periods.QUARTER;
        case ANNUAL -> Periods.YEAR;
      };
    }

    /**
     * The month whose monthly KPIs a weekly report shows: the one holding the week's Sunday.
     * Quarterly and annual reports show monthly KPIs at their own grain.
     */
    public String month() {
      return span.to().toString().substring(0, 7);
    }

    /** The period before: last week, last quarter, last year. */
    public Period previous() {
      LocalDate before = span.from().minusDays(1);
      String label =
          switch (kind) {
            case WEEKLY -> Periods.isoWeek(before);
            case QUARTERLY -> before.getYear() + "-Q" + ((before.getMonthValue() - 1) / 3 + 1);
            case ANNUAL -> Integer.toString(before.getYear());
          };
      return kind.period(label);
    }
  }
}
