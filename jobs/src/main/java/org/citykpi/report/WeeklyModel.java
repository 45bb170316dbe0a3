package org.citykpi.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.citykpi.kpi.Periods;
import org.citykpi.ops.Interval;

/**
 * The weekly report: for every city in scope, a summary (counts by status, the KPIs whose status
 * changed since last week, the largest movers, its provisional values) and its KPIs grouped by
 * indicator group with a sparkline each; before the cities, an overview of all of them and the
 * week's data-quality line. Daily KPIs are shown for the ISO week, monthly KPIs for the month that
 * holds the week's Sunday (as kpi.attainment computes them).
 */
public record WeeklyModel(
    Cover cover,
    List<CityPage> cities,
    StatusCounts total,
    DataQuality quality,
    Provenance provenance) {

  /** Weeks (daily KPIs) and months (monthly KPIs) in a sparkline, the report's own included. */
  static final int SPARK_WEEKS = 8;

  static final int SPARK_MONTHS = 12;

  /** Movers listed per city. */
  static final int MOVERS = 5;

  /** Provisional KPI values over all cities. */
  public long provisional() {
    return cities.stream().mapToLong(CityPage::provisional).sum();
  }

  /** Lines whose status changed since last week, over all cities. */
  public int changes() {
    return cities.stream().mapToInt(c -> c.changes().size()).sum();
  }

  /** Counts of KPI lines by status; {@link #total} is their sum. */
  public record StatusCounts(Map<Status, Integer> counts) {
    static StatusCounts of(List<AttRow> rows) {
      Map<Status, Integer> m = new EnumMap<>(Status.class);
      for (Status s : Status.values()) {
        m.put(s, 0);
      }
      rows.forEach(r -> m.merge(r.status(), 1, Integer::sum));
      return new StatusCounts(m);
    }

    public int get(Status s) {
      return counts.get(s);
    }

    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The statuses in display order, for templates. */
    public List<Status> statuses() {
      return List.of(Status.values());
    }
  }

  /**
   * A KPI line of a city table.
   *
   * @param sparkValues the sparkline's values, oldest first: the last {@value #SPARK_WEEKS} weeks
   *     (daily KPIs) or {@value #SPARK_MONTHS} months, null where there is no value
   * @param daily the KPI is daily, shown by week
   * @param previous last week's status of the same line (null when there was none)
   */
  public record Line(
      AttRow row,
      Evaluation.Group group,
      List<Double> sparkValues,
      boolean daily,
      Status previous) {
    public boolean changed() {
      return previous != null && previous != row.status();
    }
  }

  /** The lines of one indicator group. */
  public record GroupLines(Evaluation.Group group, List<Line> lines) {}

  /** One city's page. */
  public record CityPage(
      String code,
      List<String> programmes,
      StatusCounts counts,
      List<Line> changes,
      List<Line> movers,
      long provisional,
      List<GroupLines> groups) {
    public List<Line> lines() {
      List<Line> out = new ArrayList<>();
      groups.forEach(g -> out.addAll(g.lines()));
      return out;
    }
  }

  /** The report's week and the month of its monthly KPIs, and last week's. */
  record WeekAndMonth(
      ReportKind.Period week, String month, ReportKind.Period prevWeek, String prevMonth) {
    static WeekAndMonth of(ReportKind.Period week) {
      ReportKind.Period prev = week.previous();
      return new WeekAndMonth(week, week.month(), prev, prev.month());
    }

    /** The first day of {@link #month}. */
    LocalDate monthStart() {
      return week.span().to().withDayOfMonth(1);
    }

    Interval monthSpan() {
      return new Interval(monthStart(), monthStart().plusMonths(1).minusDays(1));
    }
  }

  /** Reads the snapshot and builds the model. */
  static WeeklyModel build(
      ReportKind.Period week,
      TableReader reader,
      ReportRefs refs,
      Filter filter,
      QualitySource quality,
      Instant generatedAt) {
    WeekAndMonth p = WeekAndMonth.of(week);
    Column periods =
        col("period_type")
            .equalTo(lit(Periods.WEEK))
            .and(col("period").isin(p.week().label(), p.prevWeek().label()))
            .or(
                col("period_type")
                    .equalTo(lit(Periods.MONTH))
                    .and(col("period").isin(p.month(), p.prevMonth())));
    List<AttRow> rows = reader.attainment(periods);
    List<AttRow> current = new ArrayList<>();
    Map<String, AttRow> previous = new HashMap<>();
    for (AttRow r : rows) { // the reader keeps the filter's cities only
      boolean daily = refs.daily(r.kpiId());
      String now = daily ? p.week().label() : p.month();
      String before = daily ? p.prevWeek().label() : p.prevMonth();
      String type = daily ? Periods.WEEK : Periods.MONTH;
      if (!r.periodType().equals(type)) {
        continue;
      }
      if (r.period().equals(now)) {
        current.add(r);
      } else if (r.period().equals(before) && !before.equals(now)) {
        previous.put(r.cityCode() + "|" + r.lineKey(), r);
      }
    }
    Map<String, Map<String, Double>> series = series(reader, p, current);
    Map<String, List<AttRow>> byCity = new TreeMap<>();
    current.forEach(r -> byCity.computeIfAbsent(r.cityCode(), c -> new ArrayList<>()).add(r));
    List<CityPage> pages = new ArrayList<>();
    for (Map.Entry<String, List<AttRow>> e : byCity.entrySet()) {
      pages.add(page(e.getKey(), e.getValue(), previous, series, p, refs));
    }
    LocalDate dataThrough =
        reader.dataThrough(
            col("period_type")
                .equalTo(lit(Periods.WEEK))
                .and(col("period").equalTo(p.week().label()))
                .or(
                    col("period_type")
                        .equalTo(lit(Periods.MONTH))
                        .and(col("period").equalTo(p.month()))));
    DataQuality dq = quality.read(reader.snapshot(), week.span(), p.monthSpan());
    Models.countQuality(reader, dq);
    Cover cover =
        new Cover(
            week,
            generatedAt,
            dataThrough,
            dq.lastKpiRun(),
            reader.snapshot().versions(),
            filter.programmes(),
            filter.cities());
    return new WeeklyModel(
        cover,
        pages,
        StatusCounts.of(current),
        dq,
        reader.provenance(refs, current.stream().map(AttRow::kpiId).toList()));
  }

  /** City × KPI → period start → value, for the sparklines (city observations). */
  private static Map<String, Map<String, Double>> series(
      TableReader reader, WeekAndMonth p, List<AttRow> current) {
    LocalDate weeksFrom = p.week().span().from().minusWeeks(SPARK_WEEKS - 1);
    LocalDate monthsFrom = p.monthStart().minusMonths(SPARK_MONTHS - 1);
    TreeSet<String> cities = new TreeSet<>();
    current.forEach(r -> cities.add(r.cityCode()));
    Map<String, Map<String, Double>> out = new HashMap<>();
    if (cities.isEmpty()) {
      return out;
    }
    Column where =
        col("geo_level")
            .equalTo("city")
            .and(col("geo_code").isin(cities.toArray()))
            .and(
                col("period_type")
                    .equalTo(Periods.WEEK)
                    .and(
                        col("period_start")
                            .between(Date.valueOf(weeksFrom), Date.valueOf(p.week().span().from())))
                    .or(
                        col("period_type")
                            .equalTo(Periods.MONTH)
                            .and(
                                col("period_start")
                                    .between(
                                        Date.valueOf(monthsFrom), Date.valueOf(p.monthStart())))));
    for (ObsRow o : reader.observation(where)) {
      out.computeIfAbsent(
              o.geoCode() + "|" + o.kpiId() + "|" + o.periodType(), k -> new HashMap<>())
          .put(o.periodStart().toString(), o.value());
    }
    return out;
  }

  private static CityPage page(
      String city,
      List<AttRow> rows,
      Map<String, AttRow> previous,
      Map<String, Map<String, Double>> series,
      WeekAndMonth p,
      ReportRefs refs) {
    rows.sort(Models.byGroupThenKpi(refs));
    Map<String, List<Line>> byGroup = new LinkedHashMap<>();
    List<Line> lines = new ArrayList<>();
    for (AttRow r : rows) {
      boolean daily = refs.daily(r.kpiId());
      List<Double> values = new ArrayList<>();
      Map<String, Double> s =
          series.getOrDefault(
              city + "|" + r.kpiId() + "|" + (daily ? Periods.WEEK : Periods.MONTH), Map.of());
      if (daily) {
        for (int i = SPARK_WEEKS - 1; i >= 0; i--) {
          values.add(s.get(p.week().span().from().minusWeeks(i).toString()));
        }
      } else {
        LocalDate m = p.monthStart();
        for (int i = SPARK_MONTHS - 1; i >= 0; i--) {
          values.add(s.get(m.minusMonths(i).toString()));
        }
      }
      AttRow prev = previous.get(city + "|" + r.lineKey());
      Evaluation.Group g = refs.evaluation().groupOf(r.kpiId());
      Line line = new Line(r, g, values, daily, prev == null ? null : prev.status());
      lines.add(line);
      byGroup.computeIfAbsent(g == null ? "" : g.id(), k -> new ArrayList<>()).add(line);
    }
    List<GroupLines> groups = new ArrayList<>();
    byGroup.forEach((id, ls) -> groups.add(new GroupLines(ls.get(0).group(), ls)));
    List<Line> changes = lines.stream().filter(Line::changed).toList();
    // one mover per KPI: the programme rows of a KPI share its value and change
    Map<String, Line> perKpi = new LinkedHashMap<>();
    lines.stream()
        .filter(l -> l.row().changePrevPct() != null)
        .forEach(l -> perKpi.putIfAbsent(l.row().kpiId(), l));
    List<Line> movers =
        perKpi.values().stream()
            .sorted(
                Comparator.comparingDouble((Line l) -> -Math.abs(l.row().changePrevPct()))
                    .thenComparing(l -> l.row().kpiId()))
            .limit(MOVERS)
            .toList();
    long provisional =
        rows.stream().filter(AttRow::provisional).map(AttRow::kpiId).distinct().count();
    return new CityPage(
        city, refs.programmesOf(city), StatusCounts.of(rows), changes, movers, provisional, groups);
  }
}
