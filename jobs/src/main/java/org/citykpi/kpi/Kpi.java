package org.citykpi.kpi;

import java.util.List;

/**
 * One KPI of {@code schemas/kpi/catalog.yaml}: how it is computed from one gold table and the
 * targets it is held to. See the header of catalog.yaml for the computation.
 *
 * @param numerator Spark SQL expression over one row of {@code table}
 * @param denominator Spark SQL expression, or null for an additive quantity (value = scaled
 *     numerator)
 * @param aggregation ratio_of_sums, last, max or min
 */
public record Kpi(
    String id,
    String nameZh,
    String nameEn,
    String definitionEn,
    String definitionZh,
    String unit,
    String table,
    String numerator,
    String denominator,
    Double scale,
    String direction,
    String frequency,
    String aggregation,
    List<Target> targets) {

  public static final List<String> AGGREGATIONS = List.of("ratio_of_sums", "last", "max", "min");

  /**
   * A policy target for the cities of one programme.
   *
   * @param annualTotal the value is a calendar-year total; shorter periods compare with a pro-rated
   *     target
   * @param proposed the project proposes this target for a qualitative aim; {@code rationale} says
   *     why
   * @param growthPctPerYear an average annual growth the clause also promises (年均增长), judged on
   *     year periods as the compound rate from the baseline year; null when the clause sets none
   */
  public record Target(
      String programme,
      String comparator,
      Double value,
      Boolean annualTotal,
      Boolean proposed,
      String baselinePeriod,
      String deadline,
      String docId,
      String clauseZh,
      String rationale,
      Double growthPctPerYear) {
    public boolean annual() {
      return Boolean.TRUE.equals(annualTotal);
    }

    public boolean proposal() {
      return Boolean.TRUE.equals(proposed);
    }
  }

  public List<Target> targetList() {
    return targets == null ? List.of() : targets;
  }

  public double scaleOrOne() {
    return scale == null ? 1.0 : scale;
  }

  public boolean higherIsBetter() {
    return "higher".equals(direction);
  }
}
