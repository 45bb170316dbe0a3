package org.citykpi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.opentest4j.AssertionFailedError;

/**
 * Golden files: expected output kept under {@code jobs/src/test/resources/golden/}, compared whole,
 * and rewritten only when the test JVM runs with {@code -Dgolden.update=true} (as Spark's {@code
 * SQLQueryTestSuite} does with its own flag).
 *
 * <p>A golden file is tab-separated text: {@code #} comment lines, a header line of column names,
 * then one line per row, sorted. The first {@code keys} columns identify a row. Values are written
 * so that the same table always gives the same bytes: null as {@code NULL}, doubles in the shortest
 * decimal form that reads back as the same double ({@code 87.5}, {@code 100}, never {@code
 * 1.0E-7}), dates as ISO dates, tabs and line breaks inside strings escaped.
 *
 * <p>On a difference the failure says, per key, which columns changed and from what to what, then
 * lists the rows missing and the rows not expected, so a shifted rounding rule reads as {@code
 * attainment_pct: 94.117647 -> 94.12} rather than as two long lines.
 */
public final class Golden {
  /** System property that rewrites golden files instead of comparing with them. */
  public static final String UPDATE = "golden.update";

  private static final int SHOWN = 25;

  private Golden() {}

  /** The golden folder in the source tree (not a copy under target/). */
  public static Path dir() {
    return Paths.get(System.getProperty("citykpi.repo", "."), "jobs/src/test/resources/golden")
        .normalize();
  }

  /**
   * Compares the frame with golden file {@code name}: the columns {@code keys} first (they identify
   * a row), then the other columns in the frame's order.
   */
  public static void assertFrame(
      String name, List<String> comments, Dataset<Row> df, List<String> keys) {
    List<String> cols = new ArrayList<>(keys);
    Arrays.stream(df.columns()).filter(c -> !keys.contains(c)).forEach(cols::add);
    Column[] select = cols.stream().map(functions::col).toArray(Column[]::new);
    List<List<String>> rows = new ArrayList<>();
    for (Row r : df.select(select).collectAsList()) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        cells.add(format(r.get(i)));
      }
      rows.add(cells);
    }
    assertRows(name, comments, cols, rows, keys.size());
  }

  /** Compares header and rows (cells already formatted, e.g. with {@link #format}) with a file. */
  public static void assertRows(
      String name, List<String> comments, List<String> header, List<List<String>> rows, int keys) {
    List<String> lines = new ArrayList<>();
    comments.forEach(c -> lines.add("# " + c));
    lines.add(String.join("\t", header));
    rows.stream().map(r -> String.join("\t", r)).sorted().forEach(lines::add);
    String actual = String.join("\n", lines) + "\n";
    check(dir().resolve(name), actual, keys, Boolean.getBoolean(UPDATE));
  }

  /** Compares {@code actual} with the file, or rewrites the file when {@code update}. */
  static void check(Path file, String actual, int keys, boolean update) {
    try {
      if (update) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        System.err.println("golden file rewritten: " + file);
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionFailedError(
            "No golden file "
                + file
                + "; write it with -D"
                + UPDATE
                + "=true and review it before committing");
      }
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        throw new AssertionFailedError(describe(file, expected, actual, keys), expected, actual);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One value as written in a golden file. */
  public static String format(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        return String.valueOf(d);
      }
      if (d == 0) {
        return "0"; // also -0.0
      }
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  /** The readable difference: changed columns per key, then missing and unexpected rows. */
  static String describe(Path file, String expected, String actual, int keys) {
    Table want = Table.parse(expected);
    Table got = Table.parse(actual);
    StringBuilder sb = new StringBuilder();
    sb.append("Output differs from golden file ").append(file).append('\n');
    if (!want.header.equals(got.header)) {
      sb.append("  header expected: ").append(want.header).append('\n');
      sb.append("  header actual:   ").append(got.header).append('\n');
    }
    Map<String, List<String>> wantRows = want.rows(keys);
    Map<String, List<String>> gotRows = got.rows(keys);
    List<String> changed = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : wantRows.entrySet()) {
      List<String> now = gotRows.get(e.getKey());
      if (now == null) {
        missing.add(String.join("\t", e.getValue()));
      } else if (!now.equals(e.getValue())) {
        changed.add(e.getKey() + ": " + columnChanges(want.header, e.getValue(), now, keys));
      }
    }
    gotRows.forEach(
        (k, r) -> {
          if (!wantRows.containsKey(k)) {
            unexpected.add(String.join("\t", r));
          }
        });
    if (wantRows.size() != want.data.size() || gotRows.size() != got.data.size()) {
      sb.append("  (the first ").append(keys).append(" columns do not identify rows uniquely)\n");
    }
    section(sb, changed, "rows changed (key: column: expected -> actual)");
    section(sb, missing, "rows missing (expected, not produced)");
    section(sb, unexpected, "rows not expected (produced, not in the file)");
    if (changed.isEmpty() && missing.isEmpty() && unexpected.isEmpty()) {
      sb.append("  (same rows; the comments or the layout differ)\n");
    }
    sb.append("If the change is intended, rewrite the file with -D")
        .append(UPDATE)
        .append("=true and commit it with the change that explains it.");
    return sb.toString();
  }

  private static String columnChanges(
      List<String> header, List<String> want, List<String> got, int keys) {
    List<String> out = new ArrayList<>();
    for (int i = keys; i < Math.max(want.size(), got.size()); i++) {
      String w = i < want.size() ? want.get(i) : "(none)";
      String g = i < got.size() ? got.get(i) : "(none)";
      if (!w.equals(g)) {
        out.add((i < header.size() ? header.get(i) : "#" + i) + ": " + w + " -> " + g);
      }
    }
    return String.join("; ", out);
  }

  private static void section(StringBuilder sb, List<String> lines, String title) {
    if (lines.isEmpty()) {
      return;
    }
    sb.append("  ").append(lines.size()).append(' ').append(title).append(":\n");
    lines.stream().limit(SHOWN).forEach(l -> sb.append("    ").append(l).append('\n'));
    if (lines.size() > SHOWN) {
      sb.append("    ... and ").append(lines.size() - SHOWN).append(" more\n");
    }
  }

  /** A golden text read back: header and data lines, comments dropped. */
  private record Table(List<String> header, List<List<String>> data) {
    static Table parse(String text) {
      List<String> header = null;
      List<List<String>> data = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("#") || line.isEmpty()) {
          continue;
        }
        List<String> cells = Arrays.asList(line.split("\t", -1));
        if (header == null) {
          header = cells;
        } else {
          data.add(cells);
        }
      }
      return new Table(header == null ? List.of() : header, data);
    }

    /** Rows by key (the first {@code keys} cells joined by " | "), in key order. */
    Map<String, List<String>> rows(int keys) {
      Map<String, List<String>> out = new TreeMap<>();
      for (List<String> r : data) {
        out.put(String.join(" | ", r.subList(0, Math.min(keys, r.size()))), r);
      }
      return out;
    }
  }
}
