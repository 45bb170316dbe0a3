package org.citykpi.contract;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.citykpi.geo.Reference;
import org.citykpi.ingest.RawRecords;

/**
 * Contract-driven typing and validation of raw records, built only from Spark's built-in functions.
 *
 * <p>Input: {@link RawRecords#SCHEMA}. Output: the raw columns, one typed column per contract
 * column (canonical name), {@code _rule_ids} and {@code _reasons} (arrays, empty when the record
 * passes) and {@code _placed_on}, the date the record belongs to: its event date (month start for
 * monthly sources) when it parses, else the date in its file name (null when the name has none: the
 * ingest job then places such records on the file's earliest valid event date).
 */
public final class Validation {
  public static final String RULE_IDS = "_rule_ids";
  public static final String REASONS = "_reasons";
  public static final String PLACED_ON = "_placed_on";

  /** The record's event date (month start for monthly sources), even when a rule failed. */
  public static final String EVENT_DATE = "_event_date";

  private static final String TEXT = "_text_";
  private static final List<String> TRUE = List.of("true", "1", "yes", "y", "t");
  private static final List<String> FALSE = List.of("false", "0", "no", "n", "f");

  private Validation() {}

  /**
   * Adds typed columns, rule results and the placement date; the grain stays one row per record.
   */
  public static Dataset<Row> withValidation(
      Dataset<Row> raw, SourceContract contract, Reference ref) {
    List<Column> ruleIds = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    Column parsed = col(RawRecords.PARSE_ERROR).isNull();
    ruleIds.add(when(parsed.unary_$bang(), lit("format.malformed")));
    reasons.add(when(parsed.unary_$bang(), col(RawRecords.PARSE_ERROR)));

    // Stage each field's text once, then type it once; the rules below read these columns.
    List<ColumnSpec> specs = contract.columns();
    Map<String, Column> texts = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      texts.put(TEXT + specs.get(i).name(), rawText(i, contract));
    }
    Dataset<Row> df = raw.withColumns(texts);
    Map<String, Column> typedCols = new LinkedHashMap<>();
    for (ColumnSpec c : specs) {
      Column t = typed(c, contract, col(TEXT + c.name()));
      if (c.scale() != null) {
        t = t.multiply(lit(c.scale()));
      }
      if (c.lookup() != null) {
        t = element_at(mapArrays(ref.lookup(c.lookup())), t);
      }
      typedCols.put(c.name(), t);
    }
    df = df.withColumns(typedCols);
    for (ColumnSpec c : specs) {
      Column text = col(TEXT + c.name());
      Column value = col(c.name());
      String n = c.name();
      if (!c.isNullable()) {
        add(ruleIds, reasons, parsed.and(text.isNull()), n + ".required", lit(n + " is missing"));
      }
      if (!"string".equals(c.type())) {
        add(
            ruleIds,
            reasons,
            parsed.and(text.isNotNull()).and(value.isNull()),
            n + ".type",
            format_string(
                "%s '%s' is not a valid " + c.type() + formatHint(c, contract), lit(n), text));
      }
      if (c.min() != null) {
        add(
            ruleIds,
            reasons,
            value.lt(c.min()),
            n + ".range",
            format_string("%s %s is below the minimum " + num(c.min()) + unit(c), lit(n), value));
      }
      if (c.max() != null) {
        add(
            ruleIds,
            reasons,
            value.gt(c.max()),
            n + ".range",
            format_string("%s %s is above the maximum " + num(c.max()) + unit(c), lit(n), value));
      }
      if (c.allowed() != null) {
        add(
            ruleIds,
            reasons,
            value.isin(c.allowed().toArray()).unary_$bang(),
            n + ".allowed",
            format_string("%s '%s' is not one of " + c.allowed(), lit(n), value));
      }
      if (c.pattern() != null) {
        add(
            ruleIds,
            reasons,
            value.rlike(c.pattern()).unary_$bang(),
            n + ".pattern",
            format_string("%s '%s' does not match " + c.pattern(), lit(n), value));
      }
      if (c.references() != null) {
        Map<String, String> known = ref.referenceValues(c.references());
        add(
            ruleIds,
            reasons,
            value.isin(known.keySet().toArray()).unary_$bang(),
            n + ".reference",
            format_string(
                "%s '%s' is not a known " + c.references() + " (schemas/reference)",
                lit(n),
                value));
      }
      if (c.lookup() != null) {
        add(
            ruleIds,
            reasons,
            parsed.and(text.isNotNull()).and(value.isNull()),
            n + ".lookup",
            format_string(
                "%s '%s' is not a known " + c.lookup() + " (schemas/reference)", lit(n), text));
      }
      if (c.unitOf() != null) {
        ColumnSpec of = contract.column(c.unitOf()).orElseThrow();
        Column expected =
            element_at(mapLiteral(ref.referenceValues(of.references())), col(of.name()));
        add(
            ruleIds,
            reasons,
            expected.isNotNull().and(value.notEqual(expected)),
            n + ".unit",
            format_string(
                "%s '%s' does not match the unit '%s' of %s '%s'",
                lit(n), value, expected, lit(of.name()), col(of.name())));
      }
    }
    for (SourceContract.Rule r : contract.ruleList()) {
      add(
          ruleIds,
          reasons,
          parsed.and(coalesce(expr(r.when()), lit(false))),
          r.id(),
          lit(r.reason()));
    }
    ColumnSpec event = contract.column(contract.eventTime().column()).orElseThrow();
    Column eventDate = to_date(col(event.name()));
    if (contract.monthly()) {
      eventDate = trunc(eventDate, "month");
    }
    Column valid = array_compact(array(ruleIds.toArray(Column[]::new)));
    Column fileDate =
        contract.monthly() ? trunc(col(RawRecords.FILE_DATE), "month") : col(RawRecords.FILE_DATE);
    return df.withColumn(RULE_IDS, valid)
        .withColumn(REASONS, array_compact(array(reasons.toArray(Column[]::new))))
        .withColumn(EVENT_DATE, eventDate)
        .withColumn(PLACED_ON, coalesce(eventDate, fileDate))
        .drop(texts.keySet().toArray(String[]::new));
  }

  /** A literal map column, for looking up small reference values without a join. */
  public static Column mapLiteral(Map<String, String> values) {
    List<Column> kv = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          kv.add(lit(k));
          kv.add(lit(v));
        });
    return map(kv.toArray(Column[]::new));
  }

  /**
   * A large lookup map as one literal pair of arrays (a {@code map(k1, v1, ...)} call would not
   * compile).
   */
  static Column mapArrays(Map<String, String> values) {
    return org.apache.spark.sql.functions.map_from_arrays(
        lit(values.keySet().toArray(String[]::new)), lit(values.values().toArray(String[]::new)));
  }

  private static void add(
      List<Column> ids, List<Column> reasons, Column failed, String id, Column why) {
    ids.add(when(failed, lit(id)));
    reasons.add(when(failed, why));
  }

  /** The i-th field's text, trimmed, or null when it is one of the contract's null markers. */
  static Column rawText(int i, SourceContract contract) {
    ColumnSpec spec = contract.columns().get(i);
    if (spec.isConstant()) {
      return lit(spec.constant());
    }
    Column t = trim(col(RawRecords.FIELDS).getItem(i));
    return when(t.isin(contract.nullMarkerList().toArray()).unary_$bang(), t);
  }

  static Column typed(ColumnSpec c, SourceContract contract, Column text) {
    return switch (c.type()) {
      case "string" -> text;
      case "double" -> text.try_cast(DataTypes.DoubleType);
      case "long" -> text.try_cast(DataTypes.LongType);
      case "int" -> text.try_cast(DataTypes.IntegerType);
      case "boolean" ->
          when(lower(text).isin(TRUE.toArray()), lit(true))
              .when(lower(text).isin(FALSE.toArray()), lit(false));
      case "timestamp" ->
          try_to_timestamp(text, lit(format(c, contract))).cast(DataTypes.TimestampNTZType);
      case "date" -> to_date(try_to_timestamp(text, lit(format(c, contract))));
      case "month" -> to_date(try_to_timestamp(text, lit(format(c, contract))));
      default -> throw new IllegalArgumentException("unknown type " + c.type());
    };
  }

  static String format(ColumnSpec c, SourceContract contract) {
    if (c.format() != null) {
      return c.format();
    }
    if (c.name().equals(contract.eventTime().column()) && contract.eventTime().format() != null) {
      return contract.eventTime().format();
    }
    return switch (c.type()) {
      case "month" -> "yyyy-MM";
      case "date" -> "yyyy-MM-dd";
      default -> "yyyy-MM-dd HH:mm:ss";
    };
  }

  private static String formatHint(ColumnSpec c, SourceContract contract) {
    return switch (c.type()) {
      case "timestamp", "date", "month" -> " (" + format(c, contract) + ")";
      default -> "";
    };
  }

  private static String unit(ColumnSpec c) {
    return c.unit() == null ? "" : " " + c.unit().replace("%", "%%");
  }

  private static String num(Double d) {
    return d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(d);
  }
}
