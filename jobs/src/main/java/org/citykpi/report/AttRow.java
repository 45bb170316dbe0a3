package org.citykpi.report;

import java.time.LocalDate;
import org.apache.spark.sql.Row;

/**
 * One row of {@code kpi.attainment} as a report uses it: a city's KPI value for a period held
 * against one target (or a benchmark, or no target). Column meanings: schemas/tables/kpi.
 */
public record AttRow(
    String kpiId,
    String nameZh,
    String nameEn,
    String cityCode,
    String periodType,
    String period,
    LocalDate periodStart,
    LocalDate periodEnd,
    Double value,
    String unit,
    String direction,
    String obsStatus,
    Double coveragePct,
    String comparison,
    String programme,
    String docId,
    String clauseZh,
    Boolean isProposed,
    String comparator,
    Double targetValue,
    LocalDate deadline,
    Double attainmentPct,
    Double progressPct,
    Double elapsedPct,
    Boolean isMet,
    Double targetGrowthPct,
    Double growthCagrPct,
    Boolean isGrowthMet,
    LocalDate projectionDate,
    Double projectedValue,
    Boolean projectionMeetsTarget,
    Double prevValue,
    Double changePrevPct,
    Double yoyValue,
    Double changeYoyPct,
    Integer rankInProgramme,
    Long programmeCities,
    Status status) {

  public static final String TABLE = "kpi.attainment";

  static AttRow of(Row r) {
    return new AttRow(
        Cells.str(r, "kpi_id"),
        Cells.str(r, "kpi_name_zh"),
        Cells.str(r, "kpi_name_en"),
        Cells.str(r, "city_code"),
        Cells.str(r, "period_type"),
        Cells.str(r, "period"),
        Cells.date(r, "period_start"),
        Cells.date(r, "period_end"),
        Cells.dbl(r, "value"),
        Cells.str(r, "unit"),
        Cells.str(r, "direction"),
        Cells.str(r, "obs_status"),
        Cells.dbl(r, "coverage_pct"),
        Cells.str(r, "comparison"),
        Cells.str(r, "programme"),
        Cells.str(r, "doc_id"),
        Cells.str(r, "clause_zh"),
        Cells.bool(r, "is_proposed"),
        Cells.str(r, "comparator"),
        Cells.dbl(r, "target_value"),
        Cells.date(r, "deadline"),
        Cells.dbl(r, "attainment_pct"),
        Cells.dbl(r, "progress_pct"),
        Cells.dbl(r, "elapsed_pct"),
        Cells.bool(r, "is_met"),
        Cells.dbl(r, "target_growth_pct"),
        Cells.dbl(r, "growth_cagr_pct"),
        Cells.bool(r, "is_growth_met"),
        Cells.date(r, "projection_date"),
        Cells.dbl(r, "projected_value"),
        Cells.bool(r, "projection_meets_target"),
        Cells.dbl(r, "prev_value"),
        Cells.dbl(r, "change_prev_pct"),
        Cells.dbl(r, "yoy_value"),
        Cells.dbl(r, "change_yoy_pct"),
        Cells.integer(r, "rank_in_programme"),
        Cells.lng(r, "programme_cities"),
        Status.of(Cells.str(r, "status")));
  }

  /** A target of the city's own programme (not a benchmark, not "no target"). */
  public boolean isProgrammeTarget() {
    return "programme".equals(comparison);
  }

  public boolean isBenchmark() {
    return "benchmark".equals(comparison);
  }

  public boolean higherIsBetter() {
    return !"lower".equals(direction);
  }

  public boolean provisional() {
    return "provisional".equals(obsStatus);
  }

  /** Identity of the line across periods: KPI, comparison and programme. */
  public String lineKey() {
    return kpiId + "|" + comparison + "|" + programme;
  }

  /**
   * Whether the change since the previous period is an improvement in the KPI's direction; null
   * when there is no change to judge.
   */
  public Boolean improving() {
    if (changePrevPct == null || changePrevPct == 0) {
      return null;
    }
    return higherIsBetter() == changePrevPct > 0;
  }
}
