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

  /**
   * The {@code job} of a command's own rows, whose {@code source} is the command's name ({@code
   * run}, {@code ingest}, {@code rekey}...): one {@code started} row before it begins, one final
   * {@code succeeded}/{@code failed} row after, or {@code killed}, written by the next run that
   * finds its stale lock. The other rows are its steps'.
   */
  public static final String COMMAND = "command";

  public static final String STARTED = "started";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String KILLED = "killed";
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

  /** A command's own row (job {@value #COMMAND}), e.g. its start or its final status. */
  public static Entry runEntry(
      String command, String status, String message, Instant startedAt, Instant endedAt) {
    return new Entry(COMMAND, command, 0, 0, 0, 0, status, message, startedAt, endedAt, Map.of());
  }

  /** Adds the command's final row (no console line: the command's own output says it). */
  public synchronized void finish(String command, String status, String message, Instant at) {
    entries.add(runEntry(command, status, message, at, at));
  }

  /**
   * Appends, in one commit before the command begins: a {@code killed} row for each run whose stale
   * lock was found (the process ended without a final status), then this run's {@code started} row.
   */
  public long start(
      SparkSession spark,
      Tables tables,
      String command,
      String note,
      List<RunLock.Holder> killed,
      Instant now) {
    List<Row> rows = new ArrayList<>();
    for (RunLock.Holder h : killed) {
      String why =
          "process "
              + h.pid()
              + " on "
              + h.host()
              + " ended without a final status (killed or crashed); found by run "
              + runId;
      rows.add(
          row(h.runId(), h.interval(), runEntry(h.command(), KILLED, why, h.startedAt(), now)));
    }
    rows.add(row(runId, interval, runEntry(command, STARTED, note, now, now)));
    return append(spark, tables, rows);
  }

  /** Appends the collected entries to ops.run_log; returns the version written, or -1 if none. */
  public synchronized long flush(SparkSession spark, Tables tables) {
    if (entries.isEmpty()) {
      return -1;
    }
    List<Row> rows = new ArrayList<>();
    for (Entry e : entries) {
      rows.add(row(runId, interval, e));
    }
    long v = append(spark, tables, rows);
    entries.clear();
    return v;
  }

  private static long append(SparkSession spark, Tables tables, List<Row> rows) {
    // Appends of different runs do not conflict in Delta unless one creates the table: retry then.
    return DeltaRetry.onConflict(
        "append to " + TABLE,
        () ->
            tables.append(spark, TABLE, spark.createDataFrame(rows, tables.spec(TABLE).schema())));
  }

  static Row row(String runId, Interval interval, Entry e) {
    return RowFactory.create(
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
        scala.jdk.javaapi.CollectionConverters.asScala(new LinkedHashMap<>(e.tableVersions())),
        e.valuesNulled());
  }
}
