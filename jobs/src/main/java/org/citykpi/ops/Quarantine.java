package org.citykpi.ops;

import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;

/**
 * Writes the rows a stage rejected into {@code ops.quarantine}: the per-source steps of a stage
 * hand their rows to one {@link Batch}, which replaces them in one commit after the steps have
 * ended (docs/decisions/0007), so the shared table is never written by concurrent steps.
 */
public final class Quarantine {
  public static final String TABLE = "ops.quarantine";

  private Quarantine() {}

  /**
   * The predicate a stage's commit replaces: the stage's rows of each source placed in that
   * source's interval, led by the whole span of those intervals so that Delta prunes the {@code
   * placed_on} partitions before it looks at any file.
   *
   * @param intervals the interval of each source of the stage, in order; not empty
   */
  public static String where(String stage, Map<String, Interval> intervals) {
    if (intervals == null || intervals.isEmpty()) {
      throw new IllegalArgumentException("no source to replace the quarantine of");
    }
    LocalDate from = null;
    LocalDate to = null;
    List<String> bySource = new ArrayList<>();
    for (Map.Entry<String, Interval> e : intervals.entrySet()) {
      Interval i = e.getValue();
      from = from == null || i.from().isBefore(from) ? i.from() : from;
      to = to == null || i.to().isAfter(to) ? i.to() : to;
      bySource.add("(source = '" + e.getKey() + "' AND " + i.predicate("placed_on") + ")");
    }
    return new Interval(from, to).predicate("placed_on")
        + " AND stage = '"
        + stage
        + "' AND ("
        + String.join(" OR ", bySource)
        + ")";
  }

  /**
   * The quarantined rows of one stage's per-source steps, written in one commit by {@link #commit}.
   * Each step adds its rows (materialised: the step's cached inputs are gone by the time the stage
   * commits) and its run-log entry; the entries are logged once the commit has its version.
   */
  public static final class Batch {
    private final String stage;
    private final Map<String, Part> parts = new LinkedHashMap<>();

    private record Part(Interval eff, Dataset<Row> rows, RunLog.Entry entry) {}

    public Batch(String stage) {
      this.stage = stage;
    }

    /**
     * Adds a source's rejected rows.
     *
     * @param rejected columns source, stage, placed_on, source_file, line_no, raw_text, rule_ids,
     *     reasons; null when the step rejected none (its earlier rows in {@code eff} still go)
     * @param entry the step's run-log entry; the quarantine's version is added to its table
     *     versions
     */
    public synchronized void add(
        String source, Interval eff, Dataset<Row> rejected, RunLog.Entry entry) {
      if (parts.containsKey(source)) {
        throw new IllegalStateException(source + " added twice to the " + stage + " quarantine");
      }
      parts.put(source, new Part(eff, rejected, entry));
    }

    /**
     * Replaces the stage's rows of every source added, in one commit, and logs their entries;
     * returns the version written, or -1 when no step added anything. When the write fails, each
     * step is logged as failed with the message, and the error goes up.
     */
    public synchronized long commit(RunContext ctx) {
      if (parts.isEmpty()) {
        return -1;
      }
      Map<String, Interval> intervals = new LinkedHashMap<>();
      Dataset<Row> rows = null;
      for (Map.Entry<String, Part> e : parts.entrySet()) {
        intervals.put(e.getKey(), e.getValue().eff());
        Dataset<Row> r = e.getValue().rows();
        if (r != null) {
          rows = rows == null ? r : rows.unionByName(r);
        }
      }
      if (rows == null) {
        rows =
            ctx.spark()
                .createDataFrame(List.of(), ctx.tables().spec(TABLE).schema())
                .drop("_run_id", "_quarantined_at");
      }
      Dataset<Row> out =
          rows.withColumn("_run_id", lit(ctx.runId()))
              .withColumn("_quarantined_at", lit(Timestamp.from(ctx.startedAt())));
      long version;
      try {
        version = ctx.tables().replace(ctx.spark(), TABLE, out, where(stage, intervals));
      } catch (RuntimeException e) {
        for (Part p : parts.values()) {
          RunLog.Entry s = p.entry();
          ctx.log()
              .add(
                  new RunLog.Entry(
                      s.job(),
                      s.source(),
                      0,
                      0,
                      0,
                      0,
                      "failed",
                      TABLE + ": " + CityKpiException.operatorMessage(e),
                      s.startedAt(),
                      ctx.now(),
                      Map.of()));
        }
        parts.clear();
        throw e;
      }
      for (Part p : parts.values()) {
        RunLog.Entry s = p.entry();
        Map<String, Long> versions = new LinkedHashMap<>(s.tableVersions());
        versions.put(TABLE, version);
        ctx.log()
            .add(
                new RunLog.Entry(
                    s.job(),
                    s.source(),
                    s.rowsIn(),
                    s.rowsAccepted(),
                    s.rowsQuarantined(),
                    s.rowsOut(),
                    s.status(),
                    s.message(),
                    s.startedAt(),
                    s.endedAt(),
                    versions,
                    s.valuesNulled()));
      }
      parts.clear();
      return version;
    }
  }
}
