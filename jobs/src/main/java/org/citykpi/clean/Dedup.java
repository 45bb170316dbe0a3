package org.citykpi.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.citykpi.contract.SourceContract;
import org.citykpi.contract.Validation;

/**
 * One row per natural key, by the contract's declared order ({@code latest}): the latest by the
 * record's own columns (a snapshot's update time, whatever the line order), then by delivery (the
 * date in the file's name, or the file's modification time); rows equal in all of that are told
 * apart by file name and line only so that every run keeps the same one. The others are marked for
 * quarantine as exact duplicates or as superseded versions, with the reason the kept one won.
 *
 * <p>Event times compare as instants: a time written with its UTC offset keys by {@code
 * _event_ts_utc}, so the repeated hour of a daylight-saving fall-back is not a duplicate. A source
 * delivered in vintages keeps one row per key and vintage (older vintages stay in silver).
 */
public final class Dedup {
  public static final String RULE = "_dedup_rule";
  public static final String REASON = "_dedup_reason";
  static final String FILE = "_source_file";
  static final String LINE = "_line_no";
  static final String FILE_DATE = "_file_date";
  static final String MODIFIED = "_file_modified";
  static final String VINTAGE = "_vintage";

  private Dedup() {}

  /**
   * The columns that identify a real-world record: the natural key with the event time as an
   * instant when the feed wrote its offset, plus the vintage when the source has vintages.
   */
  static List<Column> key(Dataset<Row> bronze, SourceContract c) {
    boolean exact = has(bronze, Validation.EVENT_UTC);
    List<Column> key = new ArrayList<>();
    for (String k : c.naturalKey()) {
      key.add(exact && k.equals(c.eventTime().column()) ? col(Validation.EVENT_UTC) : col(k));
    }
    if (c.hasVintages()) {
      key.add(col(VINTAGE));
    }
    return key;
  }

  /**
   * Adds {@code _dedup_rule} and {@code _dedup_reason}: null for the row kept, else {@code
   * dedup.exact} or {@code dedup.superseded} with the file and line of the row kept and why it was
   * kept. Needs the contract columns, {@code _source_file}, {@code _line_no} and the delivery
   * metadata the contract's order names (missing in bronze written before it existed: null); keeps
   * the grain.
   */
  public static Dataset<Row> withDuplicateMarks(Dataset<Row> bronze, SourceContract c) {
    List<Order> order = order(bronze, c);
    List<Column> sort = new ArrayList<>();
    for (Order o : order) {
      sort.add(o.value().desc_nulls_last());
    }
    sort.add(col(FILE).desc());
    sort.add(col(LINE).desc());
    WindowSpec w =
        Window.partitionBy(key(bronze, c).toArray(Column[]::new))
            .orderBy(sort.toArray(Column[]::new));
    Column[] values = c.columns().stream().map(s -> col(s.name())).toArray(Column[]::new);
    Column keptFile = first(col(FILE)).over(w);
    Column keptLine = first(col(LINE)).over(w);
    Column keptHash = first(col("_content_hash")).over(w);
    Column dup = row_number().over(w).gt(1);
    Column exact = col("_content_hash").equalTo(keptHash);
    Column why =
        format_string(
            "same key as %s line %d, a later line of the same file, which is kept",
            keptFile, keptLine);
    why =
        when(
                keptFile.notEqual(col(FILE)),
                format_string(
                    "same key as %s line %d, which is kept: equal in the declared order %s, so"
                        + " the later file name decides",
                    keptFile, keptLine, lit(order.stream().map(Order::name).toList().toString())))
            .otherwise(why);
    for (int i = order.size() - 1; i >= 0; i--) {
      Order o = order.get(i);
      Column kept = first(o.value()).over(w);
      why =
          when(
                  kept.eqNullSafe(o.value()).unary_$bang(),
                  format_string(
                      "same key as %s line %d, which is kept: its "
                          + o.name()
                          + " %s is later than %s",
                      keptFile,
                      keptLine,
                      kept.cast("string"),
                      o.value().cast("string")))
              .otherwise(why);
    }
    return bronze
        .withColumn("_content_hash", xxhash64(values))
        .withColumn(RULE, when(dup, when(exact, "dedup.exact").otherwise("dedup.superseded")))
        .withColumn(
            REASON,
            when(
                dup,
                when(exact, format_string("exact duplicate of %s line %d", keptFile, keptLine))
                    .otherwise(why)))
        .drop("_content_hash");
  }

  /** One criterion of the declared order, latest first. */
  record Order(String name, Column value) {}

  static List<Order> order(Dataset<Row> bronze, SourceContract c) {
    List<Order> out = new ArrayList<>();
    for (String b : c.latestOrDefault().byColumns()) {
      out.add(new Order(b, col(b)));
    }
    for (String d : c.latestOrDefault().deliveryOrder()) {
      String column = d.equals("modified") ? MODIFIED : FILE_DATE;
      String name = d.equals("modified") ? "file modification time" : "file date";
      out.add(new Order(name, has(bronze, column) ? col(column) : lit(null)));
    }
    return out;
  }

  static boolean has(Dataset<Row> df, String column) {
    return List.of(df.columns()).contains(column);
  }
}
