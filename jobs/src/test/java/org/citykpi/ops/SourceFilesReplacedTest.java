package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.citykpi.contract.Contracts;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rows a stage's commit to ops.source_files replaces ({@link SourceFiles.Stage#replaced}):
 * every key the stage recorded (Delta refuses a replace whose new rows fall outside it), and
 * nothing of another stage, another source or outside the recorded span.
 */
@ExtendWith(SparkExtension.class)
class SourceFilesReplacedTest {
  /** The declared schema of ops.source_files. */
  static final StructType KEYS =
      Tables.load("unused", Paths.get("schemas"), Contracts.load(Paths.get("schemas")))
          .spec(SourceFiles.TABLE)
          .schema();

  static Row rec(String source, String stage, String from, String to) {
    return RowFactory.create(
        source,
        stage,
        Date.valueOf(LocalDate.parse(from)),
        Date.valueOf(LocalDate.parse(to)),
        "fingerprint",
        1L,
        1L,
        "run",
        Timestamp.valueOf("2026-11-30 00:00:00"));
  }

  @Test
  void aBackfillReplacesItsSourcesRecordsInsideItsSpanOnly(SparkSession spark) {
    // a three-day backfill of two sources: the interval and each day; the monthly one its month
    List<Row> recorded =
        List.of(
            rec("road_speed", "ingest", "2026-11-09", "2026-11-11"),
            rec("road_speed", "ingest", "2026-11-09", "2026-11-09"),
            rec("road_speed", "ingest", "2026-11-10", "2026-11-10"),
            rec("road_speed", "ingest", "2026-11-11", "2026-11-11"),
            rec("city_monthly_stats", "ingest", "2026-11-01", "2026-11-30"));
    String where = SourceFiles.Stage.replaced("ingest", recorded);

    List<Row> existing =
        List.of(
            rec("road_speed", "ingest", "2026-11-10", "2026-11-10"), // recorded again: replaced
            rec("road_speed", "ingest", "2026-11-10", "2026-11-11"), // inside the span: dropped
            rec("road_speed", "ingest", "2026-10-31", "2026-10-31"), // before the span
            rec("road_speed", "ingest", "2026-11-30", "2026-12-01"), // ends after the span
            rec("road_speed", "ingest", "2026-11-12", "2026-11-12"), // in the monthly one's span
            rec("city_monthly_stats", "ingest", "2026-11-01", "2026-11-30"), // recorded again
            rec("road_speed", "clean", "2026-11-10", "2026-11-10"), // another stage
            rec("air_station_hourly", "ingest", "2026-11-10", "2026-11-10")); // another source
    assertThat(
            spark
                .createDataFrame(existing, KEYS)
                .where(where)
                .selectExpr("concat_ws(' ', source, interval_from, interval_to)")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactlyInAnyOrder(
            "road_speed 2026-11-10 2026-11-10",
            "road_speed 2026-11-10 2026-11-11",
            "city_monthly_stats 2026-11-01 2026-11-30");
    assertThat(spark.createDataFrame(recorded, KEYS).where(where).count())
        .as("every recorded key is inside the replaced rows")
        .isEqualTo(recorded.size());
  }

  @Test
  void oneDayReplacesThatDayOnly(SparkSession spark) {
    List<Row> recorded = List.of(rec("road_speed", "clean", "2026-11-16", "2026-11-16"));
    String where = SourceFiles.Stage.replaced("clean", recorded);
    List<Row> existing =
        List.of(
            rec("road_speed", "clean", "2026-11-16", "2026-11-16"),
            rec("road_speed", "clean", "2026-11-15", "2026-11-16"), // starts a day before
            rec("road_speed", "clean", "2026-11-16", "2026-11-17")); // ends a day after
    assertThat(spark.createDataFrame(existing, KEYS).where(where).count()).isEqualTo(1);
  }
}
