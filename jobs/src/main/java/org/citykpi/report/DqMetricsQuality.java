package org.citykpi.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.DqMetrics;
import org.citykpi.ops.Interval;

/**
 * The figures of another {@link QualitySource} plus the rules that {@code ops.dq_metrics} flagged
 * as jumps ({@code is_jump}) on a day of the period: daily sources on the period's days, monthly
 * ones on its months. Reads only the flagged rows (at most {@value #MAX_JUMPS}, earliest first).
 */
public final class DqMetricsQuality implements QualitySource {
  /** How many flagged rules a report lists. */
  static final int MAX_JUMPS = 50;

  private final QualitySource base;
  private final Map<String, SourceContract> contracts;

  public DqMetricsQuality(QualitySource base, Map<String, SourceContract> contracts) {
    this.base = base;
    this.contracts = contracts;
  }

  @Override
  public List<String> tables() {
    List<String> out = new ArrayList<>(base.tables());
    out.add(DqMetrics.TABLE);
    return out;
  }

  @Override
  public DataQuality read(Snapshot s, Interval daily, Interval monthly) {
    DataQuality q = base.read(s, daily, monthly);
    if (!s.has(DqMetrics.TABLE)) {
      return q;
    }
    Column inPeriod = RunLogQuality.placedIn(contracts.values(), daily, monthly);
    List<DataQuality.Jump> jumps = new ArrayList<>();
    for (Row r :
        s.read(DqMetrics.TABLE)
            .where(col("is_jump").equalTo(lit(true)).and(inPeriod))
            .orderBy("placed_on", "stage", "source", "rule_id")
            .select(
                "source",
                "stage",
                "rule_id",
                "placed_on",
                "rows_checked",
                "rows_failed",
                "failure_rate",
                "baseline_mean",
                "baseline_sd",
                "baseline_days")
            .limit(MAX_JUMPS)
            .collectAsList()) {
      jumps.add(
          new DataQuality.Jump(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getDate(3).toLocalDate(),
              r.getLong(4),
              r.getLong(5),
              100 * r.getDouble(6),
              r.isNullAt(7) ? null : 100 * r.getDouble(7),
              r.isNullAt(8) ? null : 100 * r.getDouble(8),
              r.getInt(9)));
    }
    return q.withJumps(jumps);
  }
}
