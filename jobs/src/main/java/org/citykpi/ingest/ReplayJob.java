package org.citykpi.ingest;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.citykpi.contract.Validation;
import org.citykpi.ops.DqMetrics;
import org.citykpi.ops.Interval;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quarantine replay: re-validates the rows that ingest quarantined for a source over an interval
 * against today's contract (after a contract fix) and moves those that now pass into bronze.
 *
 * <p>It does not replay the text stored in {@code ops.quarantine}: that text has its personal
 * fields replaced by keyed hashes, and bronze must hold them as delivered. It re-reads the original
 * landing files the quarantined rows name ({@code source_file}, {@code line_no}) with the same
 * reader and validation as ingest, and keeps the records at those lines. A file that is gone from
 * the landing folder is named in a warning and its rows stay in quarantine.
 *
 * <p>A record moves when it now passes every rule and is still placed in the interval; it is
 * appended to {@code bronze.<source>} (unless a row of that file and line is already there: a
 * replay stopped between its two commits) and removed from {@code ops.quarantine} (the other rows
 * of the interval stay as they were, with their run id and reasons). So rows in = accepted +
 * quarantined still holds for the interval, and a second replay finds nothing to move and writes
 * nothing.
 */
public final class ReplayJob {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayJob.class);

  private ReplayJob() {}

  /**
   * What one replay did.
   *
   * @param considered quarantined rows of the interval (with {@code rule}, when given)
   * @param moved rows that now pass and left ops.quarantine for bronze
   * @param appended rows written to bronze (moved less rows of a stopped replay already there)
   * @param missingFiles landing files named by considered rows that are gone, with their row count
   * @param elsewhere rows that now pass but are placed outside the interval (they stay)
   */
  public record Result(
      long considered, long moved, long appended, Map<String, Long> missingFiles, long elsewhere) {
    public long stayed() {
      return considered - moved;
    }
  }

  /**
   * Replays the source's ingest quarantine over the run's interval; {@code rule} (nullable) limits
   * it to rows that failed that rule. Logs one {@code replay} entry in the run log and, when rows
   * moved, the source's ingest metrics for the interval.
   */
  public static Result run(RunContext ctx, String landing, SourceContract c, String rule) {
    var started = ctx.now();
    var conf = ctx.spark().sparkContext().hadoopConfiguration();
    Landing.check(conf, landing);
    Interval eff = ctx.interval().forGrain(c.grain());
    String where =
        "source = '" + c.source() + "' AND stage = 'ingest' AND " + eff.predicate("placed_on");
    Dataset<Row> quarantined = ctx.tables().read(ctx.spark(), Quarantine.TABLE).where(where);
    if (rule != null) {
      quarantined = quarantined.where(array_contains(col("rule_ids"), rule));
    }
    Dataset<Row> keys =
        quarantined
            .select(col("source_file").as(RawRecords.FILE), col("line_no").as(RawRecords.LINE))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> byFile = new TreeMap<>();
      for (Row r : keys.groupBy(RawRecords.FILE).count().collectAsList()) { // one row per file
        byFile.put(r.getString(0), r.getLong(1));
      }
      long considered = byFile.values().stream().mapToLong(Long::longValue).sum();
      String root = IngestJob.root(ctx, landing);
      List<String> files = new ArrayList<>();
      Map<String, Long> missing = new LinkedHashMap<>();
      for (Map.Entry<String, Long> f : byFile.entrySet()) {
        Path p = new Path(Landing.qualified(conf, landing), f.getKey());
        if (exists(p, conf)) {
          files.add(p.toString());
        } else {
          missing.put(f.getKey(), f.getValue());
          LOG.warn(
              "replay "
                  + c.source()
                  + ": landing file "
                  + f.getKey()
                  + " is gone; its "
                  + f.getValue()
                  + " quarantined rows stay in ops.quarantine");
        }
      }
      Result result =
          files.isEmpty()
              ? new Result(considered, 0, 0, missing, 0)
              : move(ctx, landing, root, files, c, eff, where, keys, considered, missing);
      ctx.log()
          .add(
              new RunLog.Entry(
                  "replay",
                  c.source(),
                  result.considered(),
                  result.moved(),
                  result.stayed(),
                  result.appended(),
                  "succeeded",
                  message(result, rule, eff),
                  started,
                  ctx.now(),
                  result.moved() == 0
                      ? Map.of()
                      : Map.of(
                          "bronze." + c.source(),
                          ctx.tables().version(ctx.spark(), "bronze." + c.source()),
                          Quarantine.TABLE,
                          ctx.tables().version(ctx.spark(), Quarantine.TABLE))));
      return result;
    } finally {
      keys.unpersist();
    }
  }

  private static Result move(
      RunContext ctx,
      String landing,
      String root,
      List<String> files,
      SourceContract c,
      Interval eff,
      String where,
      Dataset<Row> keys,
      long considered,
      Map<String, Long> missing) {
    Map<String, String> windowEnds = new HashMap<>();
    for (String f : files) {
      FileWindow w = FileWindow.of(f);
      if (w != null) {
        windowEnds.put(IngestJob.relative(root, new Path(f).toUri().getPath()), w.to().toString());
      }
    }
    // The same chain as IngestJob.run, over the whole files (a file's undated records are placed
    // by its other records), then only the quarantined lines.
    Dataset<Row> revalidated =
        IngestJob.placeUndated(
                IngestJob.withDelivery(
                    IngestJob.withinFileWindow(
                        Validation.withValidation(
                            IngestJob.read(ctx, landing, files, c), c, ctx.reference()),
                        windowEnds),
                    c,
                    IngestJob.delivery(ctx, root, files, c)))
            .join(keys, new String[] {RawRecords.FILE, RawRecords.LINE}, "left_semi")
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column passes = size(col(Validation.RULE_IDS)).equalTo(0);
      Dataset<Row> now = revalidated.filter(passes.and(IngestJob.placedIn(eff)));
      Row n =
          revalidated
              .selectExpr(
                  "count_if(size(_rule_ids) = 0 AND " + eff.predicate(Validation.PLACED_ON) + ")",
                  "count_if(size(_rule_ids) = 0 AND NOT ("
                      + eff.predicate(Validation.PLACED_ON)
                      + "))")
              .head();
      long moved = n.getLong(0);
      long elsewhere = n.getLong(1);
      if (moved == 0) {
        return new Result(considered, 0, 0, missing, elsewhere);
      }
      String bronzeTable = "bronze." + c.source();
      Dataset<Row> there =
          ctx.tables()
              .read(ctx.spark(), bronzeTable)
              .where(eff.predicate(c.partitionColumn()))
              .select(RawRecords.FILE, RawRecords.LINE);
      Dataset<Row> fresh =
          IngestJob.toBronze(
              now.join(there, new String[] {RawRecords.FILE, RawRecords.LINE}, "left_anti"),
              c,
              ctx);
      long bronzeVersion = ctx.tables().append(ctx.spark(), bronzeTable, fresh);
      long appended = ctx.tables().rowsWritten(ctx.spark(), bronzeTable, bronzeVersion);
      Dataset<Row> movedKeys = now.select(RawRecords.FILE, RawRecords.LINE);
      Dataset<Row> kept =
          ctx.tables()
              .read(ctx.spark(), Quarantine.TABLE)
              .where(where)
              .join(
                  movedKeys
                      .withColumnRenamed(RawRecords.FILE, "source_file")
                      .withColumnRenamed(RawRecords.LINE, "line_no"),
                  new String[] {"source_file", "line_no"},
                  "left_anti");
      ctx.tables().replace(ctx.spark(), Quarantine.TABLE, kept, where);
      measure(ctx, c, eff, where);
      return new Result(considered, moved, appended, missing, elsewhere);
    } finally {
      revalidated.unpersist();
    }
  }

  /**
   * The source's ingest metrics for the interval as they stand after the move: rows checked by day
   * from bronze and the ingest quarantine, rows failed by rule from the quarantine (what an ingest
   * under the fixed contract would have counted).
   */
  static void measure(RunContext ctx, SourceContract c, Interval eff, String where) {
    Map<LocalDate, Long> checked = new TreeMap<>();
    for (Row r :
        ctx.tables()
            .read(ctx.spark(), "bronze." + c.source())
            .where(eff.predicate(c.partitionColumn()))
            .groupBy(c.partitionColumn())
            .count()
            .collectAsList()) { // one row per day
      checked.merge(r.getDate(0).toLocalDate(), r.getLong(1), Long::sum);
    }
    DqMetrics rejected = new DqMetrics();
    rejected.measure(
        "ingest",
        c.source(),
        c.monthly(),
        eff,
        ctx.tables().read(ctx.spark(), Quarantine.TABLE).where(where),
        col("placed_on"),
        col("rule_ids"));
    Map<LocalDate, Map<String, Long>> failed = new TreeMap<>();
    for (DqMetrics.Measure m : rejected.measures()) {
      if (DqMetrics.ANY_RULE.equals(m.rule())) {
        checked.merge(m.placedOn(), m.checked(), Long::sum); // every quarantined row failed a rule
      }
      failed.computeIfAbsent(m.placedOn(), d -> new TreeMap<>()).put(m.rule(), m.failed());
    }
    ctx.dq().add("ingest", c.source(), c.monthly(), eff, checked, failed);
  }

  static String message(Result r, String rule, Interval eff) {
    List<String> parts = new ArrayList<>();
    parts.add(
        r.moved()
            + " of "
            + r.considered()
            + " quarantined rows of "
            + eff
            + (rule == null ? "" : " failing " + rule)
            + " now pass and moved to bronze");
    if (r.moved() != r.appended()) {
      parts.add((r.moved() - r.appended()) + " were in bronze already (a stopped replay)");
    }
    if (!r.missingFiles().isEmpty()) {
      parts.add(
          r.missingFiles().values().stream().mapToLong(Long::longValue).sum()
              + " rows stay: landing file(s) gone "
              + r.missingFiles().keySet());
    }
    if (r.elsewhere() > 0) {
      parts.add(
          r.elsewhere()
              + " rows now pass but belong to days outside the interval; they stay (re-run"
              + " `run` over the interval and their days to take them in)");
    }
    return String.join("; ", parts);
  }

  private static boolean exists(Path p, org.apache.hadoop.conf.Configuration conf) {
    try {
      FileSystem fs = p.getFileSystem(conf);
      return fs.exists(p);
    } catch (IOException e) {
      throw new CityKpiException("--landing: cannot open " + p + ": " + e.getMessage(), e);
    }
  }
}
