package org.citykpi.ops;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the data-quality counts of one command's stages ({@code ops.dq_metrics}: rows checked
 * and rows failed per stage, source, rule and day) and writes them in one commit at the end, with
 * each rule's jump verdict ({@link DqJump}) against its trailing history.
 *
 * <p>Idempotent by replacement: the commit replaces the days of each measured stage and source's
 * interval, so a re-run of an interval leaves one row per key, the latest run's. History for the
 * verdict is read from the table (earlier days) and from this run's own rows (a backfill judges
 * each day against the days before it, as daily runs would).
 */
public final class DqMetrics {
  public static final String TABLE = "ops.dq_metrics";

  /** The rule id of a stage's rows that failed any rule. */
  public static final String ANY_RULE = "*";

  private static final Logger LOG = LoggerFactory.getLogger(DqMetrics.class);

  /** Jumps named one by one on the console and in the run log; the rest are counted. */
  static final int SHOWN_JUMPS = 10;

  /** Counts of one stage and source over its effective interval. */
  record Scope(String stage, String source, boolean monthly, Interval eff) {
    String predicate() {
      return "(stage = '"
          + stage
          + "' AND source = '"
          + source.replace("'", "''")
          + "' AND "
          + eff.predicate("placed_on")
          + ")";
    }
  }

  /** One measured (stage, source, rule, day). */
  public record Measure(
      String stage, String source, String rule, LocalDate placedOn, long checked, long failed) {}

  private final List<Scope> scopes = new ArrayList<>();
  private final List<Measure> measures = new ArrayList<>();

  /**
   * Counts the rows of one stage and source by day and rule in one aggregation over {@code rows}
   * (which the stage has persisted): {@code date} the day a row belongs to, {@code ruleIds} the
   * array of rules it failed (empty when accepted). Only the per-day, per-rule-set counts reach the
   * driver.
   */
  public void measure(
      String stage,
      String source,
      boolean monthly,
      Interval eff,
      Dataset<Row> rows,
      Column date,
      Column ruleIds) {
    List<Count> counts = new ArrayList<>();
    for (Row r : rows.groupBy(date.as("d"), ruleIds.as("r")).count().collectAsList()) {
      counts.add(
          new Count(
              r.isNullAt(0) ? null : r.getDate(0).toLocalDate(),
              r.isNullAt(1) ? List.of() : r.getList(1),
              r.getLong(2)));
    }
    measure(stage, source, monthly, eff, counts);
  }

  /** Rows of one day (null: unplaced, not measured) that failed one set of rules (empty: none). */
  public record Count(LocalDate day, List<String> rules, long rows) {}

  /**
   * Adds the counts of one stage and source that the stage aggregated itself (in the pass that also
   * gives its run-log counts), grouped by day and set of failed rules.
   */
  public void measure(
      String stage, String source, boolean monthly, Interval eff, List<Count> counts) {
    Map<LocalDate, Long> checked = new TreeMap<>();
    Map<LocalDate, Map<String, Long>> failed = new TreeMap<>();
    for (Count c : counts) {
      if (c.day() == null) {
        continue;
      }
      LocalDate d = c.day();
      long n = c.rows();
      checked.merge(d, n, Long::sum);
      List<String> rules = c.rules();
      Map<String, Long> byRule = failed.computeIfAbsent(d, k -> new TreeMap<>());
      if (!rules.isEmpty()) {
        byRule.merge(ANY_RULE, n, Long::sum);
      }
      for (String rule : new LinkedHashSet<>(rules)) {
        byRule.merge(rule, n, Long::sum);
      }
    }
    add(stage, source, monthly, eff, checked, failed);
  }

  /** Adds counts already made: rows checked by day, rows failed by day and rule. */
  public synchronized void add(
      String stage,
      String source,
      boolean monthly,
      Interval eff,
      Map<LocalDate, Long> checked,
      Map<LocalDate, Map<String, Long>> failed) {
    scopes.add(new Scope(stage, source, monthly, eff));
    checked.forEach(
        (d, n) -> {
          Map<String, Long> byRule = new TreeMap<>(failed.getOrDefault(d, Map.of()));
          byRule.putIfAbsent(ANY_RULE, 0L);
          byRule.forEach((rule, k) -> measures.add(new Measure(stage, source, rule, d, n, k)));
        });
  }

  public synchronized List<Measure> measures() {
    return List.copyOf(measures);
  }

  /** A jump found by {@link #flush}. */
  public record Jump(Measure measure, DqJump.Verdict verdict) {
    @Override
    public String toString() {
      return String.format(
          "%s %s rule %s on %s: %d of %d rows failed (%.2f%%), above its %d-period history"
              + " (mean %.2f%%, sd %.2f%%)",
          measure.stage(),
          measure.source(),
          measure.rule(),
          measure.placedOn(),
          measure.failed(),
          measure.checked(),
          100.0 * measure.failed() / measure.checked(),
          verdict.days(),
          100 * verdict.mean(),
          100 * verdict.sd());
    }
  }

  /** What a flush wrote: the table version (-1 if nothing was measured) and the jumps found. */
  public record Written(long version, List<Jump> jumps) {}

  /**
   * Writes the collected measures to ops.dq_metrics in one commit, replacing the measured days,
   * logs one WARN line per jump, and clears the collection.
   */
  public synchronized Written flush(
      SparkSession spark, Tables tables, String runId, Interval interval, Instant measuredAt) {
    if (scopes.isEmpty()) {
      return new Written(-1, List.of());
    }
    String replaced = String.join(" OR ", scopes.stream().map(Scope::predicate).toList());
    List<Measure> history = new ArrayList<>(measures);
    if (tables.exists(spark, TABLE)) {
      List<String> windows = new ArrayList<>();
      for (Scope s : scopes) {
        Scope wide =
            new Scope(
                s.stage(),
                s.source(),
                s.monthly(),
                new Interval(windowStart(s.eff().from(), s.monthly()), s.eff().to()));
        windows.add(wide.predicate());
      }
      for (Row r :
          tables
              .read(spark, TABLE)
              .where("(" + String.join(" OR ", windows) + ") AND NOT (" + replaced + ")")
              .select("stage", "source", "rule_id", "placed_on", "rows_checked", "rows_failed")
              .collectAsList()) { // the windows' metric rows: days x rules, small
        history.add(
            new Measure(
                r.getString(0),
                r.getString(1),
                r.getString(2),
                r.getDate(3).toLocalDate(),
                r.getLong(4),
                r.getLong(5)));
      }
    }
    Map<String, Boolean> monthly = new HashMap<>();
    scopes.forEach(s -> monthly.put(s.stage() + "/" + s.source(), s.monthly()));
    Judge judge = new Judge(history);
    List<Row> rows = new ArrayList<>();
    List<Jump> jumps = new ArrayList<>();
    for (Measure m : measures) {
      DqJump.Verdict v = judge.verdict(m, monthly.get(m.stage() + "/" + m.source()));
      if (Boolean.TRUE.equals(v.jump())) {
        jumps.add(new Jump(m, v));
      }
      rows.add(
          RowFactory.create(
              m.stage(),
              m.source(),
              m.rule(),
              Date.valueOf(m.placedOn()),
              m.checked(),
              m.failed(),
              m.checked() == 0 ? 0.0 : (double) m.failed() / m.checked(),
              v.days(),
              v.mean(),
              v.sd(),
              v.jump(),
              runId,
              Date.valueOf(interval.from()),
              Date.valueOf(interval.to()),
              Timestamp.from(measuredAt)));
    }
    // the steps of a stage measure in parallel: list the jumps in an order that does not depend on
    // which finished first, so that a re-run logs the same message
    jumps.sort(
        Comparator.comparing((Jump j) -> j.measure().stage())
            .thenComparing(j -> j.measure().source())
            .thenComparing(j -> j.measure().placedOn())
            .thenComparing(j -> j.measure().rule()));
    // a few hundred rows: one file per commit
    Dataset<Row> df = spark.createDataFrame(rows, tables.spec(TABLE).schema()).coalesce(1);
    long version = tables.replace(spark, TABLE, df, replaced);
    jumps.stream().limit(SHOWN_JUMPS).forEach(j -> LOG.warn("data quality jump: " + j));
    if (jumps.size() > SHOWN_JUMPS) {
      LOG.warn(
          "data quality: "
              + (jumps.size() - SHOWN_JUMPS)
              + " more jumps: select * from ops.dq_metrics where is_jump and _run_id = '"
              + runId
              + "'");
    }
    scopes.clear();
    measures.clear();
    return new Written(version, jumps);
  }

  /**
   * Flushes the run's measures and, when a rule jumped, adds one {@code dq} entry to the run log
   * naming the jumps (rows 0: it moves no row), so the flag is on the record beside the steps.
   */
  public Written flush(RunContext ctx) {
    Instant started = ctx.now();
    Written w = flush(ctx.spark(), ctx.tables(), ctx.runId(), ctx.interval(), ctx.startedAt());
    if (!w.jumps().isEmpty()) {
      ctx.log()
          .add(
              new RunLog.Entry(
                  "dq",
                  TABLE,
                  0,
                  0,
                  0,
                  0,
                  "succeeded",
                  w.jumps().size()
                      + " rule(s) jumped beyond their history: "
                      + String.join(
                          "; ", w.jumps().stream().limit(SHOWN_JUMPS).map(Jump::toString).toList())
                      + (w.jumps().size() > SHOWN_JUMPS
                          ? "; and " + (w.jumps().size() - SHOWN_JUMPS) + " more (is_jump)"
                          : ""),
                  started,
                  ctx.now(),
                  Map.of(TABLE, w.version())));
    }
    return w;
  }

  static LocalDate windowStart(LocalDate day, boolean monthly) {
    return monthly ? day.minusMonths(12) : day.minusDays(28);
  }

  /** Each rule's history from the measures of the window (stored and this run's). */
  static final class Judge {
    private final Map<String, TreeMap<LocalDate, Long>> checked = new HashMap<>();
    private final Map<String, Map<LocalDate, Long>> failed = new HashMap<>();

    Judge(List<Measure> all) {
      for (Measure m : all) {
        String stageSource = m.stage() + "/" + m.source();
        if (ANY_RULE.equals(m.rule())) {
          checked.computeIfAbsent(stageSource, k -> new TreeMap<>()).put(m.placedOn(), m.checked());
        }
        failed
            .computeIfAbsent(stageSource + "/" + m.rule(), k -> new LinkedHashMap<>())
            .put(m.placedOn(), m.failed());
      }
    }

    /** The verdict of one measure against the days before it in its window. */
    DqJump.Verdict verdict(Measure m, boolean monthly) {
      String stageSource = m.stage() + "/" + m.source();
      Map<LocalDate, Long> fails = failed.getOrDefault(stageSource + "/" + m.rule(), Map.of());
      List<Double> rates = new ArrayList<>();
      checked
          .getOrDefault(stageSource, new TreeMap<>())
          .subMap(windowStart(m.placedOn(), monthly), true, m.placedOn(), false)
          .forEach(
              (d, n) -> {
                if (n > 0) {
                  rates.add((double) fails.getOrDefault(d, 0L) / n);
                }
              });
      return DqJump.judge(m.checked(), m.failed(), rates.stream().mapToDouble(x -> x).toArray());
    }
  }
}
