import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_append;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.yaml.snakeyaml.Yaml;

/**
 * A plain, hand-written Spark job doing CityKPI's ingest -> clean -> conform for road speeds and
 * air over an interval, as a careful engineer would write it in one file: one pass over the files,
 * validated records cached once, bronze, dedup, silver and gold derived from memory (no re-read of
 * what it just wrote), one Delta commit per output table (all quarantined rows of both sources and
 * both stages in one commit), counts from one aggregation over cached data.
 *
 * <p>Usage: {@code java <Spark's --add-opens> -cp <classpath> SparkReference --landing L --from D
 * --to D --out DIR [--schemas DIR]}. Writes Delta tables {@code <out>/<layer>/<name>} with the
 * columns bench/check.py reads. Rules: see bench/README.md.
 *
 * <p>Independent on purpose: it imports nothing from org.citykpi and restates the contract rules,
 * dedup, AQI and gold aggregations that jobs/ also holds, so a bug in CityKPI's code cannot hide in
 * both. Its near-copies of pipeline logic are by design; keep them, and keep it one file.
 */
public final class SparkReference {
  static final int LATE_DAYS = 7;
  static final String[] SOURCES = {"road_speed", "air_station_hourly"};

  /** One contract column, read from schemas/sources/<source>.yaml. */
  record Col(
      String name,
      String header,
      String type,
      boolean required,
      Double min,
      Double max,
      String unit,
      String pattern,
      boolean cityRef)
      implements Serializable {}

  /** The parts of a contract this job implements; anything else is refused at start. */
  record Contract(
      String source,
      String domain,
      List<String> encodings,
      String delimiter,
      List<String> nullMarkers,
      String eventColumn,
      String eventFormat,
      String zone,
      List<String> key,
      List<Col> cols)
      implements Serializable {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    for (String need : List.of("--landing", "--from", "--to", "--out")) {
      if (!a.containsKey(need)) {
        System.err.println(
            "SparkReference: missing "
                + need
                + "; usage: --landing L --from D "
                + "--to D --out DIR [--schemas DIR]");
        System.exit(2);
      }
    }
    Path landing = Path.of(a.get("--landing")).toAbsolutePath().normalize();
    LocalDate from = LocalDate.parse(a.get("--from"));
    LocalDate to = LocalDate.parse(a.get("--to"));
    String out = Path.of(a.get("--out")).toAbsolutePath().toString();
    Path schemas = Path.of(a.getOrDefault("--schemas", "schemas"));
    List<String> cities = cities(schemas);

    long t0 = System.nanoTime();
    SparkSession spark =
        SparkSession.builder()
            .master(System.getProperty("spark.master", "local[*]"))
            .appName("bench spark reference")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.catalogImplementation", "in-memory")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    log("session in %.1f s", (System.nanoTime() - t0) / 1e9);

    List<Dataset<Row>> quarantine = new ArrayList<>();
    Map<String, Dataset<Row>> silver = new HashMap<>();
    List<Dataset<Row>> cached = new ArrayList<>();
    String interval = "local_date >= DATE'" + from + "' AND local_date <= DATE'" + to + "'";
    for (String source : SOURCES) {
      long t = System.nanoTime();
      Contract c = contract(schemas, source);
      List<String> files = files(landing, c, from, to);
      Dataset<Row> validated =
          validate(read(spark, landing, files, c), c, cities)
              .where(col("placed_on").between(lit(Date.valueOf(from)), lit(Date.valueOf(to))))
              .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(validated);
      Dataset<Row> accepted = validated.where(size(col("rule_ids")).equalTo(0));
      List<Column> bronzeCols = new ArrayList<>();
      c.cols().forEach(x -> bronzeCols.add(col(x.name())));
      bronzeCols.add(col("placed_on").as("local_date"));
      bronzeCols.add(col("_source_file"));
      bronzeCols.add(col("_line_no"));
      Dataset<Row> bronze = accepted.select(bronzeCols.toArray(Column[]::new));
      write(
          bronze.repartition(col("local_date")), out + "/bronze/" + source, interval, "local_date");
      quarantine.add(
          validated
              .where(size(col("rule_ids")).gt(0))
              .select(
                  lit(source).as("source"),
                  lit("ingest").as("stage"),
                  col("placed_on"),
                  col("_source_file").as("source_file"),
                  col("_line_no").as("line_no"),
                  col("raw").as("raw_text"),
                  col("rule_ids"),
                  array_join(col("reasons"), "; ").as("reasons")));

      Dataset<Row> marked = dedup(bronze, c).persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(marked);
      Row n =
          validated
              .selectExpr(
                  "count(*)", "count_if(size(rule_ids) = 0)", "count_if(size(rule_ids) > 0)")
              .head();
      long dups = marked.where(col("dedup_rule").isNotNull()).count();
      System.out.printf(
          "%s: in=%d accepted=%d quarantined=%d duplicates=%d%n",
          source, n.getLong(0), n.getLong(1), n.getLong(2), dups);
      List<Column> fields = new ArrayList<>();
      c.cols().forEach(x -> fields.add(col(x.name())));
      quarantine.add(
          marked
              .where(col("dedup_rule").isNotNull())
              .select(
                  lit(source).as("source"),
                  lit("clean").as("stage"),
                  col("local_date").as("placed_on"),
                  col("_source_file").as("source_file"),
                  col("_line_no").as("line_no"),
                  to_json(struct(fields.toArray(Column[]::new))).as("raw_text"),
                  array(col("dedup_rule")).as("rule_ids"),
                  col("dedup_reason").as("reasons")));
      Dataset<Row> kept = marked.where(col("dedup_rule").isNull());
      Dataset<Row> s = source.equals("road_speed") ? roadSilver(kept, c) : airSilver(kept, c);
      silver.put(source, s);
      write(s.repartition(col("local_date")), out + "/silver/" + source, interval, "local_date");
      log(
          "%s: ingest and clean in %.1f s (%d files)",
          source, (System.nanoTime() - t) / 1e9, files.size());
    }
    long t = System.nanoTime();
    write(
        roadGold(silver.get("road_speed")).coalesce(1),
        out + "/gold/city_day_traffic",
        interval,
        null);
    write(
        airGold(silver.get("air_station_hourly")).coalesce(1),
        out + "/gold/city_day_air",
        interval,
        null);
    Dataset<Row> q = quarantine.get(0);
    for (int i = 1; i < quarantine.size(); i++) {
      q = q.unionByName(quarantine.get(i));
    }
    write(
        q.coalesce(2),
        out + "/ops/quarantine",
        interval.replace("local_date", "placed_on"),
        "source");
    log(
        "gold and quarantine in %.1f s; total %.1f s",
        (System.nanoTime() - t) / 1e9, (System.nanoTime() - t0) / 1e9);
    cached.forEach(Dataset::unpersist);
    spark.stop();
  }

  static void log(String fmt, Object... args) {
    System.err.println("SparkReference: " + String.format(fmt, args));
  }

  /** Replaces the interval of a Delta table (creating it on first use): one commit. */
  static void write(Dataset<Row> df, String path, String where, String partition) {
    var w = df.write().format("delta").mode("overwrite");
    if (Files.isDirectory(Path.of(path, "_delta_log"))) {
      w = w.option("replaceWhere", where);
    } else if (partition != null) {
      w = w.partitionBy(partition);
    }
    w.save(path);
  }

  // ---- the contract and the files ---------------------------------------------------------

  @SuppressWarnings("unchecked")
  static Contract contract(Path schemas, String source) throws IOException {
    Path file = schemas.resolve("sources").resolve(source + ".yaml");
    Map<String, Object> y = new Yaml().load(Files.readString(file));
    List<String> problems = new ArrayList<>();
    if (!"csv".equals(y.get("format")) || !"day".equals(y.get("grain"))) {
      problems.add("format/grain other than csv/day");
    }
    for (String k : List.of("rules", "pii", "reader", "folders", "exclude")) {
      if (y.get(k) != null) {
        problems.add(k);
      }
    }
    List<Col> cols = new ArrayList<>();
    for (Map<String, Object> m : (List<Map<String, Object>>) y.get("columns")) {
      var extra = new java.util.TreeSet<>(m.keySet());
      extra.removeAll(
          List.of(
              "name",
              "source",
              "type",
              "nullable",
              "unit",
              "min",
              "max",
              "pattern",
              "references",
              "description"));
      String type = (String) m.get("type");
      if (!extra.isEmpty()
          || !List.of("string", "double", "timestamp").contains(type)
          || (m.get("references") != null && !"city".equals(m.get("references")))) {
        problems.add("column " + m.get("name") + " " + extra + " " + type);
      }
      cols.add(
          new Col(
              (String) m.get("name"),
              (String) m.getOrDefault("source", m.get("name")),
              type,
              Boolean.FALSE.equals(m.get("nullable")),
              m.get("min") == null ? null : ((Number) m.get("min")).doubleValue(),
              m.get("max") == null ? null : ((Number) m.get("max")).doubleValue(),
              (String) m.get("unit"),
              (String) m.get("pattern"),
              "city".equals(m.get("references"))));
    }
    Map<String, Object> ev = (Map<String, Object>) y.get("event_time");
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          file + ": SparkReference does not implement " + problems + "; extend it first");
    }
    return new Contract(
        source,
        (String) y.get("domain"),
        (List<String>) y.getOrDefault("encodings", List.of("UTF-8")),
        (String) y.getOrDefault("delimiter", ","),
        (List<String>) y.getOrDefault("null_markers", List.of("")),
        (String) ev.get("column"),
        (String) ev.get("format"),
        (String) ev.getOrDefault("zone", "Asia/Shanghai"),
        (List<String>) y.get("natural_key"),
        cols);
  }

  @SuppressWarnings("unchecked")
  static List<String> cities(Path schemas) throws IOException {
    Map<String, Object> y =
        new Yaml().load(Files.readString(schemas.resolve("reference/cities.yaml")));
    return ((List<Map<String, Object>>) y.get("cities"))
        .stream().map(m -> String.valueOf(m.get("code"))).toList();
  }

  static final Pattern DAY = Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})(?!\\d)");
  static final Pattern MONTH = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})(?![\\d-])");
  static final Pattern YEAR = Pattern.compile("(?<!\\d)((?:19|20)\\d{2})(?!\\d)");
  static final Pattern RANGE = Pattern.compile("(?<!\\d)(\\d{8})-(\\d{8})(?!\\d)");

  /** The date a file's name gives: first day, else month, else year; null when none. */
  static LocalDate fileDate(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    Matcher m = DAY.matcher(name);
    while (m.find()) {
      try {
        return LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
      } catch (java.time.DateTimeException ignored) {
        // not a date
      }
    }
    name = DAY.matcher(name).replaceAll("_");
    m = MONTH.matcher(name);
    if (m.find() && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= 12) {
      return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1);
    }
    m = YEAR.matcher(name);
    return m.find() ? LocalDate.of(Integer.parseInt(m.group(1)), 1, 1) : null;
  }

  /** Last date a file may hold events of (its window starts LATE_DAYS before its date). */
  static LocalDate windowEnd(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    LocalDate start = fileDate(path);
    if (start == null) {
      return null;
    }
    Matcher r = RANGE.matcher(name);
    if (r.find() && fileDate(r.group(2)) != null) {
      return fileDate(r.group(2));
    }
    if (DAY.matcher(name).find()) {
      return start;
    }
    if (MONTH.matcher(name).find()) {
      return start.with(TemporalAdjusters.lastDayOfMonth());
    }
    return start.with(TemporalAdjusters.lastDayOfYear());
  }

  /** Data files of the source whose window meets the interval (undated files always). */
  static List<String> files(Path landing, Contract c, LocalDate from, LocalDate to)
      throws IOException {
    Path dir = landing.resolve(c.domain()).resolve(c.source());
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> landing.relativize(p).toString())
          .filter(
              rel -> {
                String n = rel.substring(rel.lastIndexOf('/') + 1);
                String low = n.toLowerCase(java.util.Locale.ROOT);
                return !n.startsWith(".")
                    && !n.startsWith("_")
                    && !low.startsWith("readme")
                    && !low.startsWith("license")
                    && !low.endsWith(".md");
              })
          .filter(
              rel -> {
                LocalDate d = fileDate(rel);
                return d == null
                    || (!d.minusDays(LATE_DAYS).isAfter(to) && !windowEnd(rel).isBefore(from));
              })
          .sorted()
          .toList();
    }
  }

  // ---- ingest: read and validate ----------------------------------------------------------

  /**
   * One row per non-blank line after the header: file, line, raw text, parse error, the contract
   * columns' texts (trimmed, null markers as null), the file's date and window end.
   */
  static Dataset<Row> read(SparkSession spark, Path landing, List<String> files, Contract c) {
    StructType schema =
        new StructType()
            .add("_source_file", "string")
            .add("_line_no", "long")
            .add("raw", "string")
            .add("parse_error", "string")
            .add("file_date", "date")
            .add("window_end", "date");
    for (Col x : c.cols()) {
      schema = schema.add("t_" + x.name(), "string");
    }
    String root = landing.toUri().getPath();
    FlatMapFunction<Row, Row> split =
        r -> lines(relative(root, r.getString(0)), (byte[]) r.get(1), c).iterator();
    return spark
        .read()
        .format("binaryFile")
        .load(files.stream().map(f -> landing.resolve(f).toString()).toArray(String[]::new))
        .select("path", "content")
        .flatMap(split, Encoders.row(schema));
  }

  static String relative(String root, String uri) {
    String p = new org.apache.hadoop.fs.Path(uri).toUri().getPath();
    return p.startsWith(root) ? p.substring(root.length()).replaceFirst("^/", "") : p;
  }

  static List<Row> lines(String file, byte[] bytes, Contract c) throws IOException {
    String text = decode(file, bytes, c.encodings());
    String[] lines = text.split("\r?\n", -1);
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(c.delimiter().charAt(0));
    s.getFormat().setLineSeparator("\n");
    s.setNullValue("");
    s.setEmptyValue("");
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setMaxColumns(4096);
    CsvParser parser = new CsvParser(s);
    LocalDate fd = fileDate(file);
    LocalDate we = windowEnd(file);
    Date fileDate = fd == null ? null : Date.valueOf(fd);
    Date windowEnd = we == null ? null : Date.valueOf(we);
    int n = c.cols().size();
    int[] pos = null;
    int width = 0;
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] v;
      try {
        v = parser.parseLine(lines[i]);
      } catch (RuntimeException e) {
        v = null;
      }
      if (pos == null) {
        if (v == null) {
          throw new IllegalStateException("File " + file + " line " + (i + 1) + ": bad header");
        }
        Map<String, Integer> at = new HashMap<>();
        for (int k = 0; k < v.length; k++) {
          at.put(v[k] == null ? "" : v[k].trim(), k);
        }
        pos = new int[n];
        for (int k = 0; k < n; k++) {
          Integer p = at.get(c.cols().get(k).header());
          if (p == null) {
            throw new IllegalStateException(
                "File " + file + ": header lacks " + c.cols().get(k).header());
          }
          pos[k] = p;
        }
        width = v.length;
        continue;
      }
      Object[] row = new Object[6 + n];
      row[0] = file;
      row[1] = i + 1L;
      row[2] = lines[i];
      row[4] = fileDate;
      row[5] = windowEnd;
      if (v == null || v.length != width) {
        row[3] = "line has " + (v == null ? 0 : v.length) + " fields, header has " + width;
      } else {
        for (int k = 0; k < n; k++) {
          String t = v[pos[k]] == null ? null : trimSpaces(v[pos[k]]);
          row[6 + k] = t == null || c.nullMarkers().contains(t) ? null : t;
        }
      }
      out.add(RowFactory.create(row));
    }
    return out;
  }

  /** Spark's trim(): spaces only, not other whitespace. */
  static String trimSpaces(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && s.charAt(a) == ' ') {
      a++;
    }
    while (b > a && s.charAt(b - 1) == ' ') {
      b--;
    }
    return s.substring(a, b);
  }

  static String decode(String file, byte[] bytes, List<String> encodings) throws IOException {
    if (file.endsWith(".gz")) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    for (String enc : encodings) {
      try {
        String t =
            Charset.forName(enc)
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        return t.startsWith("\uFEFF") ? t.substring(1) : t;
      } catch (CharacterCodingException e) {
        // next encoding
      }
    }
    throw new UncheckedIOException(new IOException("File " + file + ": no declared encoding fits"));
  }

  /** Typed columns, rule ids and reasons in CityKPI's order, and the date each row is placed on. */
  static Dataset<Row> validate(Dataset<Row> raw, Contract c, List<String> cities) {
    Column parsed = col("parse_error").isNull();
    List<Column> ids = new ArrayList<>();
    List<Column> why = new ArrayList<>();
    ids.add(when(parsed.unary_$bang(), lit("format.malformed")));
    why.add(when(parsed.unary_$bang(), col("parse_error")));
    Map<String, Column> typed = new java.util.LinkedHashMap<>();
    for (Col x : c.cols()) {
      Column text = col("t_" + x.name());
      typed.put(
          x.name(),
          switch (x.type()) {
            case "double" -> text.try_cast(DataTypes.DoubleType);
            case "timestamp" ->
                try_to_timestamp(text, lit(c.eventFormat())).cast(DataTypes.TimestampNTZType);
            default -> text;
          });
    }
    Dataset<Row> df = raw.withColumns(typed);
    for (Col x : c.cols()) {
      Column text = col("t_" + x.name());
      Column v = col(x.name());
      String n = x.name();
      String unit = x.unit() == null ? "" : " " + x.unit().replace("%", "%%");
      if (x.required()) {
        ids.add(when(parsed.and(text.isNull()), lit(n + ".required")));
        why.add(when(parsed.and(text.isNull()), lit(n + " is missing")));
      }
      if (!x.type().equals("string")) {
        Column bad = parsed.and(text.isNotNull()).and(v.isNull());
        ids.add(when(bad, lit(n + ".type")));
        why.add(when(bad, format_string("%s '%s' is not a valid " + x.type(), lit(n), text)));
      }
      if (x.min() != null) {
        ids.add(when(v.lt(x.min()), lit(n + ".range")));
        why.add(
            when(
                v.lt(x.min()),
                format_string("%s %s is below the minimum " + num(x.min()) + unit, lit(n), v)));
      }
      if (x.max() != null) {
        ids.add(when(v.gt(x.max()), lit(n + ".range")));
        why.add(
            when(
                v.gt(x.max()),
                format_string("%s %s is above the maximum " + num(x.max()) + unit, lit(n), v)));
      }
      if (x.pattern() != null) {
        ids.add(when(v.rlike(x.pattern()).unary_$bang(), lit(n + ".pattern")));
        why.add(
            when(
                v.rlike(x.pattern()).unary_$bang(),
                format_string("%s '%s' does not match " + x.pattern(), lit(n), v)));
      }
      if (x.cityRef()) {
        Column unknown = v.isin(cities.toArray()).unary_$bang();
        ids.add(when(unknown, lit(n + ".reference")));
        why.add(when(unknown, format_string("%s '%s' is not a known city", lit(n), v)));
      }
    }
    Column eventDate = to_date(col(c.eventColumn()));
    Column outside =
        col("file_date")
            .isNotNull()
            .and(eventDate.isNotNull())
            .and(
                eventDate
                    .lt(date_sub(col("file_date"), LATE_DAYS))
                    .or(eventDate.gt(col("window_end"))));
    Column rules = array_compact(array(ids.toArray(Column[]::new)));
    Column reasons = array_compact(array(why.toArray(Column[]::new)));
    return df.select(
        col("*"),
        when(outside, array_append(rules, lit("event_time.outside_file_window")))
            .otherwise(rules)
            .as("rule_ids"),
        when(
                outside,
                array_append(
                    reasons,
                    format_string(
                        "event date %s is outside the window of file dated %s",
                        eventDate, col("file_date"))))
            .otherwise(reasons)
            .as("reasons"),
        when(outside, col("file_date"))
            .otherwise(coalesce(eventDate, col("file_date")))
            .as("placed_on"));
  }

  static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  // ---- clean -------------------------------------------------------------------------------

  /** Latest delivery wins per natural key: last file, then last line. */
  static Dataset<Row> dedup(Dataset<Row> bronze, Contract c) {
    WindowSpec w =
        Window.partitionBy(c.key().stream().map(k -> col(k)).toArray(Column[]::new))
            .orderBy(col("_source_file").desc(), col("_line_no").desc());
    Column hash = xxhash64(c.cols().stream().map(x -> col(x.name())).toArray(Column[]::new));
    Column dup = row_number().over(w).gt(1);
    Column exact = col("_h").equalTo(first(col("_h")).over(w));
    Column keptAt =
        format_string(
            "%s line %d", first(col("_source_file")).over(w), first(col("_line_no")).over(w));
    return bronze
        .withColumn("_h", hash)
        .withColumn(
            "dedup_rule", when(dup, when(exact, "dedup.exact").otherwise("dedup.superseded")))
        .withColumn(
            "dedup_reason",
            when(
                dup,
                when(exact, format_string("exact duplicate of %s", keptAt))
                    .otherwise(
                        format_string(
                            "same key as %s, which was delivered later and is kept", keptAt))))
        .drop("_h");
  }

  static Column utc(String column, String zone) {
    return to_utc_timestamp(col(column).cast(DataTypes.TimestampType), zone);
  }

  static Dataset<Row> roadSilver(Dataset<Row> kept, Contract c) {
    Column local = col("interval_start_local");
    return kept.select(
        lit("road_speed").as("source"),
        col("segment_id"),
        col("city_code"),
        utc("interval_start_local", c.zone()).as("interval_start_utc"),
        col("local_date"),
        dayofweek(local).between(2, 6).and(hour(local).isin(7, 8, 17, 18)).as("is_peak"),
        col("speed_kmh"),
        col("free_flow_kmh"));
  }

  static Dataset<Row> airSilver(Dataset<Row> kept, Contract c) {
    Dataset<Row> s =
        kept.select(
            lit("air_station_hourly").as("source"),
            col("station_id"),
            col("city_code"),
            utc("obs_time_local", c.zone()).as("obs_ts_utc"),
            col("local_date"),
            hour(col("obs_time_local")).as("local_hour"),
            col("pm25_ugm3"),
            col("pm10_ugm3"),
            col("so2_ugm3"),
            col("no2_ugm3"),
            col("co_mgm3"),
            col("o3_ugm3"),
            col("temp_c"),
            col("pressure_hpa"),
            col("humidity_pct"),
            col("wind_speed_ms"));
    return withAqi(
        s,
        new String[][] {
          {"SO2_1H", "so2_ugm3"}, {"NO2_1H", "no2_ugm3"}, {"PM10_24H", "pm10_ugm3"},
          {"CO_1H", "co_mgm3"}, {"O3_1H", "o3_ugm3"}, {"PM25_24H", "pm25_ugm3"}
        });
  }

  // ---- conform ------------------------------------------------------------------------------

  static Dataset<Row> roadGold(Dataset<Row> silver) {
    Column peak = col("is_peak");
    return silver
        .groupBy("city_code", "local_date")
        .agg(
            count_distinct(col("segment_id")).cast("int").as("segments"),
            count_if(peak).as("peak_readings"),
            avg(when(peak, col("speed_kmh"))).as("peak_speed_kmh"),
            avg(when(peak, col("free_flow_kmh"))).as("peak_free_flow_kmh"),
            sum(when(peak, col("free_flow_kmh")))
                .divide(sum(when(peak, col("speed_kmh"))))
                .as("congestion_index"));
  }

  static Dataset<Row> airGold(Dataset<Row> silver) {
    WindowSpec w8 =
        Window.partitionBy("station_id", "local_date").orderBy("local_hour").rangeBetween(-7, 0);
    Column o3_8h =
        when(
            count(col("o3_ugm3")).over(w8).geq(6).and(col("local_hour").geq(7)),
            avg(col("o3_ugm3")).over(w8));
    Column anyReading =
        col("pm25_ugm3")
            .isNotNull()
            .or(col("pm10_ugm3").isNotNull())
            .or(col("so2_ugm3").isNotNull())
            .or(col("no2_ugm3").isNotNull())
            .or(col("co_mgm3").isNotNull())
            .or(col("o3_ugm3").isNotNull());
    Dataset<Row> station =
        silver
            .withColumn("o3_8h", o3_8h)
            .groupBy("station_id", "local_date")
            .agg(
                max("city_code").as("city_code"),
                count_if(anyReading).as("station_hours"),
                mean24h("pm25_ugm3").as("pm25_24h"),
                mean24h("pm10_ugm3").as("pm10_24h"),
                mean24h("so2_ugm3").as("so2_24h"),
                mean24h("no2_ugm3").as("no2_24h"),
                mean24h("co_mgm3").as("co_24h"),
                max("o3_ugm3").as("o3_1h_max"),
                max("o3_8h").as("o3_8h_max"));
    Dataset<Row> city =
        station
            .groupBy("city_code", "local_date")
            .agg(
                count(lit(1)).cast("int").as("stations"),
                sum("station_hours").as("station_hours"),
                avg("pm25_24h").as("pm25_24h"),
                avg("pm10_24h").as("pm10_24h"),
                avg("so2_24h").as("so2_24h"),
                avg("no2_24h").as("no2_24h"),
                avg("co_24h").as("co_24h"),
                avg("o3_1h_max").as("o3_1h_max"),
                avg("o3_8h_max").as("o3_8h_max"));
    return withAqi(
            city,
            new String[][] {
              {"SO2_24H", "so2_24h"}, {"NO2_24H", "no2_24h"}, {"PM10_24H", "pm10_24h"},
              {"CO_24H", "co_24h"}, {"O3_1H", "o3_1h_max"}, {"O3_8H", "o3_8h_max"},
              {"PM25_24H", "pm25_24h"}
            })
        .select(
            col("city_code"),
            col("local_date"),
            col("stations"),
            col("station_hours"),
            col("pm25_24h").as("pm25_ugm3"),
            col("pm10_24h").as("pm10_ugm3"),
            col("so2_24h").as("so2_ugm3"),
            col("no2_24h").as("no2_ugm3"),
            col("co_24h").as("co_mgm3"),
            col("o3_1h_max").as("o3_1h_max_ugm3"),
            col("o3_8h_max").as("o3_8h_max_ugm3"),
            col("aqi"),
            col("primary_pollutant"),
            col("category"),
            col("aqi").leq(100).as("is_good_air_day"));
  }

  static Column mean24h(String c) {
    return when(count(col(c)).geq(20), avg(col(c)));
  }

  // ---- AQI (HJ 633-2012), breakpoints of Table 1 -------------------------------------------

  static final int[] STEPS = {0, 50, 100, 150, 200, 300, 400, 500};
  static final Map<String, int[]> BP =
      Map.of(
          "SO2_24H", new int[] {0, 50, 150, 475, 800, 1600, 2100, 2620},
          "SO2_1H", new int[] {0, 150, 500, 650, 800},
          "NO2_24H", new int[] {0, 40, 80, 180, 280, 565, 750, 940},
          "NO2_1H", new int[] {0, 100, 200, 700, 1200, 2340, 3090, 3840},
          "PM10_24H", new int[] {0, 50, 150, 250, 350, 420, 500, 600},
          "CO_24H", new int[] {0, 2, 4, 14, 24, 36, 48, 60},
          "CO_1H", new int[] {0, 5, 10, 35, 60, 90, 120, 150},
          "O3_1H", new int[] {0, 160, 200, 300, 400, 800, 1000, 1200},
          "O3_8H", new int[] {0, 100, 160, 215, 265, 800},
          "PM25_24H", new int[] {0, 35, 75, 115, 150, 250, 350, 500});
  static final Map<String, String> LABEL =
      Map.of(
          "SO2_24H",
          "二氧化硫",
          "SO2_1H",
          "二氧化硫",
          "NO2_24H",
          "二氧化氮",
          "NO2_1H",
          "二氧化氮",
          "PM10_24H",
          "颗粒物(PM10)",
          "CO_24H",
          "一氧化碳",
          "CO_1H",
          "一氧化碳",
          "O3_1H",
          "臭氧1小时",
          "O3_8H",
          "臭氧8小时",
          "PM25_24H",
          "细颗粒物(PM2.5)");

  /** IAQI: exact decimal interpolation at 6 decimals, rounded up; invalid readings skipped. */
  static Column iaqi(Column x, String p) {
    Column d = x.cast("double");
    Column valid =
        when(
                d.isNull().or(d.isNaN()).or(d.lt(0)).or(d.equalTo(Double.POSITIVE_INFINITY)),
                lit(null).cast("double"))
            .otherwise(least(d, lit(1e9)));
    Column c = valid.cast(DataTypes.createDecimalType(18, 6));
    int[] bp = BP.get(p);
    Column chain = when(c.isNull(), lit(null).cast("int"));
    for (int k = 1; k < bp.length; k++) {
      Column rise =
          c.minus(lit(BigDecimal.valueOf(bp[k - 1])))
              .multiply(lit(BigDecimal.valueOf(STEPS[k] - STEPS[k - 1])));
      chain =
          chain.when(
              c.leq(lit(BigDecimal.valueOf(bp[k]))),
              ceil(rise.divide(lit(BigDecimal.valueOf(bp[k] - bp[k - 1]))))
                  .cast("int")
                  .plus(lit(STEPS[k - 1])));
    }
    return chain.otherwise(bp.length == STEPS.length ? lit(500) : lit(null).cast("int"));
  }

  static Dataset<Row> withAqi(Dataset<Row> df, String[][] rows) {
    Column[] iaqis = Arrays.stream(rows).map(r -> iaqi(col(r[1]), r[0])).toArray(Column[]::new);
    Dataset<Row> t = df;
    for (int i = 0; i < rows.length; i++) {
      t = t.withColumn("_i" + i, iaqis[i]);
    }
    Column[] names = new Column[rows.length];
    Column[] labels = new Column[rows.length];
    for (int i = 0; i < rows.length; i++) {
      names[i] = col("_i" + i);
    }
    t = t.withColumn("aqi", greatest(names));
    for (int i = 0; i < rows.length; i++) {
      labels[i] = when(col("_i" + i).equalTo(col("aqi")), lit(LABEL.get(rows[i][0])));
    }
    Column category =
        when(col("aqi").isNull(), lit(null).cast("string"))
            .when(col("aqi").leq(50), "优")
            .when(col("aqi").leq(100), "良")
            .when(col("aqi").leq(150), "轻度污染")
            .when(col("aqi").leq(200), "中度污染")
            .when(col("aqi").leq(300), "重度污染")
            .otherwise("严重污染");
    t =
        t.withColumn("primary_pollutant", when(col("aqi").gt(50), array_join(array(labels), ",")))
            .withColumn("category", category);
    for (int i = 0; i < rows.length; i++) {
      t = t.drop("_i" + i);
    }
    return t;
  }
}
