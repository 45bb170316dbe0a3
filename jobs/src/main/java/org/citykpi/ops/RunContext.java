package org.citykpi.ops;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.geo.Reference;

/**
 * Everything one command's jobs share: the session, the warehouse, the contracts and reference
 * data, the run id and start time from an injected clock, the interval, and the run log.
 */
public final class RunContext {
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final Tables tables;
  private final Path schemas;
  private final Map<String, SourceContract> contracts;
  private final Reference reference;
  private final String runId;
  private final Instant startedAt;
  private final Clock clock;
  private final Interval interval;
  private final RunLog log;
  private final DqMetrics dq = new DqMetrics();

  public RunContext(
      SparkSession spark, String warehouse, Path schemas, Interval interval, Clock clock) {
    this(spark, warehouse, schemas, interval, clock, newRunId(clock.instant()), clock.instant());
  }

  /** A run whose id and start were fixed before Spark started (to take the run lock). */
  public RunContext(
      SparkSession spark,
      String warehouse,
      Path schemas,
      Interval interval,
      Clock clock,
      String runId,
      Instant startedAt) {
    this.spark = spark;
    this.schemas = schemas;
    this.contracts = Contracts.load(schemas);
    this.reference = Reference.load(schemas);
    this.tables = Tables.load(warehouse, schemas, contracts);
    this.clock = clock;
    this.startedAt = startedAt;
    this.runId = runId;
    this.interval = interval;
    this.log = new RunLog(runId, interval);
  }

  /** A run id: the UTC start time and a random suffix. */
  public static String newRunId(Instant startedAt) {
    return ID.format(startedAt)
        + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
  }

  private RunContext(RunContext run, Interval interval) {
    this.spark = run.spark;
    this.schemas = run.schemas;
    this.contracts = run.contracts;
    this.reference = run.reference;
    this.tables = run.tables;
    this.clock = run.clock;
    this.startedAt = run.startedAt;
    this.runId = run.runId;
    this.interval = interval;
    this.log = run.log;
    log.interval(interval);
  }

  /**
   * The same run (id, start, run log) over another interval, for a command that learns its interval
   * from the warehouse ({@code rekey}); the run log then records that interval.
   */
  public RunContext over(Interval other) {
    return new RunContext(this, other);
  }

  public SparkSession spark() {
    return spark;
  }

  public Tables tables() {
    return tables;
  }

  public Path schemas() {
    return schemas;
  }

  public Map<String, SourceContract> contracts() {
    return contracts;
  }

  public Reference reference() {
    return reference;
  }

  public String runId() {
    return runId;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant now() {
    return clock.instant();
  }

  public Interval interval() {
    return interval;
  }

  public RunLog log() {
    return log;
  }

  /** The data-quality counts of the run's stages, written to ops.dq_metrics at its end. */
  public DqMetrics dq() {
    return dq;
  }
}
