package org.citykpi.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The annual self-evaluation score (rules in schemas/kpi/evaluation.yaml and the reports'
 * methodology): indicator scores 0–100 from attainment, group means, a weighted overall score over
 * the groups with a score, and the maturity band. Missing indicators are counted, never scored 0.
 */
public final class Scoring {
  private Scoring() {}

  /** An indicator (one target of one KPI) and its score; score null when it has no value. */
  public record Indicator(AttRow row, Double score) {}

  /**
   * A group's result.
   *
   * @param score mean of the scored indicators; null when none is scored
   * @param contribution weight × score / Σ weights of scored groups: what it adds to the overall
   */
  public record GroupScore(
      Evaluation.Group group,
      int indicators,
      int scored,
      Double score,
      Double effectiveWeightPct,
      Double contribution) {}

  /**
   * The overall result.
   *
   * @param overall null when no indicator is scored or more than maxMissingPct are missing
   * @param band null when overall is null
   */
  public record Score(
      List<Indicator> indicators,
      List<GroupScore> groups,
      int missing,
      Double missingPct,
      Double overall,
      Evaluation.Band band,
      boolean tooManyMissing) {
    public int total() {
      return indicators.size();
    }
  }

  /**
   * One indicator's score: min(100, attainment), at least 0; with a growth promise judged on the
   * period (T11's 年均增长30%), the lower of that and the growth attainment. Null when the value or its
   * attainment is missing, or its status says the data is insufficient.
   */
  public static Double indicator(AttRow r) {
    if (r.value() == null
        || r.attainmentPct() == null
        || r.status() == Status.INSUFFICIENT_DATA
        || r.status() == Status.NO_TARGET) {
      return null;
    }
    double s = clamp(r.attainmentPct());
    if (r.targetGrowthPct() != null && r.targetGrowthPct() > 0 && r.growthCagrPct() != null) {
      s = Math.min(s, clamp(100 * r.growthCagrPct() / r.targetGrowthPct()));
    }
    return s;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(100, v));
  }

  /** Scores the targets (rows with a target) of one city and period. */
  public static Score score(Evaluation ev, List<AttRow> rows) {
    List<Indicator> indicators = new ArrayList<>();
    for (AttRow r : rows) {
      if (r.status() != Status.NO_TARGET) {
        indicators.add(new Indicator(r, indicator(r)));
      }
    }
    List<GroupScore> raw = new ArrayList<>();
    double weights = 0;
    for (Evaluation.Group g : ev.groups()) {
      List<Indicator> in =
          indicators.stream().filter(i -> g.kpiList().contains(i.row().kpiId())).toList();
      List<Double> scored = in.stream().map(Indicator::score).filter(s -> s != null).toList();
      Double mean =
          scored.isEmpty()
              ? null
              : scored.stream().mapToDouble(Double::doubleValue).sum() / scored.size();
      if (mean != null) {
        weights += g.weight();
      }
      raw.add(new GroupScore(g, in.size(), scored.size(), mean, null, null));
    }
    List<GroupScore> groups = new ArrayList<>();
    double overall = 0;
    for (GroupScore g : raw) {
      if (g.score() == null) {
        groups.add(g);
        continue;
      }
      double w = g.group().weight() / weights;
      groups.add(
          new GroupScore(g.group(), g.indicators(), g.scored(), g.score(), 100 * w, w * g.score()));
      overall += w * g.score();
    }
    int missing = (int) indicators.stream().filter(i -> i.score() == null).count();
    Double missingPct = indicators.isEmpty() ? null : 100.0 * missing / indicators.size();
    boolean tooMany = missingPct != null && missingPct > ev.maxMissingPct();
    Double total = weights == 0 || tooMany ? null : overall;
    return new Score(
        indicators,
        groups,
        missing,
        missingPct,
        total,
        total == null ? null : ev.band(total),
        tooMany);
  }
}
