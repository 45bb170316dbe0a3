package org.citykpi.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.citykpi.ops.Interval;

/**
 * The data-quality figures of a report period, whatever table they come from: {@link RunLogQuality}
 * derives them from bronze, {@code ops.quarantine} and {@code ops.run_log}; {@link
 * DqMetricsQuality} adds the rules {@code ops.dq_metrics} flagged as jumps.
 *
 * @param daily the days whose rows count for daily sources
 * @param monthly the days whose rows count for monthly sources (a weekly report: the month shown)
 * @param sources one line per source with rows in the period, by source name
 * @param reasons the most frequent quarantine rules of the period, most frequent first
 * @param runs job runs whose interval overlaps the period, per job
 * @param lastKpiRun end of the latest successful KPI run recorded (any interval); null if none
 * @param jumps rules whose failure rate jumped beyond their history on a day of the period ({@code
 *     ops.dq_metrics.is_jump}), by day, stage, source and rule
 */
public record DataQuality(
    Interval daily,
    Interval monthly,
    List<SourceLine> sources,
    List<Reason> reasons,
    List<RunLine> runs,
    Instant lastKpiRun,
    List<Jump> jumps) {

  /** Figures without jump flags (a warehouse without ops.dq_metrics). */
  public DataQuality(
      Interval daily,
      Interval monthly,
      List<SourceLine> sources,
      List<Reason> reasons,
      List<RunLine> runs,
      Instant lastKpiRun) {
    this(daily, monthly, sources, reasons, runs, lastKpiRun, List.of());
  }

  /** The same figures with {@code jumps}. */
  public DataQuality withJumps(List<Jump> flagged) {
    return new DataQuality(daily, monthly, sources, reasons, runs, lastKpiRun, flagged);
  }

  /**
   * A rule flagged on one day (month) of the period: its rows checked and failed, its failure rate
   * and the mean and standard deviation of its trailing history, in percent.
   */
  public record Jump(
      String source,
      String stage,
      String rule,
      LocalDate day,
      long checked,
      long failed,
      double ratePct,
      Double meanPct,
      Double sdPct,
      int historyDays) {}

  /**
   * One source's rows placed in the period.
   *
   * @param accepted rows in bronze (passed the contract)
   * @param quarantinedIngest rows the contract rejected (ops.quarantine, stage ingest)
   * @param quarantinedClean bronze rows clean rejected later: duplicates, superseded versions
   * @param files files the accepted rows came from
   * @param lateFiles files holding rows of days before the date in their name (delivered late)
   */
  public record SourceLine(
      String source,
      boolean monthly,
      long accepted,
      long quarantinedIngest,
      long quarantinedClean,
      long files,
      long lateFiles) {
    /** Rows delivered: accepted plus rejected by the contract. */
    public long rowsIn() {
      return accepted + quarantinedIngest;
    }

    /** Share of delivered rows the contract rejected, in percent; null with no rows. */
    public Double quarantinedPct() {
      return rowsIn() == 0 ? null : 100.0 * quarantinedIngest / rowsIn();
    }
  }

  /** A quarantine rule and how many rows of the period it rejected. */
  public record Reason(String source, String stage, String rule, long rows) {}

  /** The runs of one job that overlap the period. */
  public record RunLine(String job, long runs, long failed, Instant lastEnded) {}

  public long rowsIn() {
    return sources.stream().mapToLong(SourceLine::rowsIn).sum();
  }

  public long accepted() {
    return sources.stream().mapToLong(SourceLine::accepted).sum();
  }

  public long quarantined() {
    return sources.stream().mapToLong(s -> s.quarantinedIngest() + s.quarantinedClean()).sum();
  }

  public long quarantinedIngest() {
    return sources.stream().mapToLong(SourceLine::quarantinedIngest).sum();
  }

  public long quarantinedClean() {
    return sources.stream().mapToLong(SourceLine::quarantinedClean).sum();
  }

  public long lateFiles() {
    return sources.stream().mapToLong(SourceLine::lateFiles).sum();
  }

  public long failedRuns() {
    return runs.stream().mapToLong(RunLine::failed).sum();
  }
}
