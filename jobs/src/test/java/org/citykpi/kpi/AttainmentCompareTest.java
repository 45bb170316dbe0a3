package org.citykpi.kpi;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Attainment#compare(org.apache.spark.sql.Column, org.apache.spark.sql.Column, String)}:
 * each comparator at the boundary (value = target), just below and above it, and a null value; and
 * the same answers as the comparator-column form on every row.
 */
@ExtendWith(SparkExtension.class)
class AttainmentCompareTest {
  static final List<String> COMPARATORS = List.of(">=", ">", "<=", "<", "=");

  /** Values against a target of 600: a null, just below, the boundary, just above. */
  static Dataset<Row> values(SparkSession spark) {
    return frame(
        spark,
        "id INT, value DOUBLE, target DOUBLE",
        row(1, null, 600.0),
        row(2, 599.99, 600.0),
        row(3, 600.0, 600.0),
        row(4, 600.01, 600.0));
  }

  static Dataset<Row> compared(SparkSession spark, String comparator) {
    return values(spark)
        .select(col("id"), Attainment.compare(col("value"), col("target"), comparator).as("meets"));
  }

  @Test
  void eachComparatorAtItsBoundaryWithNullForANullValue(SparkSession spark) {
    assertRows(
        compared(spark, ">="), List.of(row(1, null), row(2, false), row(3, true), row(4, true)));
    assertRows(
        compared(spark, ">"), List.of(row(1, null), row(2, false), row(3, false), row(4, true)));
    assertRows(
        compared(spark, "<="), List.of(row(1, null), row(2, true), row(3, true), row(4, false)));
    assertRows(
        compared(spark, "<"), List.of(row(1, null), row(2, true), row(3, false), row(4, false)));
    assertRows(
        compared(spark, "="), List.of(row(1, null), row(2, false), row(3, true), row(4, false)));
  }

  @Test
  void agreesWithTheComparatorColumnForm(SparkSession spark) {
    for (String c : COMPARATORS) {
      Dataset<Row> byColumn =
          values(spark)
              .withColumn("comparator", lit(c))
              .select(col("id"), Attainment.compare(col("value"), col("target")).as("meets"));
      assertRows(compared(spark, c), byColumn.collectAsList());
    }
  }

  @Test
  void anUnknownComparatorIsRefusedByName() {
    assertThatThrownBy(() -> Attainment.compare(col("value"), col("target"), "=>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'=>'");
  }
}
