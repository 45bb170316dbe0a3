package org.citykpi.ingest;

import static org.apache.spark.sql.functions.array_append;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.SourceContract;
import org.citykpi.contract.Validation;
import org.citykpi.ops.Interval;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;

/**
 * landing → bronze: reads a source's files with its format reader, validates every record against
 * the contract, writes accepted rows to {@code bronze.<source>} and rejected ones to {@code
 * ops.quarantine}, replacing only the run's interval in both.
 */
public final class IngestJob {
  private IngestJob() {}

  /**
   * Ingests one source; returns false (and touches nothing) when the landing has no folder for it.
   */
  public static boolean run(RunContext ctx, String landing, SourceContract c) {
    var started = ctx.now();
    List<String> all = Landing.files(ctx.spark().sparkContext().hadoopConfiguration(), landing, c);
    if (all.isEmpty()) {
      return false;
    }
    Interval eff = ctx.interval().forGrain(c.grain());
    List<String> files = all.stream().filter(f -> FileWindow.read(f, eff)).toList();
    if (files.isEmpty()) {
      ctx.log()
          .add(
              new RunLog.Entry(
                  "ingest",
                  c.source(),
                  0,
                  0,
                  0,
                  0,
                  "succeeded",
                  "no file of " + all.size() + " may hold events of " + eff,
                  started,
                  ctx.now(),
                  Map.of()));
      return true;
    }
    Dataset<Row> raw = read(ctx, landing, files, c);
    String root = root(ctx, landing);
    Map<String, String> windowEnds = new HashMap<>();
    for (String f : files) {
      FileWindow w = FileWindow.of(f);
      if (w != null) {
        windowEnds.put(relative(root, new Path(f).toUri().getPath()), w.to().toString());
      }
    }
    Dataset<Row> validated =
        placeUndated(
            withinFileWindow(Validation.withValidation(raw, c, ctx.reference()), windowEnds)
                .persist(StorageLevel.MEMORY_AND_DISK()));
    Dataset<Row> checked = validated.filter(placedIn(eff));
    try {
      Counts n = count(checked);
      Dataset<Row> accepted = checked.filter(size(col(Validation.RULE_IDS)).equalTo(0));
      long bronzeVersion =
          ctx.tables()
              .replace(
                  ctx.spark(),
                  "bronze." + c.source(),
                  toBronze(accepted, c, ctx),
                  eff.predicate(c.partitionColumn()));
      Dataset<Row> rejected =
          checked
              .filter(size(col(Validation.RULE_IDS)).gt(0))
              .select(
                  lit(c.source()).as("source"),
                  lit("ingest").as("stage"),
                  col(Validation.PLACED_ON).as("placed_on"),
                  col(RawRecords.FILE).as("source_file"),
                  col(RawRecords.LINE).as("line_no"),
                  col(RawRecords.RAW).as("raw_text"),
                  col(Validation.RULE_IDS).as("rule_ids"),
                  array_join(col(Validation.REASONS), "; ").as("reasons"));
      long qVersion = Quarantine.replace(ctx, c.source(), "ingest", eff, rejected);
      ctx.log()
          .add(
              new RunLog.Entry(
                  "ingest",
                  c.source(),
                  n.accepted + n.rejected,
                  n.accepted,
                  n.rejected,
                  n.accepted,
                  "succeeded",
                  files.size() + " files",
                  started,
                  ctx.now(),
                  Map.of("bronze." + c.source(), bronzeVersion, Quarantine.TABLE, qVersion)));
      return true;
    } finally {
      validated.unpersist();
    }
  }

  /**
   * Places records that have neither a usable event time nor a date in their file name on their
   * file's earliest valid event date. Such records are rare (a malformed line in an undated file),
   * so the per-file minimum is computed, and collected (one row per file), only when one exists.
   */
  static Dataset<Row> placeUndated(Dataset<Row> validated) {
    List<Row> undated =
        validated
            .filter(col(Validation.PLACED_ON).isNull())
            .select(RawRecords.FILE)
            .distinct()
            .collectAsList();
    if (undated.isEmpty()) {
      return validated;
    }
    List<String> names = undated.stream().map(r -> r.getString(0)).toList();
    Map<String, String> earliest = new HashMap<>();
    validated
        .filter(
            col(RawRecords.FILE)
                .isin(names.toArray())
                .and(size(col(Validation.RULE_IDS)).equalTo(0)))
        .groupBy(RawRecords.FILE)
        .agg(min(Validation.EVENT_DATE))
        .collectAsList()
        .forEach(r -> earliest.put(r.getString(0), String.valueOf(r.getDate(1))));
    for (String f : names) {
      if (!earliest.containsKey(f)) {
        throw new CityKpiException(
            "File "
                + f
                + " has no usable date: no valid event time in any "
                + "record and no date in its name");
      }
    }
    return validated.withColumn(
        Validation.PLACED_ON,
        coalesce(
            col(Validation.PLACED_ON),
            to_date(element_at(Validation.mapLiteral(earliest), col(RawRecords.FILE)))));
  }

  /**
   * Quarantines events outside their file's window ({@link FileWindow}) and places them on the
   * file's date, so that which files a run reads never changes which rows it accepts.
   */
  static Dataset<Row> withinFileWindow(Dataset<Row> validated, Map<String, String> windowEnds) {
    Column date = col(Validation.EVENT_DATE);
    Column fileDate = col(RawRecords.FILE_DATE);
    Column early = date.lt(date_sub(fileDate, FileWindow.LATE_DAYS));
    Column late =
        date.gt(to_date(element_at(Validation.mapLiteral(windowEnds), col(RawRecords.FILE))));
    Column outside = fileDate.isNotNull().and(date.isNotNull()).and(early.or(late));
    Column reason =
        format_string(
            "event date %s is outside the window of file dated %s (up to "
                + FileWindow.LATE_DAYS
                + " days late)",
            date,
            fileDate);
    return validated
        .withColumn(
            Validation.RULE_IDS,
            when(
                    outside,
                    array_append(col(Validation.RULE_IDS), lit("event_time.outside_file_window")))
                .otherwise(col(Validation.RULE_IDS)))
        .withColumn(
            Validation.REASONS,
            when(outside, array_append(col(Validation.REASONS), reason))
                .otherwise(col(Validation.REASONS)))
        .withColumn(
            Validation.PLACED_ON, when(outside, fileDate).otherwise(col(Validation.PLACED_ON)));
  }

  static Column placedIn(Interval eff) {
    return col(Validation.PLACED_ON).between(lit(eff.from()), lit(eff.to()));
  }

  /**
   * Files are named relative to the landing folder, so tables do not depend on where it is mounted.
   */
  static String root(RunContext ctx, String landing) {
    return Landing.qualified(ctx.spark().sparkContext().hadoopConfiguration(), landing)
        .toUri()
        .getPath();
  }

  static String relative(String root, String path) {
    return path.startsWith(root) ? path.substring(root.length()).replaceFirst("^/", "") : path;
  }

  /** Decodes and splits every file on the executors, one file per task. */
  static Dataset<Row> read(RunContext ctx, String landing, List<String> files, SourceContract c) {
    RecordFormat format = RecordFormats.of(c);
    String root = root(ctx, landing);
    Dataset<Row> bin =
        ctx.spark()
            .read()
            .format("binaryFile")
            .load(files.toArray(String[]::new))
            .select("path", "content");
    FlatMapFunction<Row, Row> split =
        row -> {
          // binaryFile gives the path unescaped (a name may hold spaces: "分省年度数据 (1).csv").
          String rel = relative(root, new Path(row.getString(0)).toUri().getPath());
          return format.records(rel, (byte[]) row.get(1)).iterator();
        };
    return bin.flatMap(split, Encoders.row(RawRecords.SCHEMA));
  }

  private record Counts(long accepted, long rejected) {}

  /** One aggregation for both counts, so the persisted records are scanned once. */
  private static Counts count(Dataset<Row> checked) {
    Row r =
        checked.selectExpr("count_if(size(_rule_ids) = 0)", "count_if(size(_rule_ids) > 0)").head();
    return new Counts(r.getLong(0), r.getLong(1));
  }

  static Dataset<Row> toBronze(Dataset<Row> accepted, SourceContract c, RunContext ctx) {
    List<Column> cols = new ArrayList<>();
    for (ColumnSpec s : c.columns()) {
      cols.add(col(s.name()));
    }
    if (c.column(c.partitionColumn()).isEmpty()) {
      cols.add(col(Validation.PLACED_ON).as(c.partitionColumn()));
    }
    cols.add(col(RawRecords.FILE));
    cols.add(col(RawRecords.LINE));
    cols.add(lit(Timestamp.from(ctx.startedAt())).as("_ingested_at"));
    cols.add(lit(ctx.runId()).as("_run_id"));
    return accepted.select(cols.toArray(Column[]::new));
  }
}
