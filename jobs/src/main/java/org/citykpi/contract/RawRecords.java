package org.citykpi.contract;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.sql.Date;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The one shape every format reader produces: a record of a file with its position, its raw text
 * and its fields in the contract's column order, or a parse error. Validation works on this shape
 * only.
 */
public final class RawRecords {
  public static final String FILE = "_source_file";
  public static final String LINE = "_line_no";
  public static final String RAW = "raw_text";
  public static final String ENCODING = "encoding";
  public static final String FIELDS = "fields";
  public static final String PARSE_ERROR = "parse_error";
  public static final String FILE_DATE = "file_date";

  /** The rule id of a parse error (null: {@link #MALFORMED}). */
  public static final String PARSE_RULE = "parse_rule";

  /** The rule id of a record that could not be split into the contract's fields. */
  public static final String MALFORMED = "format.malformed";

  public static final StructType SCHEMA =
      new StructType()
          .add(FILE, StringType, false)
          .add(LINE, LongType, false)
          .add(RAW, StringType, true)
          .add(ENCODING, StringType, true)
          .add(FIELDS, createArrayType(StringType, true), true)
          .add(PARSE_ERROR, StringType, true)
          .add(FILE_DATE, DateType, true)
          .add(PARSE_RULE, StringType, true);

  private static final Pattern DAY = Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})(?!\\d)");
  private static final Pattern MONTH = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})(?![\\d-])");
  private static final Pattern YEAR = Pattern.compile("(?<!\\d)((?:19|20)\\d{2})(?!\\d)");

  private RawRecords() {}

  /**
   * One record; {@code fields} holds the values in the contract's column order (null when the
   * record could not be split, and then {@code error} says why).
   */
  public static Row record(
      String file,
      long line,
      String raw,
      String encoding,
      String[] fields,
      String error,
      LocalDate fileDate) {
    return record(file, line, raw, encoding, fields, error, fileDate, null);
  }

  /**
   * A record that could not be read, with the rule it failed ({@code encoding.invalid}, {@code
   * line.too_long}, ...; null for {@link #MALFORMED}).
   */
  public static Row record(
      String file,
      long line,
      String raw,
      String encoding,
      String[] fields,
      String error,
      LocalDate fileDate,
      String rule) {
    return RowFactory.create(
        file,
        line,
        raw,
        encoding,
        fields == null ? null : scala.collection.immutable.ArraySeq.unsafeWrapArray(fields),
        error,
        fileDate == null ? null : Date.valueOf(fileDate),
        error == null ? null : rule);
  }

  /**
   * The date a file's name gives (first of {@code 2026-09-14}, {@code 20130301}, {@code 2026-09},
   * {@code 2011}), used to place records that carry no usable event time; null when the name has
   * none.
   */
  public static LocalDate fileDate(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    Matcher m = DAY.matcher(name);
    while (m.find()) {
      try {
        return LocalDate.of(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
      } catch (DateTimeException ignored) {
        // not a date; keep looking
      }
    }
    // Day-shaped tokens left are impossible dates (2026-13-45): not a month or a year either.
    name = DAY.matcher(name).replaceAll("_");
    m = MONTH.matcher(name);
    if (m.find()) {
      int month = Integer.parseInt(m.group(2));
      if (month >= 1 && month <= 12) {
        return LocalDate.of(Integer.parseInt(m.group(1)), month, 1);
      }
    }
    m = YEAR.matcher(name);
    return m.find() ? LocalDate.of(Integer.parseInt(m.group(1)), 1, 1) : null;
  }
}
