package org.citykpi.health;

import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.assertSameSchema;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.Tables;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Visits to city × day counts by booking channel. */
@ExtendWith(SparkExtension.class)
class HealthDailyTest {
  static final LocalDate D = LocalDate.parse("2026-09-14");

  static Dataset<Row> visits(SparkSession spark) {
    return frame(
        spark,
        "city_code STRING, local_date DATE, hospital_id STRING, booking_channel STRING, "
            + "is_telemedicine BOOLEAN, is_ehr_shared BOOLEAN",
        row("330100", D, "H1", "online", true, true),
        row("330100", D, "H1", "phone", false, false),
        row("330100", D, "H2", "walk_in", false, true),
        row("330100", D, "H2", null, null, null),
        row("330200", D, "H3", "Online", false, false));
  }

  static Dataset<Row> population(SparkSession spark) {
    return frame(
        spark, "city_code STRING, resident_population DOUBLE", row("330100", 11_936_010.0));
  }

  @Test
  void outputHasTheDeclaredSchema(SparkSession spark) {
    Tables tables =
        Tables.load("unused", Paths.get("schemas"), Contracts.load(Paths.get("schemas")));

    assertSameSchema(
        HealthDaily.toCityDay(visits(spark), population(spark)),
        tables.spec("gold.city_day_health").schema());
  }

  @Test
  void countsVisitsByChannel(SparkSession spark) {
    // A null channel counts as a visit of no channel; channels are matched exactly ("Online" is
    // none).
    // A city without a reference population keeps its counts with a null population.
    assertRows(
        HealthDaily.toCityDay(visits(spark), population(spark)),
        List.of(
            row("330100", D, 2, 4L, 1L, 1L, 1L, 1L, 2L, 11_936_010.0),
            row("330200", D, 1, 1L, 0L, 0L, 0L, 0L, 0L, null)));
  }
}
