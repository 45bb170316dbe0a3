package org.citykpi.economy;

import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.assertSameSchema;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Long statistics pivoted to one column per indicator of the list passed in. */
@ExtendWith(SparkExtension.class)
class EconomyMonthlyTest {
  static final List<String> INDICATORS = List.of("households", "ftth_households", "internet_users");
  static final LocalDate M = LocalDate.parse("2026-09-01");

  static Dataset<Row> stats(SparkSession spark) {
    return frame(
        spark,
        "city_code STRING, month DATE, indicator_code STRING, value DOUBLE",
        row("330100", M, "households", 100.0),
        row("330100", M, "ftth_households", 80.0),
        row("330100", M, "not_listed", 5.0),
        row("330200", M, "households", null),
        row("330200", M, "internet_users", 0.0));
  }

  @Test
  void everyListedIndicatorIsAColumnInListOrder(SparkSession spark) {
    assertSameSchema(
        EconomyMonthly.toCityMonth(stats(spark), INDICATORS),
        StructType.fromDDL(
            "city_code STRING, month DATE, households DOUBLE, ftth_households DOUBLE, internet_users DOUBLE, "
                + "indicators_reported INT"));
  }

  @Test
  void missingIndicatorIsNullAndOnlyNonNullValuesCountAsReported(SparkSession spark) {
    assertRows(
        EconomyMonthly.toCityMonth(stats(spark), INDICATORS),
        List.of(
            row(
                "330100", M, 100.0, 80.0, null,
                2), // internet_users not delivered; not_listed ignored
            row("330200", M, null, null, 0.0, 1))); // a null value is not reported; 0 is
  }
}
