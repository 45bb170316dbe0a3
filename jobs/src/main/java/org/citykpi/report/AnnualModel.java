package org.citykpi.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.citykpi.kpi.Kpi;
import org.citykpi.kpi.Periods;

/**
 * The annual self-evaluation, one per city, as a city would submit it: every target of its
 * programme(s) with the year's value, clause, attainment and status; the weighted score out of 100
 * over the indicator groups of schemas/kpi/evaluation.yaml with the maturity band; the change from
 * the year before; the KPIs without a target as further measures. A city whose programmes set no
 * target (HB-2014's members) is evaluated against the benchmark targets, and says so. A target of
 * the catalog that has no row for the year (no data at all) is listed and scored as missing.
 */
public record AnnualModel(
    Cover cover,
    List<CityEval> cities,
    Evaluation evaluation,
    DataQuality quality,
    Provenance provenance) {

  /**
   * One city's evaluation.
   *
   * @param benchmark scored against other programmes' targets: its own set none
   * @param targets the scored rows (programme or benchmark), by group and KPI
   * @param measures KPIs without a target: value and year-on-year change only
   * @param previous the same score for the year before (null when that year has no rows)
   */
  public record CityEval(
      String code,
      List<String> programmes,
      boolean benchmark,
      List<AttRow> targets,
      List<AttRow> measures,
      Scoring.Score score,
      Scoring.Score previous) {
    /** Points gained since last year; null unless both years have an overall score. */
    public Double change() {
      if (previous == null || previous.overall() == null || score.overall() == null) {
        return null;
      }
      return score.overall() - previous.overall();
    }

    /** The group score of last year for a group id (null if none). */
    public Double previousGroup(String id) {
      if (previous == null) {
        return null;
      }
      for (Scoring.GroupScore g : previous.groups()) {
        if (g.group().id().equals(id)) {
          return g.score();
        }
      }
      return null;
    }
  }

  static AnnualModel build(
      ReportKind.Period year,
      TableReader reader,
      ReportRefs refs,
      Filter filter,
      QualitySource quality,
      Instant generatedAt) {
    String last = year.previous().label();
    Column years =
        col("period_type").equalTo(lit(Periods.YEAR)).and(col("period").isin(year.label(), last));
    Map<String, List<AttRow>> now = new TreeMap<>();
    Map<String, List<AttRow>> before = new TreeMap<>();
    for (AttRow r : reader.attainment(years)) { // the filter's cities only
      (r.period().equals(year.label()) ? now : before)
          .computeIfAbsent(r.cityCode(), c -> new ArrayList<>())
          .add(r);
    }
    List<CityEval> cities = new ArrayList<>();
    List<String> kpis = new ArrayList<>();
    for (Map.Entry<String, List<AttRow>> e : now.entrySet()) {
      List<AttRow> rows = e.getValue();
      rows.sort(Models.byGroupThenKpi(refs));
      boolean benchmark = rows.stream().noneMatch(AttRow::isProgrammeTarget);
      List<AttRow> targets = complete(select(rows, benchmark), e.getKey(), benchmark, year, refs);
      List<AttRow> measures = rows.stream().filter(r -> r.status() == Status.NO_TARGET).toList();
      List<AttRow> prior = select(before.getOrDefault(e.getKey(), List.of()), benchmark);
      if (!prior.isEmpty()) {
        prior = complete(prior, e.getKey(), benchmark, year.previous(), refs);
      }
      cities.add(
          new CityEval(
              e.getKey(),
              refs.programmesOf(e.getKey()),
              benchmark,
              targets,
              measures,
              Scoring.score(refs.evaluation(), targets),
              prior.isEmpty() ? null : Scoring.score(refs.evaluation(), prior)));
      rows.forEach(r -> kpis.add(r.kpiId()));
    }
    DataQuality dq = quality.read(reader.snapshot(), year.span(), year.span());
    Models.countQuality(reader, dq);
    Cover cover =
        new Cover(
            year,
            generatedAt,
            reader.dataThrough(
                col("period_type")
                    .equalTo(lit(Periods.YEAR))
                    .and(col("period").equalTo(year.label()))),
            dq.lastKpiRun(),
            reader.snapshot().versions(),
            filter.programmes(),
            filter.cities());
    return new AnnualModel(cover, cities, refs.evaluation(), dq, reader.provenance(refs, kpis));
  }

  /**
   * The targets a city is held to (its programmes' targets of the catalog, or each KPI's first
   * target for a benchmark city), with a missing row (no value, insufficient data) for each that
   * kpi.attainment has no row for: a target without data counts as missing, it does not vanish.
   */
  static List<AttRow> complete(
      List<AttRow> rows, String city, boolean benchmark, ReportKind.Period year, ReportRefs refs) {
    List<AttRow> out = new ArrayList<>(rows);
    java.util.Set<String> have = new java.util.HashSet<>();
    rows.forEach(r -> have.add(r.kpiId() + "|" + r.programme()));
    List<String> programmes = refs.programmesOf(city);
    for (Kpi k : refs.catalog().kpis()) {
      for (Kpi.Target t : k.targetList()) {
        boolean held = benchmark ? t == k.targetList().get(0) : programmes.contains(t.programme());
        if (held && !have.contains(k.id() + "|" + t.programme())) {
          out.add(missing(k, t, city, benchmark, year));
        }
      }
    }
    out.sort(Models.byGroupThenKpi(refs));
    return out;
  }

  private static AttRow missing(
      Kpi k, Kpi.Target t, String city, boolean benchmark, ReportKind.Period year) {
    return new AttRow(
        k.id(),
        k.nameZh(),
        k.nameEn(),
        city,
        Periods.YEAR,
        year.label(),
        year.span().from(),
        year.span().to(),
        null,
        k.unit(),
        k.direction(),
        null,
        null,
        benchmark ? "benchmark" : "programme",
        t.programme(),
        t.docId(),
        t.clauseZh(),
        t.proposal(),
        t.comparator(),
        t.value(),
        t.deadline() == null ? null : java.time.LocalDate.parse(t.deadline()),
        null,
        null,
        null,
        null,
        t.growthPctPerYear(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Status.INSUFFICIENT_DATA);
  }

  /** The rows a city is scored on: its programme targets, or (none) its benchmark rows. */
  private static List<AttRow> select(List<AttRow> rows, boolean benchmark) {
    return rows.stream().filter(r -> benchmark ? r.isBenchmark() : r.isProgrammeTarget()).toList();
  }
}
