package org.citykpi.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.citykpi.ops.Interval;

/** Small report models built by hand, for rendering tests without a warehouse. */
final class TestModels {
  static final Instant GENERATED = Instant.parse("2026-11-16T01:30:00Z");

  private TestModels() {}

  static Cover cover(ReportKind.Period p) {
    Map<String, Long> versions =
        new TreeMap<>(Map.of("kpi.attainment", 3L, "kpi.observation", 3L, "ops.quarantine", 7L));
    return new Cover(
        p,
        GENERATED,
        LocalDate.parse("2026-11-15"),
        Instant.parse("2026-11-16T00:05:00Z"),
        versions,
        List.of(),
        List.of());
  }

  static DataQuality quality(Interval days) {
    return new DataQuality(
        days,
        days,
        List.of(
            new DataQuality.SourceLine("outpatient_visit", false, 1500, 12, 3, 7, 1),
            new DataQuality.SourceLine("city_monthly_stats", true, 420, 0, 2, 1, 0)),
        List.of(new DataQuality.Reason("outpatient_visit", "ingest", "visit_ts.required", 9)),
        List.of(new DataQuality.RunLine("ingest", 1, 0, Instant.parse("2026-11-16T00:01:00Z"))),
        Instant.parse("2026-11-16T00:05:00Z"),
        List.of(
            new DataQuality.Jump(
                "outpatient_visit",
                "ingest",
                "visit_ts.required",
                java.time.LocalDate.parse("2026-11-12"),
                240,
                30,
                12.5,
                0.8,
                0.3,
                28)));
  }

  static Provenance provenance() {
    return new Provenance(
        List.of(
            new Provenance.TableRead("kpi.attainment", 3L, 6),
            new Provenance.TableRead("kpi.observation", 3L, 40)),
        List.of(new Provenance.GoldSource("gold.city_day_health", List.of("Q02"))));
  }

  /** One city (Yancheng): a met weekly KPI, a missing monthly one, a measure, hostile text. */
  static WeeklyModel weekly() {
    ReportKind.Period p = ReportKind.WEEKLY.period("2026-W46");
    Evaluation ev = Fixtures.refs().evaluation();
    AttRow q02 = Fixtures.att("changePrevPct", 5.0, "prevValue", 30.0);
    AttRow t02 =
        Fixtures.att(
            "kpiId",
            "T02",
            "nameZh",
            "光纤入户率",
            "nameEn",
            "Fibre-to-the-home rate",
            "periodType",
            "month",
            "period",
            "2026-11",
            "value",
            null,
            "attainmentPct",
            null,
            "targetValue",
            85.0,
            "status",
            "insufficient data",
            "obsStatus",
            "provisional",
            "clauseZh",
            "<script>alert(1)</script> & =1+1 光纤入户率达到85%以上");
    AttRow pc =
        Fixtures.att(
            "kpiId",
            "T17-PC",
            "nameZh",
            "人均信息消费（月均）",
            "nameEn",
            "Information consumption per resident per month",
            "periodType",
            "month",
            "period",
            "2026-11",
            "value",
            1234.56,
            "unit",
            "yuan_per_capita",
            "comparison",
            "no target",
            "programme",
            null,
            "docId",
            null,
            "clauseZh",
            null,
            "comparator",
            null,
            "targetValue",
            null,
            "attainmentPct",
            null,
            "status",
            "no target");
    WeeklyModel.Line l1 =
        new WeeklyModel.Line(
            q02,
            ev.groupOf("Q02"),
            Arrays.asList(28.0, null, 29.5, 30.0, 30.0, 31.0, 30.0, 31.5),
            true,
            Status.ON_TRACK);
    WeeklyModel.Line l2 =
        new WeeklyModel.Line(
            t02, ev.groupOf("T02"), Arrays.asList(new Double[12]), false, Status.INSUFFICIENT_DATA);
    WeeklyModel.Line l3 =
        new WeeklyModel.Line(
            pc, ev.groupOf("T17-PC"), Arrays.asList(1200.0, 1210.0, 1234.56), false, null);
    List<AttRow> rows = List.of(q02, t02, pc);
    WeeklyModel.CityPage page =
        new WeeklyModel.CityPage(
            "320900",
            List.of("YC-2015"),
            WeeklyModel.StatusCounts.of(rows),
            List.of(l1),
            List.of(l1),
            1,
            List.of(
                new WeeklyModel.GroupLines(ev.groupOf("Q02"), List.of(l1)),
                new WeeklyModel.GroupLines(ev.groupOf("T02"), List.of(l2)),
                new WeeklyModel.GroupLines(ev.groupOf("T17"), List.of(l3))));
    return new WeeklyModel(
        cover(p),
        List.of(page),
        WeeklyModel.StatusCounts.of(rows),
        quality(p.span()),
        provenance());
  }
}
