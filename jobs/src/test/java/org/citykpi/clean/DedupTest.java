package org.citykpi.clean;

import static org.apache.spark.sql.functions.col;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One row per natural key (road_speed: segment_id, interval_start_local); the latest delivery wins.
 */
@ExtendWith(SparkExtension.class)
class DedupTest {
  static final SourceContract ROAD = Contracts.load(Paths.get("schemas")).get("road_speed");
  static final String BRONZE =
      "segment_id STRING, city_code STRING, interval_start_local TIMESTAMP_NTZ, "
          + "speed_kmh DOUBLE, free_flow_kmh DOUBLE, _source_file STRING, _line_no BIGINT";
  static final LocalDateTime T0 = LocalDateTime.parse("2026-09-14T08:00");
  static final LocalDateTime T1 = LocalDateTime.parse("2026-09-14T08:05");
  static final String DAY = "road_speed/2026-09-14.csv";
  static final String LATE = "road_speed/2026-09-14_late.csv";

  static Row reading(String segment, LocalDateTime t, double speed, String file, long line) {
    return row(segment, "330100", t, speed, 60.0, file, line);
  }

  static Dataset<Row> marks(Dataset<Row> bronze) {
    return Dedup.withDuplicateMarks(bronze, ROAD)
        .select(col("_source_file"), col("_line_no"), col(Dedup.RULE), col(Dedup.REASON));
  }

  @Test
  void uniqueRowsAreUntouched(SparkSession spark) {
    Dataset<Row> bronze =
        frame(
            spark,
            BRONZE,
            reading("S1", T0, 40, DAY, 2),
            reading("S1", T1, 40, DAY, 3),
            reading("S2", T0, 0, DAY, 4));

    assertRows(
        marks(bronze),
        List.of(row(DAY, 2, null, null), row(DAY, 3, null, null), row(DAY, 4, null, null)));
  }

  @Test
  void exactDuplicateKeepsTheLaterLine(SparkSession spark) {
    Dataset<Row> bronze =
        frame(
            spark,
            BRONZE,
            reading("S1", T0, 40, DAY, 2),
            reading("S2", T0, 50, DAY, 3),
            reading("S1", T0, 40, DAY, 9));

    assertRows(
        marks(bronze),
        List.of(
            row(DAY, 2, "dedup.exact", "exact duplicate of " + DAY + " line 9"),
            row(DAY, 3, null, null),
            row(DAY, 9, null, null)));
  }

  @Test
  void laterFileWinsOverHigherLineOfEarlierFile(SparkSession spark) {
    Dataset<Row> bronze =
        frame(
            spark,
            BRONZE,
            reading("S1", T0, 40, DAY, 900),
            reading("S1", T0, 40, LATE, 2),
            reading("S2", T0, 50, DAY, 3));

    assertRows(
        marks(bronze),
        List.of(
            row(DAY, 900, "dedup.exact", "exact duplicate of " + LATE + " line 2"),
            row(LATE, 2, null, null),
            row(DAY, 3, null, null)));
  }

  @Test
  void sameKeyWithOtherValueIsSuperseded(SparkSession spark) {
    Dataset<Row> bronze =
        frame(
            spark,
            BRONZE,
            reading("S1", T0, 40, DAY, 2),
            reading("S1", T0, 42.5, LATE, 5),
            reading("S1", T1, 40, DAY, 3));

    assertRows(
        marks(bronze),
        List.of(
            row(
                DAY,
                2,
                "dedup.superseded",
                "same key as " + LATE + " line 5, which was delivered later and is kept"),
            row(LATE, 5, null, null),
            row(DAY, 3, null, null)));
  }

  @Test
  void nullKeyValuesGroupTogetherAsOneKey(SparkSession spark) {
    // Bronze holds no null keys (they fail .required at ingest); if one slipped through, nulls
    // match.
    Dataset<Row> bronze =
        frame(
            spark,
            BRONZE,
            reading(null, T0, 40, DAY, 2),
            reading(null, T0, 40, DAY, 3),
            reading("S1", T0, 40, DAY, 4));

    assertRows(
        marks(bronze),
        List.of(
            row(DAY, 2, "dedup.exact", "exact duplicate of " + DAY + " line 3"),
            row(DAY, 3, null, null),
            row(DAY, 4, null, null)));
  }
}
