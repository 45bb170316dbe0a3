package org.citykpi.clean;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.SourceContract;
import org.citykpi.domain.Domains;
import org.citykpi.ops.DqMetrics;
import org.citykpi.ops.Interval;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;

/**
 * bronze → silver for one source: keep one row per natural key (duplicates to quarantine), then the
 * contract and the silver declaration ({@link SilverPlan}): keyed hashes for personal ids, UTC
 * times, declared expressions, the entity's domain logic. Every entity's silver table has a {@code
 * source} column, and a run replaces only its own source's rows of the interval, so several feeds
 * of one entity sit side by side.
 */
public final class CleanJob {
  private CleanJob() {}

  /**
   * Cleans one source over the run's interval; false (nothing touched) if it has no bronze table.
   * The duplicates and the run-log entry go to the stage's quarantine batch {@code q}, written in
   * one commit after every source of the stage.
   */
  public static boolean run(RunContext ctx, SourceContract c, Pseudonymizer p, Quarantine.Batch q) {
    var started = ctx.now();
    SilverPlan plan = SilverPlan.of(c, ctx.tables(), Domains.all(), ctx.schemas());
    String bronzeTable = "bronze." + c.source();
    if (!ctx.tables().exists(ctx.spark(), bronzeTable)) {
      return false;
    }
    Interval eff = ctx.interval().forGrain(c.grain());
    String silverTable = "silver." + c.entity();
    String where = eff.predicate(c.partitionColumn());
    Integer lookback = plan.silver().lookbackDays();
    String readWhere =
        lookback == null || lookback == 0
            ? where
            : new Interval(eff.from().minusDays(lookback), eff.to()).predicate(c.partitionColumn());
    Dataset<Row> bronze = ctx.tables().read(ctx.spark(), bronzeTable).where(readWhere);
    Dataset<Row> marked =
        Dedup.withDuplicateMarks(bronze, c).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> inInterval = marked.where(where);
      // one aggregation gives the run-log counts and the data-quality counts: rows by day and rule
      long in = 0;
      long dups = 0;
      List<DqMetrics.Count> byDay = new ArrayList<>();
      for (Row r :
          inInterval.groupBy(col(c.partitionColumn()), col(Dedup.RULE)).count().collectAsList()) {
        long n = r.getLong(2);
        in += n;
        if (!r.isNullAt(1)) {
          dups += n;
        }
        byDay.add(
            new DqMetrics.Count(
                r.getDate(0).toLocalDate(),
                r.isNullAt(1) ? List.of() : List.of(r.getString(1)),
                n));
      }
      Dataset<Row> kept = marked.where(col(Dedup.RULE).isNull());
      Dataset<Row> silver = plan.toSilver(kept, p).where(where);
      long silverVersion =
          ctx.tables()
              .replace(
                  ctx.spark(), silverTable, silver, "source = '" + c.source() + "' AND " + where);
      ctx.dq().measure("clean", c.source(), c.monthly(), eff, byDay);
      // materialised now: the marked rows are released when this step ends
      q.add(
          c.source(),
          eff,
          dups == 0 ? null : duplicates(inInterval, c, p).localCheckpoint(),
          new RunLog.Entry(
              "clean",
              c.source(),
              in,
              in - dups,
              dups,
              in - dups,
              "succeeded",
              null,
              started,
              ctx.now(),
              Map.of(silverTable, silverVersion)));
      return true;
    } finally {
      marked.unpersist();
    }
  }

  /** Quarantine rows for duplicates; their text shows personal ids only as keyed hashes. */
  static Dataset<Row> duplicates(Dataset<Row> marked, SourceContract c, Pseudonymizer p) {
    List<Column> fields = new ArrayList<>();
    for (ColumnSpec s : c.columns()) {
      Column v =
          c.piiColumns().contains(s.name()) ? p.hash(col(s.name()).cast("string")) : col(s.name());
      fields.add(v.as(s.name()));
    }
    return marked
        .where(col(Dedup.RULE).isNotNull())
        .select(
            lit(c.source()).as("source"), lit("clean").as("stage"),
            col(c.partitionColumn()).as("placed_on"), col("_source_file").as("source_file"),
            col("_line_no").as("line_no"),
                to_json(struct(fields.toArray(Column[]::new))).as("raw_text"),
            array(col(Dedup.RULE)).as("rule_ids"), col(Dedup.REASON).as("reasons"));
  }
}
