package org.citykpi.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunLog;

/**
 * Data-quality figures from the tables that exist today: accepted rows and their files from each
 * bronze table (by its date column, so a period counts the rows that belong to it, whenever they
 * were delivered), rejected rows and their rules from {@code ops.quarantine} (by {@code
 * placed_on}), and the runs of {@code ops.run_log}. Every query is an aggregate; only per-file and
 * per-rule counts reach the driver.
 */
public final class RunLogQuality implements QualitySource {
  /** How many quarantine rules a report lists. */
  static final int TOP_REASONS = 8;

  private final List<SourceContract> contracts;

  public RunLogQuality(Map<String, SourceContract> contracts) {
    this.contracts = new ArrayList<>(new TreeMap<>(contracts).values());
  }

  static String bronze(SourceContract c) {
    return "bronze." + c.source();
  }

  @Override
  public List<String> tables() {
    List<String> out = new ArrayList<>();
    contracts.forEach(c -> out.add(bronze(c)));
    out.add(Quarantine.TABLE);
    out.add(RunLog.TABLE);
    return out;
  }

  @Override
  public DataQuality read(Snapshot s, Interval daily, Interval monthly) {
    Map<String, long[]> accepted = new TreeMap<>();
    for (SourceContract c : contracts) {
      if (s.has(bronze(c))) {
        accepted.put(c.source(), files(s, c, c.monthly() ? monthly : daily));
      }
    }
    Map<String, long[]> rejected = new TreeMap<>();
    List<DataQuality.Reason> reasons = new ArrayList<>();
    quarantine(s, daily, monthly, rejected, reasons);
    List<DataQuality.SourceLine> lines = new ArrayList<>();
    Map<String, Boolean> monthlyBySource = new HashMap<>();
    contracts.forEach(c -> monthlyBySource.put(c.source(), c.monthly()));
    java.util.Set<String> names = new java.util.TreeSet<>(accepted.keySet());
    names.addAll(rejected.keySet());
    for (String name : names) {
      long[] a = accepted.getOrDefault(name, new long[3]);
      long[] q = rejected.getOrDefault(name, new long[2]);
      lines.add(
          new DataQuality.SourceLine(
              name, monthlyBySource.getOrDefault(name, false), a[0], q[0], q[1], a[1], a[2]));
    }
    return new DataQuality(
        daily, monthly, lines, reasons, runs(s, span(daily, monthly)), lastKpi(s));
  }

  /** Accepted rows, files and late files of one source in the interval. */
  private static long[] files(Snapshot s, SourceContract c, Interval iv) {
    String pc = c.partitionColumn();
    List<Row> files =
        s.read(bronze(c))
            .where(col(pc).between(Date.valueOf(iv.from()), Date.valueOf(iv.to())))
            .groupBy("_source_file")
            .agg(count(lit(1)).as("n"), min(col(pc)).as("first"))
            .collectAsList(); // one row per file of the period
    long rows = 0;
    long late = 0;
    for (Row f : files) {
      rows += f.getLong(1);
      LocalDate named = RawRecords.fileDate(f.getString(0));
      LocalDate first = f.getDate(2).toLocalDate();
      if (named != null && first.isBefore(named)) {
        late++;
      }
    }
    return new long[] {rows, files.size(), late};
  }

  private void quarantine(
      Snapshot s,
      Interval daily,
      Interval monthly,
      Map<String, long[]> rejected,
      List<DataQuality.Reason> reasons) {
    // one scan: rows per source, stage and set of failed rules (a few dozen groups); the rows per
    // source and stage, and per rule, are sums of those
    Map<List<String>, Long> perRule = new HashMap<>(); // sorted below
    for (Row r :
        s.read(Quarantine.TABLE)
            .where(placedIn(contracts, daily, monthly))
            .groupBy("source", "stage", "rule_ids")
            .count()
            .collectAsList()) {
      String source = r.getString(0);
      String stage = r.getString(1);
      long n = r.getLong(3);
      rejected.computeIfAbsent(source, k -> new long[2])["ingest".equals(stage) ? 0 : 1] += n;
      List<String> rules = r.isNullAt(2) ? List.of() : r.getList(2);
      for (String rule : rules) {
        perRule.merge(List.of(source, stage, rule), n, Long::sum);
      }
    }
    List<DataQuality.Reason> all = new ArrayList<>();
    perRule.forEach((k, n) -> all.add(new DataQuality.Reason(k.get(0), k.get(1), k.get(2), n)));
    all.sort(
        Comparator.comparingLong(DataQuality.Reason::rows)
            .reversed()
            .thenComparing(DataQuality.Reason::source)
            .thenComparing(DataQuality.Reason::stage)
            .thenComparing(DataQuality.Reason::rule));
    reasons.addAll(all.subList(0, Math.min(TOP_REASONS, all.size())));
  }

  /**
   * {@code placed_on} in the source's interval: {@code monthly} for the monthly sources among
   * {@code contracts}, {@code daily} for the others (ops.quarantine and ops.dq_metrics alike).
   */
  static Column placedIn(Collection<SourceContract> contracts, Interval daily, Interval monthly) {
    Object[] monthlySources =
        contracts.stream().filter(SourceContract::monthly).map(SourceContract::source).toArray();
    Column d = col("placed_on").between(Date.valueOf(daily.from()), Date.valueOf(daily.to()));
    Column m = col("placed_on").between(Date.valueOf(monthly.from()), Date.valueOf(monthly.to()));
    return when(col("source").isin(monthlySources), m).otherwise(d);
  }

  private static Interval span(Interval a, Interval b) {
    return new Interval(
        a.from().isBefore(b.from()) ? a.from() : b.from(),
        a.to().isAfter(b.to()) ? a.to() : b.to());
  }

  private static List<DataQuality.RunLine> runs(Snapshot s, Interval iv) {
    List<DataQuality.RunLine> out = new ArrayList<>();
    for (Row r :
        s.read(RunLog.TABLE)
            // the steps' rows; a command's own rows (started, final, killed) are not steps
            .where(col("job").notEqual(RunLog.COMMAND))
            .where(
                col("interval_from")
                    .leq(Date.valueOf(iv.to()))
                    .and(col("interval_to").geq(Date.valueOf(iv.from()))))
            .groupBy("job")
            .agg(
                countDistinct(col("run_id")),
                countDistinct(when(col("status").equalTo("failed"), col("run_id"))),
                max(col("ended_at")))
            .orderBy("job")
            .collectAsList()) {
      out.add(
          new DataQuality.RunLine(
              r.getString(0), r.getLong(1), r.getLong(2), r.getTimestamp(3).toInstant()));
    }
    return out;
  }

  private static Instant lastKpi(Snapshot s) {
    Row r =
        s.read(RunLog.TABLE)
            .where(col("job").equalTo("kpi").and(col("status").equalTo("succeeded")))
            .agg(max(col("ended_at")))
            .head();
    return r.isNullAt(0) ? null : r.getTimestamp(0).toInstant();
  }
}
