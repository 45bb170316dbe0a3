package org.citykpi.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.citykpi.kpi.Kpi;
import org.citykpi.kpi.Periods;

/**
 * The quarterly brief, one section per programme: roll-ups of its cities (kpi.observation's
 * programme rows, ratios of sums), a city × KPI heat map of status, ranking bars among its cities,
 * monthly trends of the KPIs at risk with the target and deadline, then the quarter's data-quality
 * annex.
 */
public record QuarterlyModel(
    Cover cover, List<Section> programmes, DataQuality quality, Provenance provenance) {

  /** Trend charts per programme: the KPIs most at risk. */
  static final int TRENDS = 6;

  /** Months a trend shows at least (ending with the quarter), and at most. */
  static final int TREND_MIN_MONTHS = 36;

  static final int TREND_MAX_YEARS = 12;

  /**
   * A programme's roll-up of one KPI for the quarter.
   *
   * @param obs the programme row of kpi.observation (null when no member had data)
   * @param target the programme's own target, else the KPI's first (benchmark); null if none
   * @param ownTarget the target is the programme's own
   * @param targetValue the target for the quarter (annual totals pro-rated by days); null when the
   *     roll-up is not comparable with a city target (a sum over several cities)
   * @param statuses the member cities' statuses for the KPI
   */
  public record Rollup(
      String kpiId,
      String nameZh,
      String nameEn,
      String unit,
      ObsRow obs,
      Kpi.Target target,
      boolean ownTarget,
      Double targetValue,
      Boolean met,
      Double attainmentPct,
      WeeklyModel.StatusCounts statuses) {}

  /** Cities ranked on one KPI: rows in rank order, the shared target (null if they differ). */
  public record Ranking(
      String kpiId,
      String nameZh,
      String nameEn,
      String unit,
      List<AttRow> rows,
      Double target,
      String comparator) {}

  /**
   * A monthly trend of a KPI at risk (programme roll-up).
   *
   * @param target the monthly target line (annual totals: a twelfth), null when not comparable
   * @param atRisk member cities at risk or off track
   */
  public record Trend(
      String kpiId,
      String nameZh,
      String nameEn,
      String unit,
      List<Charts.Point> points,
      int from,
      int to,
      Double target,
      String comparator,
      boolean annualTotal,
      LocalDate deadline,
      int atRisk) {}

  /** One programme's section. */
  public record Section(
      ReportRefs.Programme programme,
      List<String> cities,
      List<String> kpis,
      Map<String, AttRow> cells,
      WeeklyModel.StatusCounts counts,
      List<Rollup> rollups,
      List<Ranking> rankings,
      List<Trend> trends) {
    /** The row shown for a city and KPI (null when none). */
    public AttRow cell(String city, String kpi) {
      return cells.get(city + "|" + kpi);
    }
  }

  static QuarterlyModel build(
      ReportKind.Period quarter,
      TableReader reader,
      ReportRefs refs,
      Filter filter,
      QualitySource quality,
      Instant generatedAt) {
    Column thisQuarter =
        col("period_type")
            .equalTo(lit(Periods.QUARTER))
            .and(col("period").equalTo(quarter.label()));
    List<AttRow> rows = reader.attainment(thisQuarter); // the filter's cities only
    rows.sort(Models.byGroupThenKpi(refs).thenComparing(AttRow::cityCode));
    List<ReportRefs.Programme> programmes = new ArrayList<>();
    for (ReportRefs.Programme p : refs.programmes().values()) {
      boolean named = filter.programmes().isEmpty() || filter.programmes().contains(p.id());
      if (named && rows.stream().anyMatch(r -> p.members().contains(r.cityCode()))) {
        programmes.add(p);
      }
    }
    Map<String, ObsRow> rollupObs = new HashMap<>();
    if (!programmes.isEmpty()) {
      for (ObsRow o :
          reader.observation(
              thisQuarter
                  .and(col("geo_level").equalTo("programme"))
                  .and(
                      col("geo_code")
                          .isin(programmes.stream().map(ReportRefs.Programme::id).toArray())))) {
        rollupObs.put(o.geoCode() + "|" + o.kpiId(), o);
      }
    }
    List<Section> sections = new ArrayList<>();
    Map<String, Set<String>> trendKpis = new LinkedHashMap<>();
    for (ReportRefs.Programme p : programmes) {
      Section s = section(p, rows, rollupObs, quarter, refs);
      sections.add(s);
      trendKpis.put(p.id(), atRisk(s));
    }
    Map<String, List<ObsRow>> monthly = trendSeries(reader, quarter, trendKpis);
    List<Section> withTrends = new ArrayList<>();
    for (Section s : sections) {
      withTrends.add(
          new Section(
              s.programme(),
              s.cities(),
              s.kpis(),
              s.cells(),
              s.counts(),
              s.rollups(),
              s.rankings(),
              trends(s, trendKpis.get(s.programme().id()), monthly, quarter, refs)));
    }
    DataQuality dq = quality.read(reader.snapshot(), quarter.span(), quarter.span());
    Models.countQuality(reader, dq);
    Cover cover =
        new Cover(
            quarter,
            generatedAt,
            reader.dataThrough(thisQuarter),
            dq.lastKpiRun(),
            reader.snapshot().versions(),
            filter.programmes(),
            filter.cities());
    return new QuarterlyModel(
        cover, withTrends, dq, reader.provenance(refs, rows.stream().map(AttRow::kpiId).toList()));
  }

  /** The row a programme's brief shows for a city: its own target, a benchmark, another's. */
  static int preference(AttRow r, String programme) {
    if (r.isProgrammeTarget() && programme.equals(r.programme())) {
      return 0;
    }
    if (r.isBenchmark()) {
      return 1;
    }
    return r.isProgrammeTarget() ? 2 : 3;
  }

  private static Section section(
      ReportRefs.Programme p,
      List<AttRow> rows,
      Map<String, ObsRow> rollupObs,
      ReportKind.Period quarter,
      ReportRefs refs) {
    Map<String, AttRow> cells = new LinkedHashMap<>();
    Set<String> cities = new TreeSet<>();
    Set<String> kpis = new LinkedHashSet<>();
    Comparator<AttRow> pref =
        Comparator.comparingInt((AttRow r) -> preference(r, p.id()))
            .thenComparing(r -> r.programme() == null ? "" : r.programme());
    for (AttRow r : rows) {
      if (!p.members().contains(r.cityCode())) {
        continue;
      }
      cities.add(r.cityCode());
      kpis.add(r.kpiId());
      cells.merge(r.cityCode() + "|" + r.kpiId(), r, (a, b) -> pref.compare(b, a) < 0 ? b : a);
    }
    List<AttRow> shown = new ArrayList<>(cells.values());
    List<Rollup> rollups = new ArrayList<>();
    List<Ranking> rankings = new ArrayList<>();
    for (String k : kpis) {
      List<AttRow> kr = shown.stream().filter(r -> r.kpiId().equals(k)).toList();
      rollups.add(rollup(p, k, kr, rollupObs.get(p.id() + "|" + k), quarter, refs, cities.size()));
      List<AttRow> targeted = kr.stream().filter(r -> r.status() != Status.NO_TARGET).toList();
      if (targeted.size() >= 2) {
        rankings.add(ranking(k, targeted));
      }
    }
    return new Section(
        p,
        List.copyOf(cities),
        List.copyOf(kpis),
        cells,
        WeeklyModel.StatusCounts.of(shown),
        rollups,
        rankings,
        List.of());
  }

  private static Rollup rollup(
      ReportRefs.Programme p,
      String kpiId,
      List<AttRow> members,
      ObsRow obs,
      ReportKind.Period quarter,
      ReportRefs refs,
      int cities) {
    Kpi k = refs.kpi(kpiId);
    Kpi.Target own = refs.target(kpiId, p.id());
    Kpi.Target target =
        own != null ? own : k == null || k.targetList().isEmpty() ? null : k.targetList().get(0);
    AttRow any = members.isEmpty() ? null : members.get(0);
    String nameZh = any != null ? any.nameZh() : k == null ? kpiId : k.nameZh();
    String nameEn = any != null ? any.nameEn() : k == null ? kpiId : k.nameEn();
    String unit = any != null ? any.unit() : k == null ? "" : k.unit();
    // a sum over several cities is not comparable with a target set for one city
    boolean comparable = target != null && k != null && (k.denominator() != null || cities == 1);
    Double targetValue = null;
    Boolean met = null;
    Double attainment = null;
    if (comparable) {
      double days = ChronoUnit.DAYS.between(quarter.span().from(), quarter.span().to()) + 1;
      double yearDays = quarter.span().from().lengthOfYear();
      targetValue = target.annual() ? target.value() * days / yearDays : target.value();
      if (obs != null && obs.value() != null) {
        met = compare(obs.value(), target.comparator(), targetValue);
        double v = obs.value();
        attainment =
            k.higherIsBetter()
                ? (targetValue == 0 ? null : 100 * v / targetValue)
                : (v == 0 ? null : 100 * targetValue / v);
      }
    }
    return new Rollup(
        kpiId,
        nameZh,
        nameEn,
        unit,
        obs,
        target,
        own != null,
        targetValue,
        met,
        attainment,
        WeeklyModel.StatusCounts.of(members));
  }

  static boolean compare(double v, String comparator, double target) {
    return switch (comparator) {
      case ">=" -> v >= target;
      case ">" -> v > target;
      case "<=" -> v <= target;
      case "<" -> v < target;
      default -> Math.abs(v - target) < 1e-9;
    };
  }

  private static Ranking ranking(String kpiId, List<AttRow> rows) {
    AttRow first = rows.get(0);
    boolean higher = first.higherIsBetter();
    boolean ranked = rows.stream().allMatch(r -> r.rankInProgramme() != null);
    Comparator<AttRow> order =
        ranked
            ? Comparator.comparingInt(AttRow::rankInProgramme)
            : Comparator.comparing(
                AttRow::value,
                Comparator.nullsLast(
                    higher
                        ? Comparator.<Double>reverseOrder()
                        : Comparator.<Double>naturalOrder()));
    List<AttRow> sorted = rows.stream().sorted(order.thenComparing(AttRow::cityCode)).toList();
    boolean same =
        rows.stream().map(r -> r.comparator() + "|" + r.targetValue()).distinct().count() == 1;
    return new Ranking(
        kpiId,
        first.nameZh(),
        first.nameEn(),
        first.unit(),
        sorted,
        same ? first.targetValue() : null,
        same ? first.comparator() : null);
  }

  /** KPIs with a member city at risk or off track, most such cities first, at most TRENDS. */
  private static Set<String> atRisk(Section s) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, Double> worst = new HashMap<>();
    for (AttRow r : s.cells().values()) {
      if (r.status() == Status.AT_RISK || r.status() == Status.OFF_TRACK) {
        counts.computeIfAbsent(r.kpiId(), k -> new int[1])[0]++;
        double a = r.attainmentPct() == null ? Double.MAX_VALUE : r.attainmentPct();
        worst.merge(r.kpiId(), a, Math::min);
      }
    }
    List<String> ids = new ArrayList<>(counts.keySet());
    ids.sort(
        Comparator.comparingInt((String k) -> -counts.get(k)[0])
            .thenComparingDouble(worst::get)
            .thenComparing(k -> k));
    return new LinkedHashSet<>(ids.subList(0, Math.min(TRENDS, ids.size())));
  }

  private static Map<String, List<ObsRow>> trendSeries(
      TableReader reader, ReportKind.Period quarter, Map<String, Set<String>> kpis) {
    Set<String> all = new TreeSet<>();
    kpis.values().forEach(all::addAll);
    Map<String, List<ObsRow>> out = new HashMap<>();
    if (all.isEmpty()) {
      return out;
    }
    LocalDate from = quarter.span().to().withDayOfMonth(1).minusYears(TREND_MAX_YEARS);
    for (ObsRow o :
        reader.observation(
            col("period_type")
                .equalTo(Periods.MONTH)
                .and(col("geo_level").equalTo("programme"))
                .and(col("geo_code").isin(kpis.keySet().toArray()))
                .and(col("kpi_id").isin(all.toArray()))
                .and(
                    col("period_start")
                        .between(Date.valueOf(from), Date.valueOf(quarter.span().to()))))) {
      out.computeIfAbsent(o.geoCode() + "|" + o.kpiId(), k -> new ArrayList<>()).add(o);
    }
    out.values().forEach(l -> l.sort(Comparator.comparing(ObsRow::periodStart)));
    return out;
  }

  private static List<Trend> trends(
      Section s,
      Set<String> kpis,
      Map<String, List<ObsRow>> monthly,
      ReportKind.Period quarter,
      ReportRefs refs) {
    List<Trend> out = new ArrayList<>();
    int to = Charts.monthIndex(quarter.span().to());
    for (String k : kpis) {
      List<ObsRow> obs = monthly.getOrDefault(s.programme().id() + "|" + k, List.of());
      Rollup r = s.rollups().stream().filter(x -> x.kpiId().equals(k)).findFirst().orElseThrow();
      List<Charts.Point> points = new ArrayList<>();
      obs.forEach(o -> points.add(new Charts.Point(o.monthIndex(), o.value())));
      int firstData =
          obs.stream().filter(o -> o.value() != null).mapToInt(ObsRow::monthIndex).min().orElse(to);
      LocalDate deadline =
          r.target() == null || r.target().deadline() == null
              ? null
              : LocalDate.parse(r.target().deadline());
      int deadlineMonth = deadline == null ? to : Charts.monthIndex(deadline);
      int from = Math.max(firstData, Math.min(deadlineMonth - 12, to - TREND_MIN_MONTHS + 1));
      from = Math.max(from, to - TREND_MAX_YEARS * 12);
      Double target = null;
      if (r.targetValue() != null) {
        target = r.target().annual() ? r.target().value() / 12 : r.target().value();
      }
      int atRisk =
          (int)
              s.cells().values().stream()
                  .filter(c -> c.kpiId().equals(k))
                  .filter(c -> c.status() == Status.AT_RISK || c.status() == Status.OFF_TRACK)
                  .count();
      out.add(
          new Trend(
              k,
              r.nameZh(),
              r.nameEn(),
              r.unit(),
              points,
              Math.min(from, to),
              to,
              target,
              r.target() == null ? null : r.target().comparator(),
              r.target() != null && r.target().annual(),
              deadline,
              atRisk));
    }
    return out;
  }
}
