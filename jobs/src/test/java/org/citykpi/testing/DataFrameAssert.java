package org.citykpi.testing;

import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Equality assertions for small frames, in the spirit of spark-fast-tests: schema first (names and
 * types, in order; nullability is ignored because Spark's inference of it is not a contract), then
 * rows as a multiset, so the order a shuffle happens to produce never fails a test.
 *
 * <p>Values are normalised before comparing: integral numbers as {@code long}, floating numbers to
 * 10 significant digits (hand-computed expectations like {@code 100.0 / 3} then match), {@link
 * Date} as {@link java.time.LocalDate}, {@link Timestamp} as {@link java.time.Instant}, Scala
 * sequences and nested rows as lists. A failure lists the rows missing and the rows not expected,
 * each sorted.
 */
public final class DataFrameAssert {
  private static final MathContext DIGITS = new MathContext(10);

  private DataFrameAssert() {}

  /** One row, for {@code List.of(row(...), row(...))}. */
  public static Row row(Object... values) {
    return RowFactory.create(values);
  }

  /** Rows from arrays: {@code rows(new Object[] {"330100", 1L}, new Object[] {null, 0L})}. */
  public static List<Row> rows(Object[]... values) {
    List<Row> out = new ArrayList<>();
    for (Object[] v : values) {
      out.add(RowFactory.create(v));
    }
    return out;
  }

  /** A small input frame from a DDL schema ({@code "city_code STRING, n BIGINT"}) and rows. */
  public static Dataset<Row> frame(SparkSession spark, String ddl, Row... rows) {
    return spark.createDataFrame(Arrays.asList(rows), StructType.fromDDL(ddl));
  }

  /** Fails unless {@code actual} has exactly the expected column names and types, in order. */
  public static void assertSameSchema(Dataset<Row> actual, StructType expected) {
    List<String> diff = schemaDiff(actual.schema(), expected);
    if (!diff.isEmpty()) {
      fail(
          "Schemas differ:%n  %s%nactual:   %s%nexpected: %s",
          String.join("\n  ", diff), describe(actual.schema()), describe(expected));
    }
  }

  /** Schema first, then the rows of both frames as multisets. */
  public static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected) {
    assertSameSchema(actual, expected.schema());
    assertRows(actual, expected.collectAsList());
  }

  /** Each expected row must have one value per column of {@code actual}; then rows as multisets. */
  public static void assertRows(Dataset<Row> actual, List<Row> expected) {
    StructType schema = actual.schema();
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).length() != schema.size()) {
        fail(
            "Expected row %d %s has %d values, but the frame has %d columns: %s",
            i + 1, expected.get(i), expected.get(i).length(), schema.size(), describe(schema));
      }
    }
    List<Row> got = actual.collectAsList();
    Map<String, Integer> missing = counts(expected);
    Map<String, Integer> unexpected = new TreeMap<>();
    for (Row r : got) {
      String k = key(r);
      if (missing.merge(k, -1, Integer::sum) < 0) {
        missing.merge(k, 1, Integer::sum);
        unexpected.merge(k, 1, Integer::sum);
      }
    }
    missing.values().removeIf(n -> n == 0);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      fail(
          "Rows differ (columns %s):%n  missing (expected, not found):%n%s%n"
              + "  unexpected (found, not expected):%n%s%n  all %d actual rows:%n%s",
          Arrays.toString(schema.fieldNames()),
          listing(missing),
          listing(unexpected),
          got.size(),
          listing(counts(got)));
    }
  }

  private static List<String> schemaDiff(StructType actual, StructType expected) {
    List<String> diff = new ArrayList<>();
    Map<String, StructField> byName = new LinkedHashMap<>();
    for (StructField f : actual.fields()) {
      byName.put(f.name(), f);
    }
    for (StructField e : expected.fields()) {
      StructField a = byName.get(e.name());
      if (a == null) {
        diff.add("missing column " + e.name() + " " + e.dataType().sql());
      } else if (!a.dataType().sameType(e.dataType())) {
        diff.add(
            "column "
                + e.name()
                + " is "
                + a.dataType().sql()
                + ", expected "
                + e.dataType().sql());
      }
    }
    List<String> expectedNames = Arrays.asList(expected.fieldNames());
    for (StructField a : actual.fields()) {
      if (!expectedNames.contains(a.name())) {
        diff.add("unexpected column " + a.name() + " " + a.dataType().sql());
      }
    }
    if (diff.isEmpty() && !Arrays.equals(actual.fieldNames(), expected.fieldNames())) {
      diff.add("columns in a different order");
    }
    return diff;
  }

  private static String describe(StructType s) {
    List<String> cols = new ArrayList<>();
    for (StructField f : s.fields()) {
      cols.add(f.name() + " " + f.dataType().sql());
    }
    return String.join(", ", cols);
  }

  private static Map<String, Integer> counts(List<Row> rows) {
    Map<String, Integer> out = new TreeMap<>(Comparator.naturalOrder());
    for (Row r : rows) {
      out.merge(key(r), 1, Integer::sum);
    }
    return out;
  }

  private static String listing(Map<String, Integer> rows) {
    if (rows.isEmpty()) {
      return "    (none)";
    }
    List<String> lines = new ArrayList<>();
    rows.forEach((k, n) -> lines.add("    " + k + (n > 1 ? " x" + n : "")));
    return String.join("\n", lines);
  }

  private static String key(Row r) {
    return String.valueOf(normalise(r));
  }

  /** A comparable, printable form of a value; see the class comment. */
  static Object normalise(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Row r) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        out.add(normalise(r.get(i)));
      }
      return out;
    }
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d)
          ? new BigDecimal(d).round(DIGITS).stripTrailingZeros().toPlainString()
          : String.valueOf(d);
    }
    if (v instanceof BigDecimal b) {
      return b.round(DIGITS).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Date d) {
      return d.toLocalDate();
    }
    if (v instanceof Timestamp t) {
      return t.toInstant();
    }
    if (v instanceof scala.collection.Iterable<?> it) {
      return normalise(scala.jdk.javaapi.CollectionConverters.asJava(it));
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(x -> out.add(normalise(x)));
      return out;
    }
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    return v;
  }
}
