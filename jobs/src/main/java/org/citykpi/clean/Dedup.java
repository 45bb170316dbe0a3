package org.citykpi.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.citykpi.contract.SourceContract;

/**
 * One row per natural key: the latest delivery wins (last file, then last line); the others are
 * marked for quarantine as exact duplicates or as superseded versions.
 */
public final class Dedup {
  public static final String RULE = "_dedup_rule";
  public static final String REASON = "_dedup_reason";

  private Dedup() {}

  /**
   * Adds {@code _dedup_rule} and {@code _dedup_reason}: null for the row kept, else {@code
   * dedup.exact} or {@code dedup.superseded} with the file and line of the row kept. Needs the
   * contract columns, {@code _source_file} and {@code _line_no}; keeps the grain.
   */
  public static Dataset<Row> withDuplicateMarks(Dataset<Row> bronze, SourceContract c) {
    Column[] key =
        c.naturalKey().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Column[] values = c.columns().stream().map(s -> col(s.name())).toArray(Column[]::new);
    WindowSpec w =
        Window.partitionBy(key).orderBy(col("_source_file").desc(), col("_line_no").desc());
    Column keptFile = first(col("_source_file")).over(w);
    Column keptLine = first(col("_line_no")).over(w);
    Column keptHash = first(col("_content_hash")).over(w);
    Column dup = row_number().over(w).gt(1);
    Column exact = col("_content_hash").equalTo(keptHash);
    return bronze
        .withColumn("_content_hash", xxhash64(values))
        .withColumn(RULE, when(dup, when(exact, "dedup.exact").otherwise("dedup.superseded")))
        .withColumn(
            REASON,
            when(
                dup,
                when(exact, format_string("exact duplicate of %s line %d", keptFile, keptLine))
                    .otherwise(
                        format_string(
                            "same key as %s line %d, which was delivered later and is kept",
                            keptFile, keptLine))))
        .drop("_content_hash");
  }
}
