package org.citykpi.ingest;

import static org.apache.spark.sql.functions.array_append;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.nio.file.FileSystems;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.citykpi.contract.Validation;
import org.citykpi.ops.DqMetrics;
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
  /** Bronze metadata: the date in the file's name (the default delivery order). */
  public static final String FILE_DATE = "_file_date";

  /** Bronze metadata: the file's modification time (when the delivery order declares it). */
  public static final String MODIFIED = "_file_modified";

  /** Bronze metadata: the file's declared vintage (when the contract declares vintages). */
  public static final String VINTAGE = "_vintage";

  private IngestJob() {}

  /**
   * Ingests one source; returns false (and touches nothing) when the landing has no folder for it.
   *
   * @param p the keyed hash for the personal fields of quarantined raw text; may be null only for a
   *     contract without personal columns
   * @param q the stage's quarantine batch: takes the rejected rows and the run-log entry, written
   *     and logged in one commit once every source of the stage has ended
   */
  public static boolean run(
      RunContext ctx, String landing, SourceContract c, Pseudonymizer p, Quarantine.Batch q) {
    requireKey(c, p);
    return run(ctx, landing, plan(ctx, landing, c), p, q);
  }

  /** Fails when a contract with personal columns comes without the key to hash them. */
  public static void requireKey(SourceContract c, Pseudonymizer p) {
    if (p == null && !c.piiColumns().isEmpty()) {
      throw new CityKpiException(
          "ingest "
              + c.source()
              + ": its contract marks personal columns "
              + c.piiColumns()
              + "; a pseudonymisation key is needed to keep them out of ops.quarantine");
    }
  }

  /**
   * What ingest reads of a source over the run's interval: every data file of its landing folder
   * (listed once, with sizes and modification times) and those that may hold the interval's events.
   */
  public record Plan(
      SourceContract contract, Interval eff, int allFiles, List<Landing.Listed> files) {
    /** Bytes of the files the interval reads. */
    public long bytes() {
      return files.stream().mapToLong(Landing.Listed::size).sum();
    }
  }

  /**
   * The plans of each day (each month, for a monthly source) of a plan that spans several: the
   * files each would read. A day's rows come only from the files that may hold it ({@link
   * FileWindow}), so what a backfill read for one day is what a run of that day alone reads.
   */
  public static List<Plan> units(Plan plan) {
    List<Plan> out = new ArrayList<>();
    boolean monthly = "month".equals(plan.contract().grain());
    java.time.LocalDate d = plan.eff().from();
    while (!d.isAfter(plan.eff().to())) {
      Interval u = monthly ? new Interval(d, d).months() : new Interval(d, d);
      if (!u.equals(plan.eff())) {
        out.add(
            new Plan(
                plan.contract(),
                u,
                plan.allFiles(),
                plan.files().stream().filter(f -> FileWindow.read(f.path(), u)).toList()));
      }
      d = u.to().plusDays(1);
    }
    return out;
  }

  /** Lists the source's landing folder; null when it has none (or no data file in it). */
  public static Plan plan(RunContext ctx, String landing, SourceContract c) {
    List<Landing.Listed> all =
        Landing.listed(ctx.spark().sparkContext().hadoopConfiguration(), landing, c);
    if (all.isEmpty()) {
      return null;
    }
    Interval eff = ctx.interval().forGrain(c.grain());
    return new Plan(
        c, eff, all.size(), all.stream().filter(f -> FileWindow.read(f.path(), eff)).toList());
  }

  /** The landing files of a plan as the fingerprint sees them: named below the landing folder. */
  public static List<org.citykpi.ops.SourceFiles.Fact> facts(
      RunContext ctx, String landing, Plan plan) {
    String root = root(ctx, landing);
    return plan.files().stream()
        .map(
            f ->
                new org.citykpi.ops.SourceFiles.Fact(
                    relative(root, new Path(f.path()).toUri().getPath()), f.size(), f.modified()))
        .toList();
  }

  /** Ingests one planned source (see {@link #plan}); false when the plan is null. */
  public static boolean run(
      RunContext ctx, String landing, Plan plan, Pseudonymizer p, Quarantine.Batch q) {
    if (plan == null) {
      return false;
    }
    SourceContract c = plan.contract();
    var started = ctx.now();
    requireKey(c, p);
    Interval eff = plan.eff();
    List<String> files = plan.files().stream().map(Landing.Listed::path).toList();
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
                  "no file of " + plan.allFiles() + " may hold events of " + eff,
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
    // the persisted frame itself is kept to release it: placeUndated may return a derived frame,
    // and unpersisting that would leave this one cached for the rest of the session
    Dataset<Row> persisted =
        forLaterSteps(
                withDelivery(
                    withinFileWindow(
                        Validation.withValidation(raw, c, ctx.reference()), windowEnds),
                    c,
                    delivery(ctx, root, files, c)),
                c)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // one pass counts every record, so the common case (all placed) needs no pass to find
      // unplaced ones; a file with some (rare) is placed and its interval counted again
      List<Group> groups = groups(persisted, c);
      Dataset<Row> checked;
      if (groups.stream().anyMatch(g -> g.day() == null)) {
        checked = placeUndated(persisted).filter(placedIn(eff));
        groups = groups(checked, c);
      } else {
        checked = persisted.filter(placedIn(eff));
        groups = groups.stream().filter(g -> eff.contains(g.day())).toList();
      }
      Counts n = Counts.of(groups, nullableRuleIds(c));
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
                  quarantineText(c, p).as("raw_text"),
                  col(Validation.RULE_IDS).as("rule_ids"),
                  array_join(col(Validation.REASONS), "; ").as("reasons"));
      ctx.dq().measure("ingest", c.source(), c.monthly(), eff, n.byDayAndRules());
      // materialised now: the persisted records are released when this step ends, the stage's
      // quarantine commit comes after every step of the stage
      q.add(
          c.source(),
          eff,
          n.rejected == 0 ? null : rejected.localCheckpoint(),
          new RunLog.Entry(
              "ingest",
              c.source(),
              n.accepted + n.rejected,
              n.accepted,
              n.rejected,
              n.accepted,
              "succeeded",
              files.size() + " files" + n.nulledNote(),
              started,
              ctx.now(),
              Map.of("bronze." + c.source(), bronzeVersion),
              n.nulled));
      return true;
    } finally {
      persisted.unpersist();
    }
  }

  /**
   * The validated records as the steps after validation read them, before they are persisted: the
   * raw text only for rejected records (the quarantine's), the split fields only where the
   * quarantine's text hashes personal fields in them ({@link #quarantineText}), neither the
   * encoding nor the parse error (already a rule and a reason). For an accepted record the raw text
   * and fields duplicate its typed values, and the columnar cache copied and compressed both for
   * every record (decision 0015).
   */
  static Dataset<Row> forLaterSteps(Dataset<Row> validated, SourceContract c) {
    Column rejected = size(col(Validation.RULE_IDS)).gt(0);
    Dataset<Row> out =
        validated
            .withColumn(RawRecords.RAW, when(rejected, col(RawRecords.RAW)))
            .drop(RawRecords.ENCODING, RawRecords.PARSE_ERROR, RawRecords.PARSE_RULE);
    return c.piiColumns().isEmpty()
        ? out.drop(RawRecords.FIELDS)
        : out.withColumn(RawRecords.FIELDS, when(rejected, col(RawRecords.FIELDS)));
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
    Column late = date.gt(windowEnd(windowEnds));
    Column outside = fileDate.isNotNull().and(date.isNotNull()).and(early.or(late));
    Column reason =
        format_string(
            "event date %s is outside the window of file dated %s (up to "
                + FileWindow.LATE_DAYS
                + " days late)",
            // as yyyy-MM-dd: format_string shows a date as its epoch-day number
            date.cast("string"),
            fileDate.cast("string"));
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

  /**
   * The last day of each record's file window. When every dated file is named for one day (a daily
   * feed: its window ends on its own date) that is the record's file date, a column it already has;
   * otherwise the end is looked up by file name in a literal map, which Spark searches key by key
   * for every row: half the files' names on average, 90 of a 180-day backfill's 181 (decision
   * 0015). A file without a date is in neither (its records are never outside a window).
   */
  static Column windowEnd(Map<String, String> windowEnds) {
    boolean daily =
        windowEnds.entrySet().stream()
            .allMatch(e -> e.getValue().equals(String.valueOf(RawRecords.fileDate(e.getKey()))));
    return daily
        ? col(RawRecords.FILE_DATE)
        : to_date(element_at(Validation.mapLiteral(windowEnds), col(RawRecords.FILE)));
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

  /** Spark's setting: above this many paths a read lists them with a Spark job, not the driver. */
  static final String LISTING_THRESHOLD = "spark.sql.sources.parallelPartitionDiscovery.threshold";

  /** Decodes and splits every file on the executors, one file per task. */
  static Dataset<Row> read(RunContext ctx, String landing, List<String> files, SourceContract c) {
    RecordFormat format = RecordFormats.of(c);
    String root = root(ctx, landing);
    String scheme =
        Landing.qualified(ctx.spark().sparkContext().hadoopConfiguration(), landing)
            .toUri()
            .getScheme();
    if ("file".equals(scheme)) {
      // The files are already listed (plan). Given more than 32 paths, Spark looks them up again
      // with a job of one task per path, where the driver stats local files in milliseconds. The
      // benchmark's 180-day backfill ran 724 tasks instead of 1,448 without it, and its road
      // speeds and air 1-3 s faster (decision 0013). On a remote file system the job, which runs
      // the lookups side by side, is kept.
      ctx.spark().conf().set(LISTING_THRESHOLD, Integer.MAX_VALUE);
    }
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

  /** Records of one day (null: not placed yet) with one set of failed and of nulled rules. */
  private record Group(LocalDate day, List<String> rules, List<String> nulled, long rows) {}

  /**
   * One aggregation for every count, so the persisted records are scanned once: records by day, set
   * of failed rules and (accepted ones) set of nulled rules. Days x rule sets: small.
   */
  private static List<Group> groups(Dataset<Row> records, SourceContract c) {
    Column nulled =
        c.nullsInvalidValues()
            ? when(size(col(Validation.RULE_IDS)).equalTo(0), col(Validation.NULLED))
            : lit(null).cast("array<string>");
    List<Group> out = new ArrayList<>();
    for (Row r :
        records
            .groupBy(col(Validation.PLACED_ON), col(Validation.RULE_IDS), nulled)
            .count()
            .collectAsList()) {
      out.add(
          new Group(
              r.isNullAt(0) ? null : r.getDate(0).toLocalDate(),
              r.getList(1),
              r.isNullAt(2) ? List.of() : r.getList(2),
              r.getLong(3)));
    }
    return out;
  }

  /**
   * Accepted and rejected records, the optional values nulled in accepted ones (by rule), and the
   * records by day and set of failed rules for the data-quality figures.
   */
  private record Counts(
      long accepted,
      long rejected,
      long nulled,
      Map<String, Long> byRule,
      List<DqMetrics.Count> byDayAndRules) {

    /** The counts of the records of {@code groups}; {@code ids} the rules that may null a value. */
    static Counts of(List<Group> groups, List<String> ids) {
      long accepted = 0;
      long rejected = 0;
      long nulled = 0;
      Map<String, Long> nulledRows = new HashMap<>();
      List<DqMetrics.Count> dq = new ArrayList<>();
      for (Group g : groups) {
        dq.add(new DqMetrics.Count(g.day(), g.rules(), g.rows()));
        if (!g.rules().isEmpty()) {
          rejected += g.rows();
          continue;
        }
        accepted += g.rows();
        nulled += g.rows() * g.nulled().size();
        new LinkedHashSet<>(g.nulled()).forEach(id -> nulledRows.merge(id, g.rows(), Long::sum));
      }
      Map<String, Long> byRule = new LinkedHashMap<>();
      for (String id : ids) {
        if (nulledRows.getOrDefault(id, 0L) > 0) {
          byRule.put(id, nulledRows.get(id));
        }
      }
      return new Counts(accepted, rejected, nulled, byRule, dq);
    }

    String nulledNote() {
      if (nulled == 0) {
        return "";
      }
      List<String> parts = new ArrayList<>();
      byRule.forEach((id, k) -> parts.add(id + " " + k));
      return "; " + nulled + " values nulled (" + String.join(", ", parts) + ")";
    }
  }

  /** Rule ids that may null a value (columns with on_invalid: nullify). */
  static List<String> nullableRuleIds(SourceContract c) {
    List<String> out = new ArrayList<>();
    for (ColumnSpec s : c.columns()) {
      if (s.nullsInvalid()) {
        for (String r :
            List.of(
                "type",
                "range",
                "allowed",
                "pattern",
                "reference",
                "lookup",
                "not_a_division",
                "province",
                "unit")) {
          out.add(s.name() + "." + r);
        }
      }
    }
    return out;
  }

  /**
   * The raw text of a quarantined record with each personal field replaced by its keyed hash (the
   * same hash silver holds), so ops.quarantine holds no personal id in clear; the exact bytes stay
   * in the file, at the recorded line. A record whose fields could not be split, or a personal
   * column made of several fields, keeps no raw text at all.
   */
  static Column quarantineText(SourceContract c, Pseudonymizer p) {
    List<String> personal = c.piiColumns();
    if (personal.isEmpty()) {
      return col(RawRecords.RAW);
    }
    boolean joined =
        personal.stream().anyMatch(n -> c.column(n).orElseThrow().sourceNames().size() > 1);
    Column withheld =
        lit("(withheld: the record may hold personal fields " + personal + "; see the file line)");
    if (joined) {
      return withheld;
    }
    Column t = col(RawRecords.RAW);
    for (String n : personal) {
      ColumnSpec spec = c.column(n).orElseThrow();
      List<String> markers = spec.nullMarkers() != null ? spec.nullMarkers() : c.nullMarkerList();
      Column field = col(RawRecords.FIELDS).getItem(c.columns().indexOf(spec));
      Column clear = trim(field);
      // a null marker (NA) is no identifier: leave it, and the rest of the line, as delivered
      Column id =
          clear
              .isNotNull()
              .and(length(clear).gt(0))
              .and(clear.isin(markers.toArray()).unary_$bang());
      t = when(id, functions.replace(t, field, p.hash(clear))).otherwise(t);
    }
    return when(col(RawRecords.FIELDS).isNull(), withheld).otherwise(t);
  }

  /** What the declared delivery order and vintages need of each file, by its relative name. */
  record Delivery(Map<String, String> vintages, Map<String, String> modified) {}

  /**
   * The vintage of each file (first matching {@code vintages} glob; a file that matches none fails
   * naming it) and, when the delivery order uses it, its modification time.
   */
  static Delivery delivery(RunContext ctx, String root, List<String> files, SourceContract c) {
    Map<String, String> vintages = new HashMap<>();
    Map<String, String> modified = new HashMap<>();
    var conf = ctx.spark().sparkContext().hadoopConfiguration();
    for (String f : files) {
      String rel = relative(root, new Path(f).toUri().getPath());
      if (c.hasVintages()) {
        String below =
            rel.startsWith(c.domain() + "/") ? rel.substring(c.domain().length() + 1) : rel;
        String v = vintageOf(c, below);
        if (v == null) {
          throw new CityKpiException(
              "File "
                  + rel
                  + " matches none of the vintages of contract "
                  + c.source()
                  + " (globs "
                  + c.vintageList().stream().map(SourceContract.Vintage::files).toList()
                  + " on <folder>/<file>); declare its vintage");
        }
        vintages.put(rel, v);
      }
      if (c.ordersByModified()) {
        modified.put(rel, Landing.modified(conf, f).toString());
      }
    }
    return new Delivery(vintages, modified);
  }

  /** The vintage of the first {@code vintages} entry whose glob matches, else null. */
  static String vintageOf(SourceContract c, String pathBelowDomain) {
    for (SourceContract.Vintage v : c.vintageList()) {
      if (FileSystems.getDefault()
          .getPathMatcher("glob:" + v.files())
          .matches(java.nio.file.Path.of(pathBelowDomain))) {
        return v.vintage();
      }
    }
    return null;
  }

  /** Adds {@code _vintage} and {@code _file_modified} when the contract uses them. */
  static Dataset<Row> withDelivery(Dataset<Row> validated, SourceContract c, Delivery d) {
    Dataset<Row> out = validated;
    if (c.hasVintages()) {
      out =
          out.withColumn(
              VINTAGE, element_at(Validation.mapLiteral(d.vintages()), col(RawRecords.FILE)));
    }
    if (c.ordersByModified()) {
      out =
          out.withColumn(
              MODIFIED,
              to_timestamp(element_at(Validation.mapLiteral(d.modified()), col(RawRecords.FILE))));
    }
    return out;
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
    cols.add(col(RawRecords.FILE_DATE).as(FILE_DATE));
    if (c.ordersByModified()) {
      cols.add(col(MODIFIED));
    }
    if (c.hasVintages()) {
      cols.add(col(VINTAGE));
    }
    if (c.eventTimeHasOffset()) {
      cols.add(col(Validation.EVENT_UTC));
    }
    if (c.nullsInvalidValues()) {
      cols.add(col(Validation.NULLED));
    }
    return accepted.select(cols.toArray(Column[]::new));
  }
}
