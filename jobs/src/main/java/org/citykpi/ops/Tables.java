package org.citykpi.ops;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.stats.DeltaScan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.SourceContract;
import org.citykpi.geo.Reference;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The warehouse: where each table lives, what schema it must have, and the one way jobs write to it
 * (replace the rows of an interval atomically, so that a re-run leaves the table as one run would).
 */
public final class Tables {
  private final String warehouse;
  private final Map<String, TableSpec> specs;

  public Tables(String warehouse, Map<String, TableSpec> specs) {
    this.warehouse =
        warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
    this.specs = specs;
  }

  /**
   * Declared tables: bronze ones derived from the source contracts, the rest from schemas/tables/.
   */
  public static Tables load(String warehouse, Path schemas, Map<String, SourceContract> contracts) {
    Map<String, TableSpec> specs = new LinkedHashMap<>();
    for (SourceContract c : contracts.values()) {
      TableSpec b = bronzeSpec(c);
      specs.put(b.table(), b);
    }
    Path dir = schemas.resolve("tables");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        TableSpec t = withIndicatorColumns(Yaml.read(f, TableSpec.class), schemas);
        String expected =
            f.getParent().getFileName() + "." + f.getFileName().toString().replace(".yaml", "");
        if (!expected.equals(t.table())) {
          throw new CityKpiException(
              f + ": declares table " + t.table() + ", expected " + expected);
        }
        specs.put(t.table(), t);
      }
    } catch (IOException e) {
      throw new CityKpiException(
          "Cannot read table declarations in " + dir + ": " + e.getMessage(), e);
    }
    return new Tables(warehouse, specs);
  }

  /**
   * A declaration with {@code indicator_columns: <type>} gains one column per indicator of {@code
   * schemas/reference/indicators.yaml}, in that file's order, with its unit and names, so the gold
   * table and the reference list cannot drift apart.
   */
  static TableSpec withIndicatorColumns(TableSpec t, Path schemas) {
    if (t.indicatorColumns() == null) {
      return t;
    }
    List<TableSpec.Col> cols = new ArrayList<>(t.columns());
    for (Reference.Indicator i : Reference.load(schemas).indicatorList()) {
      cols.add(
          new TableSpec.Col(
              i.code(),
              t.indicatorColumns(),
              true,
              i.unit(),
              i.nameEn() + " (" + i.nameZh() + ")"));
    }
    return new TableSpec(
        t.table(),
        t.description(),
        t.grain(),
        t.partitionBy(),
        t.intervalColumn(),
        t.key(),
        cols,
        t.quality(),
        t.lookbackDays(),
        t.indicatorColumns());
  }

  /** Bronze keeps the contract's typed columns as received, placed by date, plus run metadata. */
  public static TableSpec bronzeSpec(SourceContract c) {
    List<TableSpec.Col> cols = new ArrayList<>();
    for (ColumnSpec s : c.columns()) {
      cols.add(
          new TableSpec.Col(
              s.name(), bronzeType(s.type()), s.isNullable(), s.unit(), s.description()));
    }
    if (c.column(c.partitionColumn()).isEmpty()) {
      cols.add(
          new TableSpec.Col(
              c.partitionColumn(),
              "date",
              false,
              null,
              c.monthly()
                  ? "month of the event (first day)"
                  : "local date of the event (Asia/Shanghai)"));
    }
    cols.add(new TableSpec.Col("_source_file", "string", false, null, "file the row came from"));
    cols.add(new TableSpec.Col("_line_no", "bigint", false, null, "record number in that file"));
    cols.add(
        new TableSpec.Col(
            "_ingested_at", "timestamp", false, null, "start of the ingest run (UTC)"));
    cols.add(new TableSpec.Col("_run_id", "string", false, null, "ingest run id"));
    cols.add(
        new TableSpec.Col(
            "_file_date", "date", true, null, "date in the file's name (delivery order)"));
    if (c.ordersByModified()) {
      cols.add(
          new TableSpec.Col(
              "_file_modified", "timestamp", true, null, "the file's modification time"));
    }
    if (c.hasVintages()) {
      cols.add(new TableSpec.Col("_vintage", "string", false, null, "the file's declared vintage"));
    }
    if (c.eventTimeHasOffset()) {
      cols.add(
          new TableSpec.Col(
              "_event_ts_utc",
              "timestamp",
              false,
              null,
              "the event's instant, from its time written with a UTC offset"));
    }
    if (c.nullsInvalidValues()) {
      cols.add(
          new TableSpec.Col(
              "_nulled",
              "array<string>",
              false,
              null,
              "rule ids of optional values set to null (on_invalid: nullify)"));
    }
    return new TableSpec(
        "bronze." + c.source(),
        c.description(),
        c.grain(),
        List.of(c.partitionColumn()),
        c.partitionColumn(),
        // no key: bronze keeps every accepted record, duplicates too; clean makes the natural key
        // unique in silver
        null,
        cols,
        null);
  }

  private static String bronzeType(String contractType) {
    return switch (contractType) {
      case "long" -> "bigint";
      case "timestamp" -> "timestamp_ntz";
      case "month" -> "date";
      default -> contractType;
    };
  }

  public TableSpec spec(String table) {
    TableSpec s = specs.get(table);
    if (s == null) {
      throw new CityKpiException("Unknown table " + table + "; declared tables: " + specs.keySet());
    }
    return s;
  }

  public Map<String, TableSpec> specs() {
    return specs;
  }

  public String path(String table) {
    TableSpec s = spec(table);
    return warehouse + "/" + s.layer() + "/" + s.name();
  }

  /** {@link #path} made absolute, with its scheme ({@code file:/…} for a local folder). */
  public String qualifiedPath(SparkSession spark, String table) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path(table));
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(p)
          .toString();
    } catch (IOException e) {
      throw new CityKpiException("Cannot open " + p + ": " + e.getMessage(), e);
    }
  }

  public String warehouse() {
    return warehouse;
  }

  /**
   * The table's latest Delta snapshot (version -1: never written), from Delta's log cache brought
   * up to date: one snapshot where {@code forPath}, {@code detail()} and {@code toDF()} computed
   * one each. Its partition columns, schema, properties and (from the checksum Delta writes with
   * each commit) file count need no Spark job.
   */
  public Snapshot snapshot(SparkSession spark, String table) {
    return DeltaLog.forTable(spark, path(table))
        .update(false, scala.Option.empty(), scala.Option.empty());
  }

  /**
   * The rows of {@code table} matching {@code where}, summed from the per-file row counts of its
   * Delta log instead of a query: exact when {@code where} reads partition columns only (a file
   * then matches whole or not at all) and every matching file has statistics. Null when either does
   * not hold, or the table does not exist: count with a query then.
   */
  public Long countFromLog(SparkSession spark, String table, String where) {
    Snapshot snapshot = snapshot(spark, table);
    if (snapshot.version() < 0) {
      return null;
    }
    List<String> partitions = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    // resolved against the table's columns, as Delta resolves a query's filter
    LogicalPlan plan =
        spark.read().format("delta").load(path(table)).where(where).queryExecution().analyzed();
    if (!(plan instanceof Filter filter)) {
      return null;
    }
    Expression condition = filter.condition();
    for (Attribute a : CollectionConverters.asJava(condition.references().toSeq())) {
      if (!partitions.contains(a.name())) {
        return null;
      }
    }
    DeltaScan scan =
        snapshot.filesForScan(CollectionConverters.asScala(List.of(condition)).toSeq(), true);
    long rows = 0;
    for (AddFile f : CollectionConverters.asJava(scan.files())) {
      scala.Option<Object> n = f.numLogicalRecords();
      if (n.isEmpty()) {
        return null;
      }
      rows += (Long) n.get();
    }
    return rows;
  }

  public boolean exists(SparkSession spark, String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The table's current rows; an empty frame of the declared schema if it was never written. */
  public Dataset<Row> read(SparkSession spark, String table) {
    if (!exists(spark, table)) {
      return spark.createDataFrame(List.of(), spec(table).schema());
    }
    return spark.read().format("delta").load(path(table));
  }

  /** Projects a frame onto the declared columns, in declared order, failing on a missing one. */
  public Dataset<Row> conform(String table, Dataset<Row> df) {
    TableSpec s = spec(table);
    List<Column> cols = new ArrayList<>();
    for (TableSpec.Col c : s.columns()) {
      if (!List.of(df.columns()).contains(c.name())) {
        throw new CityKpiException(
            "Job output for " + table + " lacks declared column " + c.name());
      }
      cols.add(df.col(c.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  /** Fails when the frame's columns or types differ from the declaration. */
  public void check(String table, Dataset<Row> df) {
    TableSpec s = spec(table);
    StructField[] actual = df.schema().fields();
    List<String> problems = new ArrayList<>();
    if (actual.length != s.columns().size()) {
      problems.add("has " + actual.length + " columns, declared " + s.columns().size());
    }
    for (int i = 0; i < Math.min(actual.length, s.columns().size()); i++) {
      TableSpec.Col d = s.columns().get(i);
      StructField a = actual[i];
      String declaredType = DataType.fromDDL(d.type()).sql();
      if (!a.name().equals(d.name()) || !a.dataType().sql().equals(declaredType)) {
        problems.add(
            "column "
                + (i + 1)
                + " is "
                + a.name()
                + " "
                + a.dataType().sql()
                + ", declared "
                + d.name()
                + " "
                + declaredType);
      }
    }
    if (!problems.isEmpty()) {
      throw new CityKpiException(
          "Output for " + table + " does not match schemas/tables: " + String.join("; ", problems));
    }
  }

  /**
   * Replaces the rows matching {@code where} (an SQL predicate on the interval, and on the source
   * for shared tables) with {@code df}, atomically, and returns the table version written. A table
   * written before a column was added to its declaration gains that column, null in the rows not
   * replaced.
   */
  public long replace(SparkSession spark, String table, Dataset<Row> df, String where) {
    return replace(spark, table, df, where, null);
  }

  /**
   * {@link #replace(SparkSession, String, Dataset, String)}; in a table not partitioned by date,
   * the rows matching {@code open} (an SQL predicate, or null) go to files of their own: the rows
   * the next run will replace again (the periods still open at the end of the interval). Delta
   * replaces by rewriting every file that holds a row to replace, copying the others in it; kept
   * apart, the next run's replace rewrites the few open files instead of copying the closed periods
   * a backfill (or a compaction) wrote beside them.
   */
  public long replace(
      SparkSession spark, String table, Dataset<Row> df, String where, String open) {
    TableSpec s = spec(table);
    Dataset<Row> out = conform(table, df);
    check(table, out);
    boolean datePartitioned = s.partitions().contains(s.intervalColumn());
    Dataset<Row> cached = null;
    if (datePartitioned) {
      // One file per day or month instead of one per task and value (SPARK-NOTES: small files).
      // Tables
      // with a few large partitions (kpi by period_type) keep the parallel write instead.
      out = out.repartition(s.partitions().stream().map(out::col).toArray(Column[]::new));
    } else if (open != null && !open.equals(where)) {
      // computed once, written in two parts (when every row is open, as in a one-day run, there is
      // nothing to keep apart)
      cached = out.persist(StorageLevel.MEMORY_AND_DISK());
      out = apart(cached, open, s.partitions());
    }
    try {
      Snapshot before = snapshot(spark, table);
      if (before.version() < 0) {
        out.write()
            .format("delta")
            .mode("overwrite")
            .partitionBy(s.partitions().toArray(String[]::new))
            .save(path(table));
        return version(spark, table);
      }
      if (!CollectionConverters.asJava(before.metadata().partitionColumns())
          .equals(s.partitions())) {
        repartition(spark, table);
      }
      refuseUnresolvableReplace(table, Set.of(before.schema().fieldNames()), where);
      // mergeSchema: a column added to the declaration is added to the table (null in older rows);
      // check() above has already held the frame to the declaration, so nothing undeclared gets
      // in.
      out.write()
          .format("delta")
          .mode("overwrite")
          .option("replaceWhere", where)
          .option("mergeSchema", "true")
          .save(path(table));
      long version = version(spark, table);
      if (!datePartitioned && before.numOfFiles() >= COMPACT_AT_FILES) {
        compact(spark, table, open == null ? where : open);
      }
      return version;
    } finally {
      if (cached != null) {
        cached.unpersist();
      }
    }
  }

  /**
   * The rows, those matching {@code open} (a null result counts as not) in one partition of their
   * own and the others in two (each partitioned by {@code partitions} when there are any): written,
   * no file holds both kinds. The numbers are given so that adaptive execution cannot coalesce the
   * closed rows into one partition, which a union would zip together with the open one (Spark 4
   * unions children of the same partitioning partition by partition).
   */
  static Dataset<Row> apart(Dataset<Row> df, String open, List<String> partitions) {
    Column isOpen = coalesce(expr(open), lit(false));
    Dataset<Row> closed = df.where(not(isOpen));
    closed =
        partitions.isEmpty()
            ? closed.repartition(2)
            : closed.repartition(2, partitions.stream().map(df::col).toArray(Column[]::new));
    return closed.unionAll(df.where(isOpen).coalesce(1));
  }

  /**
   * A table not partitioned by date (gold, kpi) gains files with every interval replace (a daily
   * run adds some a day); once it has {@value #COMPACT_AT_FILES} they are rewritten into one file
   * per partition for the rows matching {@code open} (the periods still open, which the next run
   * replaces again) and at most two for the others ({@link #apart}), in a commit that changes no
   * row ({@code dataChange=false}). Delta's OPTIMIZE would bin-pack both into one file, which the
   * next replace would then rewrite whole, copying every closed period.
   */
  static final int COMPACT_AT_FILES = 64;

  private void compact(SparkSession spark, String table, String open) {
    List<String> partitions = spec(table).partitions();
    apart(spark.read().format("delta").load(path(table)), open, partitions)
        .write()
        .format("delta")
        .mode("overwrite")
        .option("dataChange", "false")
        .partitionBy(partitions.toArray(String[]::new))
        .save(path(table));
  }

  /**
   * A declared column that an older table lacks is added by the write (mergeSchema), but the rows
   * to replace cannot be selected by it: the old rows would stay beside the new ones. That table
   * has to be rebuilt; say how instead of failing on an unresolved column.
   */
  private void refuseUnresolvableReplace(String table, Set<String> existing, String where) {
    List<String> missing =
        spec(table).columns().stream()
            .map(TableSpec.Col::name)
            .filter(c -> !existing.contains(c))
            .filter(c -> Pattern.compile("\\b" + Pattern.quote(c) + "\\b").matcher(where).find())
            .toList();
    if (!missing.isEmpty()) {
      throw new CityKpiException(
          table
              + " at "
              + path(table)
              + " was written by an older CityKPI without"
              + " column(s) "
              + missing
              + " that this run selects its rows by; delete that folder and re-run the"
              + " stage over the table's whole history (or start from a new --warehouse)");
    }
  }

  /**
   * A table written under an older declaration with other partition columns (gold tables were
   * partitioned by day until small files made reading them slow) is rewritten once, whole, with the
   * declared partitioning, so that interval replaces can go on.
   */
  private void repartition(SparkSession spark, String table) {
    spark
        .read()
        .format("delta")
        .load(path(table))
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .partitionBy(spec(table).partitions().toArray(String[]::new))
        .save(path(table));
  }

  /** Creates the table empty, with its declared schema and partitioning, if it does not exist. */
  public synchronized void ensure(SparkSession spark, String table) {
    if (!exists(spark, table)) {
      spark
          .createDataFrame(List.of(), spec(table).schema())
          .write()
          .format("delta")
          .mode("append")
          .partitionBy(spec(table).partitions().toArray(String[]::new))
          .save(path(table));
    }
  }

  /**
   * Rounds every double column to {@code scale} decimal places. Sums and regressions over doubles
   * differ in the last bits with the order Spark adds them in; rounding the published figures makes
   * a re-run write the same values (a KPI has no meaning beyond six decimals).
   */
  public static Dataset<Row> stable(Dataset<Row> df, int scale) {
    Column[] cols =
        Stream.of(df.schema().fields())
            .map(
                f ->
                    f.dataType() instanceof DoubleType
                        ? org.apache.spark.sql.functions.round(df.col(f.name()), scale).as(f.name())
                        : df.col(f.name()))
            .toArray(Column[]::new);
    return df.select(cols);
  }

  /** Appends rows (for logs, which keep every run). */
  public long append(SparkSession spark, String table, Dataset<Row> df) {
    Dataset<Row> out = conform(table, df);
    check(table, out);
    out.write()
        .format("delta")
        .mode("append")
        .partitionBy(spec(table).partitions().toArray(String[]::new))
        .save(path(table));
    return version(spark, table);
  }

  /**
   * Rows the commit at {@code version} wrote: its {@code numOutputRows} metric less {@code
   * numCopiedRows}, the rows outside the replaced interval that shared a file with rows inside it
   * and were rewritten unchanged (unpartitioned tables); 0 if none. Read from that one commit file
   * ({@code _delta_log/<version>.json}), not from {@code DeltaTable.history()}, which reads every
   * commit of the table, a Spark job that grows with the table's age, to keep one.
   */
  public long rowsWritten(SparkSession spark, String table, long version) {
    org.apache.hadoop.fs.Path commit =
        new org.apache.hadoop.fs.Path(
            path(table), "_delta_log/" + String.format("%020d", version) + ".json");
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                commit.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(commit),
                StandardCharsets.UTF_8))) {
      return rowsWritten(in);
    } catch (IOException e) {
      throw new CityKpiException("Cannot read " + commit + ": " + e.getMessage(), e);
    }
  }

  /** {@link #rowsWritten(SparkSession, String, long)} from the lines of a Delta commit file. */
  static long rowsWritten(BufferedReader commit) throws IOException {
    for (String line; (line = commit.readLine()) != null; ) {
      JsonNode info = JSON.readTree(line).get("commitInfo");
      if (info != null) {
        // Delta writes the metrics as strings ("numOutputRows":"12"); asLong parses them.
        JsonNode m = info.path("operationMetrics");
        return m.path("numOutputRows").asLong(0) - m.path("numCopiedRows").asLong(0);
      }
    }
    return 0;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The table's latest committed version: the highest {@code _delta_log/<version>.json}. A listing,
   * not a Spark job ({@code history(1)} cost half a second per call, and jobs record many
   * versions).
   */
  public long version(SparkSession spark, String table) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(path(table), "_delta_log");
    try {
      long latest = -1;
      for (FileStatus f :
          log.getFileSystem(spark.sparkContext().hadoopConfiguration())
              .listStatus(log, p -> p.getName().matches("\\d{20}\\.json"))) {
        latest = Math.max(latest, Long.parseLong(f.getPath().getName().substring(0, 20)));
      }
      if (latest < 0) {
        throw new CityKpiException(table + " has no commit in " + log);
      }
      return latest;
    } catch (IOException e) {
      throw new CityKpiException("Cannot list " + log + ": " + e.getMessage(), e);
    }
  }
}
