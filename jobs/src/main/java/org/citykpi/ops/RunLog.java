package org.citykpi.ops;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one entry per job step and source during a command, prints each as it ends, and appends
 * them all to {@code ops.run_log} once at the end (also when the command fails).
 */
public final class RunLog {
  public static final String TABLE = "ops.run_log";
  private static final Logger LOG = LoggerFactory.getLogger(RunLog.class);

  /**
   * Counts and outcome of one step over one source; {@code rowsIn = rowsAccepted +
   * rowsQuarantined}. {@code valuesNulled}: optional values an {@code on_invalid: nullify} rule set
   * to null in accepted rows (the rows are kept).
   */
  public record Entry(
      String job,
      String source,
      long rowsIn,
      long rowsAccepted,
      long rowsQuarantined,
      long rowsOut,
      String status,
      String message,
      Instant startedAt,
      Instant endedAt,
      Map<String, Long> tableVersions,
      long valuesNulled) {

    /** An entry of a step that nulls no value. */
    public Entry(
        String job,
        String source,
        long rowsIn,
        long rowsAccepted,
        long rowsQuarantined,
        long rowsOut,
        String status,
        String message,
        Instant startedAt,
        Instant endedAt,
        Map<String, Long> tableVersions) {
      this(
          job,
          source,
          rowsIn,
          rowsAccepted,
          rowsQuarantined,
          rowsOut,
          status,
          message,
          startedAt,
          endedAt,
          tableVersions,
          0);
    }
  }

  private final String runId;
  private Interval interval;
  private final List<Entry> entries = new ArrayList<>();

  public RunLog(String runId, Interval interval) {
    this.runId = runId;
    this.interval = interval;
  }

  /** The interval the rows of this run record (set by {@link RunContext#over}). */
  synchronized void interval(Interval other) {
    this.interval = other;
  }

  public synchronized void add(Entry e) {
    entries.add(e);
    LOG.info(
        String.format(
            "%-8s %-28s in=%-9d accepted=%-9d quarantined=%-7d out=%-9d %s%s",
            e.job(),
            e.source(),
            e.rowsIn(),
            e.rowsAccepted(),
            e.rowsQuarantined(),
            e.rowsOut(),
            e.status(),
            e.message() == null ? "" : " (" + e.message() + ")"));
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Appends the collected entries to ops.run_log; returns the version written, or -1 if none. */
  public synchronized long flush(SparkSession spark, Tables tables) {
    if (entries.isEmpty()) {
      return -1;
    }
    List<Row> rows = new ArrayList<>();
    for (Entry e : entries) {
      rows.add(
          RowFactory.create(
              runId,
              e.job(),
              e.source(),
              Date.valueOf(interval.from()),
              Date.valueOf(interval.to()),
              e.rowsIn(),
              e.rowsAccepted(),
              e.rowsQuarantined(),
              e.rowsOut(),
              e.status(),
              e.message(),
              Timestamp.from(e.startedAt()),
              Timestamp.from(e.endedAt()),
              scala.jdk.javaapi.CollectionConverters.asScala(
                  new LinkedHashMap<>(e.tableVersions())),
              e.valuesNulled()));
    }
    entries.clear();
    return tables.append(spark, TABLE, spark.createDataFrame(rows, tables.spec(TABLE).schema()));
  }
}
