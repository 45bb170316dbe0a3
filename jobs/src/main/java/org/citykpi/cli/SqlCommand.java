package org.citykpi.cli;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.Catalog;
import org.citykpi.ops.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs one SQL query over the warehouse tables by their two-part names. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description =
        "Query the warehouse: bronze.<source>, silver.<entity>, gold.<fact>, kpi.observation, "
            + "kpi.attainment, kpi.info_consumption, ops.run_log, ops.quarantine.")
final class SqlCommand implements Callable<Integer> {
  enum Format {
    table,
    csv,
    json
  }

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "QUERY", description = "A Spark SQL query.")
  String query;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv (with a header row) or json (one object per line).")
  Format format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "Most rows printed (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    SparkSession spark = common.readSession("citykpi sql");
    Tables tables = common.tables();
    Catalog.register(spark, tables);
    Dataset<Row> df = spark.sql(query);
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    switch (format) {
      case json -> df.limit(limit).toJSON().collectAsList().forEach(out::println);
      case csv -> out.print(csv(df.columns(), df.limit(limit).collectAsList()));
      default -> out.print(table(df.columns(), df.limit(limit).collectAsList()));
    }
    out.flush();
    return 0;
  }

  static String csv(String[] header, List<Row> rows) {
    StringWriter w = new StringWriter();
    CsvWriter writer = new CsvWriter(w, new CsvWriterSettings());
    writer.writeHeaders(header);
    for (Row r : rows) {
      writer.writeRow(cells(r).toArray());
    }
    writer.close();
    return w.toString();
  }

  static String table(String[] header, List<Row> rows) {
    List<List<String>> cells = new ArrayList<>();
    for (Row r : rows) {
      cells.add(cells(r));
    }
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (List<String> c : cells) {
        width[i] = Math.max(width[i], c.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, List.of(header), width);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    sb.append(rule).append('\n');
    cells.forEach(c -> line(sb, c, width));
    sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    for (int i = 0; i < width.length; i++) {
      String c = cells.get(i);
      sb.append(i == 0 ? "" : " | ").append(c).append(" ".repeat(width[i] - c.length()));
    }
    sb.append('\n');
  }

  private static List<String> cells(Row r) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < r.length(); i++) {
      Object v = r.get(i);
      out.add(
          v == null
              ? ""
              : v instanceof scala.collection.Iterable<?> it
                  ? it.mkString("[", ", ", "]")
                  : String.valueOf(v));
    }
    return out;
  }
}
