package org.citykpi.cli;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.Catalog;
import org.citykpi.ops.Tables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a SQL query, or the statements of a {@code .sql} file, over the warehouse tables by their
 * two-part names, and prints the result of the last statement.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Query the warehouse: bronze.<source>, silver.<entity>, gold.<fact>, kpi.observation, "
          + "kpi.attainment, kpi.info_consumption, ops.run_log, ops.quarantine, ops.dq_metrics.",
      "With --file, the file's statements (separated by ';') run in order in one session and the "
          + "result of the last one is printed; the earlier ones set up (temporary views, SET)."
    })
final class SqlCommand implements Callable<Integer> {
  enum Format {
    table,
    csv,
    json
  }

  @Mixin CommonOptions common;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "QUERY",
      description = "A Spark SQL query (or give --file).")
  String query;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "A .sql file of statements separated by ';' (UTF-8).")
  Path file;

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv (with a header row) or json (one object per line).")
  Format format;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description =
          "Most rows printed (default: ${DEFAULT-VALUE}); a note on stderr says when the result "
              + "had more.")
  int limit;

  @Override
  public Integer call() {
    List<SqlScript.Statement> statements = statements();
    if (limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be 0 or more, not " + limit);
    }
    SparkSession spark = common.readSession("citykpi sql");
    Tables tables = common.tables();
    Catalog.register(spark, tables);
    Dataset<Row> df = null;
    for (SqlScript.Statement s : statements) {
      try {
        df = spark.sql(s.sql());
      } catch (RuntimeException e) {
        if (file == null) {
          throw e;
        }
        throw new CityKpiException(
            file + ", statement at line " + s.line() + ": " + firstLine(e.getMessage()), e);
      }
    }
    // One row more than printed tells whether the limit cut the result, without counting it all.
    int fetch = limit == Integer.MAX_VALUE ? limit : limit + 1;
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    boolean cut;
    if (format == Format.json) {
      List<String> lines = df.limit(fetch).toJSON().collectAsList();
      cut = lines.size() > limit;
      lines.stream().limit(limit).forEach(out::println);
    } else {
      List<Row> rows = df.limit(fetch).collectAsList();
      cut = rows.size() > limit;
      rows = cut ? rows.subList(0, limit) : rows;
      out.print(format == Format.csv ? csv(df.columns(), rows) : table(df.columns(), rows));
    }
    out.flush();
    if (cut) {
      System.err.println(
          "citykpi sql: output cut at "
              + limit
              + (limit == 1 ? " row" : " rows")
              + " (--limit); the result has more");
    }
    return 0;
  }

  /** The statements to run: QUERY, or those of --file; a usage error names what is wrong. */
  private List<SqlScript.Statement> statements() {
    if ((query == null) == (file == null)) {
      throw new ParameterException(
          spec.commandLine(),
          query == null ? "Give a QUERY or --file FILE" : "Give a QUERY or --file FILE, not both");
    }
    if (query != null) {
      return List.of(new SqlScript.Statement(query, 1));
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "--file " + file + ": cannot read it (" + e + ")");
    }
    List<SqlScript.Statement> statements = SqlScript.split(text);
    if (statements.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--file " + file + " holds no statement");
    }
    return statements;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /**
   * RFC 4180 CSV, inert in a spreadsheet (OWASP "CSV injection"): a text value (or header) that
   * starts with {@code = + - @}, a tab or a carriage return gets a leading {@code '} and quotes, so
   * that no spreadsheet runs it as a formula. Numbers are typed values, never text: {@code -1} from
   * a numeric column stays {@code -1}, while the text {@code "-1"} becomes {@code "'-1"}. A null is
   * an empty field.
   */
  static String csv(String[] header, List<Row> rows) {
    StringWriter w = new StringWriter();
    CsvWriterSettings settings = new CsvWriterSettings();
    // a value holding the quote mark ' is quoted: every neutralised value holds one
    settings.setQuotationTriggers('\'');
    CsvWriter writer = new CsvWriter(w, settings);
    writer.writeHeaders(Stream.of(header).map(SqlCommand::inert).toArray(String[]::new));
    for (Row r : rows) {
      List<String> cells = cells(r);
      Object[] out = new Object[cells.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = r.get(i) instanceof String ? inert(cells.get(i)) : cells.get(i);
      }
      writer.writeRow(out);
    }
    writer.close();
    return w.toString();
  }

  /** A text cell a spreadsheet cannot take for a formula (see {@link #csv}). */
  static String inert(String text) {
    if (text.isEmpty()) {
      return text;
    }
    char c = text.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
        ? "'" + text
        : text;
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
