package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.junit.jupiter.api.Test;

/** The per-day (per-month) plans a backfill records fingerprints for. */
class PlanUnitsTest {
  static final Map<String, SourceContract> ALL = Contracts.load(Paths.get("schemas"));

  static Landing.Listed file(String name) {
    return new Landing.Listed("/landing/traffic/road_speed/" + name, 100, 1);
  }

  static List<String> names(IngestJob.Plan p) {
    return p.files().stream().map(f -> f.path().substring(f.path().lastIndexOf('/') + 1)).toList();
  }

  @Test
  void eachDayOfADailyPlanReadsTheFilesThatMayHoldIt() {
    List<Landing.Listed> files =
        List.of(file("2026-11-01.csv.gz"), file("2026-11-02.csv.gz"), file("2026-11-20.csv.gz"));
    IngestJob.Plan plan =
        new IngestJob.Plan(
            ALL.get("road_speed"), Interval.of("2026-11-01", "2026-11-03"), 3, files.subList(0, 2));
    List<IngestJob.Plan> units = IngestJob.units(plan);
    assertThat(units)
        .extracting(IngestJob.Plan::eff)
        .containsExactly(
            Interval.of("2026-11-01", "2026-11-01"),
            Interval.of("2026-11-02", "2026-11-02"),
            Interval.of("2026-11-03", "2026-11-03"));
    // a file may hold events up to FileWindow.LATE_DAYS before its date
    assertThat(names(units.get(0))).containsExactly("2026-11-01.csv.gz", "2026-11-02.csv.gz");
    assertThat(names(units.get(2))).isEmpty();
  }

  @Test
  void aMonthlyPlanSplitsIntoMonthsAndAOneUnitPlanIntoNothing() {
    SourceContract monthly = ALL.get("city_monthly_stats");
    IngestJob.Plan twoMonths =
        new IngestJob.Plan(
            monthly, Interval.of("2026-10-01", "2026-11-30"), 1, List.of(file("2026.csv")));
    assertThat(IngestJob.units(twoMonths))
        .extracting(IngestJob.Plan::eff)
        .containsExactly(
            Interval.of("2026-10-01", "2026-10-31"), Interval.of("2026-11-01", "2026-11-30"));
    // boundary: a plan of one day (one month) is its own unit, recorded once
    assertThat(
            IngestJob.units(
                new IngestJob.Plan(
                    monthly,
                    Interval.of("2026-11-01", "2026-11-30"),
                    1,
                    List.of(file("2026.csv")))))
        .isEmpty();
    assertThat(
            IngestJob.units(
                new IngestJob.Plan(
                    ALL.get("road_speed"), Interval.of("2026-11-01", "2026-11-01"), 0, List.of())))
        .isEmpty();
  }
}
