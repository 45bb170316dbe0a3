package org.citykpi.ops;

import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes rejected rows of one stage and source for an interval into {@code ops.quarantine}. */
public final class Quarantine {
  public static final String TABLE = "ops.quarantine";

  private Quarantine() {}

  /**
   * Replaces the stage's quarantined rows of {@code source} placed in {@code eff}.
   *
   * @param rejected columns source, stage, placed_on, source_file, line_no, raw_text, rule_ids,
   *     reasons
   */
  public static long replace(
      RunContext ctx, String source, String stage, Interval eff, Dataset<Row> rejected) {
    Dataset<Row> rows =
        rejected
            .withColumn("_run_id", lit(ctx.runId()))
            .withColumn("_quarantined_at", lit(Timestamp.from(ctx.startedAt())));
    String where =
        "source = '" + source + "' AND stage = '" + stage + "' AND " + eff.predicate("placed_on");
    return ctx.tables().replace(ctx.spark(), TABLE, rows, where);
  }
}
