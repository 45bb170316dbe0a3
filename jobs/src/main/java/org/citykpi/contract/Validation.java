package org.citykpi.contract;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.citykpi.geo.Reference;

/**
 * Contract-driven typing and validation of raw records, built only from Spark's built-in functions.
 *
 * <p>Input: {@link RawRecords#SCHEMA}. Output: the raw columns, one typed column per contract
 * column (canonical name), {@code _rule_ids} and {@code _reasons} (arrays, empty when the record
 * passes), {@code _event_date} and {@code _placed_on}, the date the record belongs to: its event
 * date (month start for monthly sources) when it parses, else the date in its file name (null when
 * the name has none: the ingest job then places such records on the file's earliest valid event
 * date). A contract with {@code on_invalid: nullify} columns adds {@code _nulled} (the rule ids of
 * the values set to null); one whose event time carries a UTC offset adds {@code _event_ts_utc}.
 */
public final class Validation {
  public static final String RULE_IDS = "_rule_ids";
  public static final String REASONS = "_reasons";
  public static final String PLACED_ON = "_placed_on";

  /** The record's event date (month start for monthly sources), even when a rule failed. */
  public static final String EVENT_DATE = "_event_date";

  /** Rule ids of optional values nulled by {@code on_invalid: nullify} (the record is kept). */
  public static final String NULLED = "_nulled";

  /** The exact instant of an event time written with its UTC offset. */
  public static final String EVENT_UTC = "_event_ts_utc";

  /** Prefix of the staged text of each column; record rules may name it ({@code _text_value}). */
  static final String TEXT = "_text_";

  /** What a reason shows instead of a personal value. */
  static final String WITHHELD = "(personal, withheld)";

  private static final List<String> TRUE = List.of("true", "1", "yes", "y", "t", "是");
  private static final List<String> FALSE = List.of("false", "0", "no", "n", "f", "否");

  private Validation() {}

  /** One rule of a column: the condition under which the value fails it, its id and reason. */
  private record Check(Column failed, String id, Column reason) {}

  /**
   * Adds typed columns, rule results and the placement date; the grain stays one row per record.
   */
  public static Dataset<Row> withValidation(
      Dataset<Row> raw, SourceContract contract, Reference ref) {
    List<Column> ruleIds = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    List<Column> nulled = new ArrayList<>();
    Column parsed = col(RawRecords.PARSE_ERROR).isNull();
    ruleIds.add(
        when(
            parsed.unary_$bang(), coalesce(col(RawRecords.PARSE_RULE), lit(RawRecords.MALFORMED))));
    reasons.add(when(parsed.unary_$bang(), col(RawRecords.PARSE_ERROR)));

    // Stage each field's text once, then type it once; the rules below read these columns.
    List<ColumnSpec> specs = contract.columns();
    Map<String, Column> texts = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      texts.put(TEXT + specs.get(i).name(), rawText(i, contract));
    }
    Dataset<Row> df = raw.withColumns(texts);
    Map<String, Column> typedCols = new LinkedHashMap<>();
    Map<String, Column> scopedLookups = new LinkedHashMap<>();
    for (ColumnSpec c : specs) {
      Column text = col(TEXT + c.name());
      Column t = typed(c, contract, text);
      if (c.converts()) {
        // In decimals, so that 281.5 K is 8.35 degC, not 8.350000000000023.
        t =
            text.try_cast(DataTypes.createDecimalType(38, 18))
                .multiply(lit(BigDecimal.valueOf(c.scale() == null ? 1.0 : c.scale())))
                .plus(lit(BigDecimal.valueOf(c.offset() == null ? 0.0 : c.offset())))
                .cast(DataTypes.DoubleType);
      }
      if (c.lookup() != null && c.province() != null) {
        // The province column is typed in this same pass: scope the look-up in a second one.
        Column key = concat(substring(col(c.province()), 1, 2), lit("|"), t);
        scopedLookups.put(c.name(), element_at(mapArrays(ref.lookupInProvince(c.lookup())), key));
      } else if (c.lookup() != null) {
        t = element_at(mapArrays(ref.lookup(c.lookup())), t);
      }
      typedCols.put(c.name(), t);
    }
    if (contract.eventTimeHasOffset()) {
      ColumnSpec e = contract.column(contract.eventTime().column()).orElseThrow();
      typedCols.put(EVENT_UTC, try_to_timestamp(col(TEXT + e.name()), lit(format(e, contract))));
    }
    df = df.withColumns(typedCols);
    if (!scopedLookups.isEmpty()) {
      df = df.withColumns(scopedLookups);
    }
    Map<String, Column> nulledValues = new LinkedHashMap<>();
    for (ColumnSpec c : specs) {
      List<Check> checks = checks(c, contract, ref, parsed);
      if (c.nullsInvalid()) {
        Column bad = lit(false);
        for (Check k : checks) {
          nulled.add(when(k.failed(), lit(k.id())));
          bad = bad.or(coalesce(k.failed(), lit(false)));
        }
        nulledValues.put(c.name(), when(bad.unary_$bang(), col(c.name())));
      } else {
        for (Check k : checks) {
          ruleIds.add(when(k.failed(), lit(k.id())));
          reasons.add(when(k.failed(), k.reason()));
        }
      }
    }
    if (!nulledValues.isEmpty()) {
      // The checks above read the values before nulling: compute their flags first.
      df = df.withColumn(NULLED, array_compact(array(nulled.toArray(Column[]::new))));
      df = df.withColumns(nulledValues);
    }
    for (SourceContract.Rule r : contract.ruleList()) {
      Column failed = parsed.and(coalesce(expr(r.when()), lit(false)));
      ruleIds.add(when(failed, lit(r.id())));
      reasons.add(when(failed, lit(r.reason())));
    }
    ColumnSpec event = contract.column(contract.eventTime().column()).orElseThrow();
    Column eventDate = to_date(col(event.name()));
    if (contract.monthly()) {
      eventDate = trunc(eventDate, "month");
    }
    Column fileDate =
        contract.monthly() ? trunc(col(RawRecords.FILE_DATE), "month") : col(RawRecords.FILE_DATE);
    return df.withColumn(RULE_IDS, array_compact(array(ruleIds.toArray(Column[]::new))))
        .withColumn(REASONS, array_compact(array(reasons.toArray(Column[]::new))))
        .withColumn(EVENT_DATE, eventDate)
        .withColumn(PLACED_ON, coalesce(eventDate, fileDate))
        .drop(texts.keySet().toArray(String[]::new));
  }

  /** The rules of one column over its typed value and its text. */
  private static List<Check> checks(
      ColumnSpec c, SourceContract contract, Reference ref, Column parsed) {
    List<Check> out = new ArrayList<>();
    Column text = col(TEXT + c.name());
    Column value = col(c.name());
    String n = c.name();
    // A reason never shows a personal value: ops.quarantine keeps no personal id in clear.
    boolean personal = contract.piiColumns().contains(n);
    Column shownText = personal ? lit(WITHHELD) : text;
    Column shownValue = personal ? lit(WITHHELD) : value;
    String delivered = c.converts() ? " (delivered '%s')" : "";
    if (!c.isNullable()) {
      out.add(new Check(parsed.and(text.isNull()), n + ".required", lit(n + " is missing")));
    }
    if (!"string".equals(c.type())) {
      out.add(
          new Check(
              parsed.and(text.isNotNull()).and(value.isNull()).and(lit(c.lookup() == null)),
              n + ".type",
              format_string(
                  "%s '%s' is not a valid " + c.type() + formatHint(c, contract),
                  lit(n),
                  shownText)));
    }
    if (c.min() != null) {
      out.add(
          new Check(
              value.lt(c.min()),
              n + ".range",
              format_string(
                  "%s %s" + delivered + " is below the minimum " + num(c.min()) + unit(c),
                  lit(n),
                  shownValue,
                  shownText)));
    }
    if (c.max() != null) {
      out.add(
          new Check(
              value.gt(c.max()),
              n + ".range",
              format_string(
                  "%s %s" + delivered + " is above the maximum " + num(c.max()) + unit(c),
                  lit(n),
                  shownValue,
                  shownText)));
    }
    if (c.allowed() != null) {
      out.add(
          new Check(
              value.isin(c.allowed().toArray()).unary_$bang(),
              n + ".allowed",
              format_string("%s '%s' is not one of " + c.allowed(), lit(n), shownValue)));
    }
    if (c.pattern() != null) {
      out.add(
          new Check(
              value.rlike(c.pattern()).unary_$bang(),
              n + ".pattern",
              format_string("%s '%s' does not match " + c.pattern(), lit(n), shownValue)));
    }
    if (c.references() != null) {
      Map<String, String> known = ref.referenceValues(c.references());
      out.add(
          new Check(
              value.isin(known.keySet().toArray()).unary_$bang(),
              n + ".reference",
              format_string(
                  "%s '%s' is not a known " + c.references() + " (schemas/reference)",
                  lit(n),
                  shownValue)));
    }
    if (c.lookup() != null) {
      Column unmapped = parsed.and(text.isNotNull()).and(value.isNull());
      Column pseudoReason = pseudoReason(text, ref);
      String where = c.province() == null ? "" : " in the row's province";
      out.add(
          new Check(
              unmapped.and(pseudoReason.isNotNull()),
              n + ".not_a_division",
              format_string("%s '%s' is not a division: %s", lit(n), shownText, pseudoReason)));
      out.add(
          new Check(
              unmapped.and(pseudoReason.isNull()),
              n + ".lookup",
              format_string(
                  "%s '%s' is not a known " + c.lookup() + where + " (schemas/reference)",
                  lit(n),
                  shownText)));
    }
    if (c.province() != null) {
      Column province = col(c.province());
      out.add(
          new Check(
              value
                  .isNotNull()
                  .and(province.isNotNull())
                  .and(substring(value, 1, 2).notEqual(substring(province, 1, 2))),
              n + ".province",
              format_string(
                  "%s %s does not lie in the row's province %s (%s)",
                  lit(n), value, province, lit(c.province()))));
    }
    if (c.unitOf() != null) {
      ColumnSpec of = contract.column(c.unitOf()).orElseThrow();
      Column expected =
          element_at(mapLiteral(ref.referenceValues(of.references())), col(of.name()));
      out.add(
          new Check(
              expected.isNotNull().and(value.notEqual(expected)),
              n + ".unit",
              format_string(
                  "%s '%s' does not match the unit '%s' of %s '%s'",
                  lit(n), value, expected, lit(of.name()), col(of.name()))));
    }
    return out;
  }

  /** The reason of the first pseudo-area pattern the text matches, else null. */
  private static Column pseudoReason(Column text, Reference ref) {
    Column out = lit(null).cast(DataTypes.StringType);
    List<Reference.PseudoArea> areas = ref.pseudoAreas();
    for (int i = areas.size() - 1; i >= 0; i--) {
      out = when(text.rlike(areas.get(i).pattern()), lit(areas.get(i).reason())).otherwise(out);
    }
    return out;
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

  /**
   * The i-th field's text, trimmed, or null when it is one of the column's null markers (its own
   * {@code null_markers}, else the contract's).
   */
  static Column rawText(int i, SourceContract contract) {
    ColumnSpec spec = contract.columns().get(i);
    if (spec.isConstant()) {
      return lit(spec.constant());
    }
    List<String> markers =
        spec.nullMarkers() != null ? spec.nullMarkers() : contract.nullMarkerList();
    Column t = trim(col(RawRecords.FIELDS).getItem(i));
    if (spec.values() != null && !spec.values().isEmpty()) {
      t = coalesce(element_at(mapLiteral(spec.values()), t), t);
    }
    return when(t.isin(markers.toArray()).unary_$bang(), t);
  }

  /**
   * The typed value of a column's text. A timestamp is the wall-clock time of the contract's zone
   * (TIMESTAMP_NTZ); written with a UTC offset, it is converted to that zone's wall clock.
   */
  static Column typed(ColumnSpec c, SourceContract contract, Column text) {
    return switch (c.type()) {
      case "string" -> text;
      case "double" -> {
        // NaN and Infinity cast to a double but are no measurement: a type failure
        Column d = text.try_cast(DataTypes.DoubleType);
        yield when(
            isnan(d).or(d.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).unary_$bang(),
            d);
      }
      case "long" -> text.try_cast(DataTypes.LongType);
      case "int" -> text.try_cast(DataTypes.IntegerType);
      case "boolean" ->
          when(lower(text).isin(TRUE.toArray()), lit(true))
              .when(lower(text).isin(FALSE.toArray()), lit(false));
      case "timestamp" -> {
        Column ts = try_to_timestamp(text, lit(format(c, contract)));
        // The session time zone is UTC (Sessions), so an instant's UTC wall clock shifted to the
        // zone, cast without a zone, is the zone's wall clock.
        yield SourceContract.hasOffset(format(c, contract))
            ? from_utc_timestamp(ts, contract.eventTime().zone()).cast(DataTypes.TimestampNTZType)
            : ts.cast(DataTypes.TimestampNTZType);
      }
      case "date", "month" -> to_date(try_to_timestamp(text, lit(format(c, contract))));
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
