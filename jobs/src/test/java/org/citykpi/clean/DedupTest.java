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
import org.citykpi.common.Yaml;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.RawRecords;
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
          + "speed_kmh DOUBLE, free_flow_kmh DOUBLE, _source_file STRING, _line_no BIGINT, "
          + "_file_date DATE";
  static final LocalDateTime T0 = LocalDateTime.parse("2026-09-14T08:00");
  static final LocalDateTime T1 = LocalDateTime.parse("2026-09-14T08:05");
  static final String DAY = "road_speed/2026-09-14.csv";
  static final String LATE = "road_speed/2026-09-14_late.csv";

  static Row reading(String segment, LocalDateTime t, double speed, String file, long line) {
    return row(segment, "330100", t, speed, 60.0, file, line, RawRecords.fileDate(file));
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
                "same key as "
                    + LATE
                    + " line 5, which is kept: equal in the declared order [file date], so the"
                    + " later file name decides"),
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

  @Test
  void theFileDateDecidesNotThePathsSpelling(SparkSession spark) {
    // An older delivery landed in a folder whose name sorts after the newer file's.
    String newer = "road_speed/2026-09-15.csv";
    String older = "road_speed/old/2026-09-14.csv";
    Dataset<Row> bronze =
        frame(
            spark,
            BRONZE,
            reading("S1", T0, 42.5, newer, 2),
            reading("S1", T0, 40, older, 7),
            reading("S2", T0, 50, older, 8));

    assertRows(
        marks(bronze),
        List.of(
            row(newer, 2, null, null),
            row(
                older,
                7,
                "dedup.superseded",
                "same key as "
                    + newer
                    + " line 2, which is kept: its file date 2026-09-15 is later than 2026-09-14"),
            row(older, 8, null, null)));
  }

  static SourceContract contract(String yaml) {
    try {
      return Yaml.mapper().readValue(yaml, SourceContract.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A city export with many snapshots a day, written newest first. */
  static final SourceContract SNAPSHOTS =
      contract(
          """
          source: snapshots
          domain: health
          entity: disease_daily
          format: csv
          grain: day
          event_time: {column: updated_at, format: "yyyy-MM-dd HH:mm:ss", zone: Asia/Shanghai}
          natural_key: [city_code, report_date]
          latest: {by: [updated_at]}
          columns:
            - {name: city_code, type: string}
            - {name: report_date, type: date}
            - {name: updated_at, type: timestamp}
            - {name: confirmed_cum, type: long}
          """);

  @Test
  void newestFirstSnapshotsKeepEachDaysNewestWhateverTheLineOrder(SparkSession spark) {
    String f = "covid/DXYArea.csv";
    java.time.LocalDate day = java.time.LocalDate.parse("2020-01-30");
    Dataset<Row> bronze =
        frame(
            spark,
            "city_code STRING, report_date DATE, updated_at TIMESTAMP_NTZ, confirmed_cum BIGINT, "
                + "_source_file STRING, _line_no BIGINT, _file_date DATE",
            row("422800", day, LocalDateTime.parse("2020-01-30T22:24"), 66L, f, 2L, null),
            row("422800", day, LocalDateTime.parse("2020-01-30T09:10"), 51L, f, 3L, null),
            row("422800", day, null, 50L, f, 4L, null),
            row(
                "422800",
                day.plusDays(1),
                LocalDateTime.parse("2020-01-31T00:05"),
                70L,
                f,
                1L,
                null));

    assertRows(
        Dedup.withDuplicateMarks(bronze, SNAPSHOTS)
            .select(col("_line_no"), col("confirmed_cum"), col(Dedup.RULE), col(Dedup.REASON)),
        List.of(
            row(2L, 66L, null, null),
            row(
                3L,
                51L,
                "dedup.superseded",
                "same key as "
                    + f
                    + " line 2, which is kept: its updated_at 2020-01-30 22:24:00 is later than"
                    + " 2020-01-30 09:10:00"),
            row(
                4L,
                50L,
                "dedup.superseded",
                "same key as "
                    + f
                    + " line 2, which is kept: its updated_at 2020-01-30 22:24:00"
                    + " is later than null"),
            row(1L, 70L, null, null)));
  }

  @Test
  void theRepeatedFallBackHourIsTwoInstantsNotADuplicate(SparkSession spark) {
    SourceContract volume =
        contract(
            """
            source: volume
            domain: traffic
            entity: traffic_volume
            format: csv
            grain: day
            event_time: {column: t, format: "yyyy-MM-dd'T'HH:mm:ssXXX", zone: America/Chicago}
            natural_key: [station_id, t]
            columns:
              - {name: station_id, type: string}
              - {name: t, type: timestamp}
              - {name: vehicles, type: long}
            """);
    String f = "volume/2016-11-06.csv";
    LocalDateTime one = LocalDateTime.parse("2016-11-06T01:00");
    Dataset<Row> bronze =
        frame(
            spark,
            "station_id STRING, t TIMESTAMP_NTZ, vehicles BIGINT, _source_file STRING, "
                + "_line_no BIGINT, _file_date DATE, _event_ts_utc TIMESTAMP",
            row("I94", one, 900L, f, 2L, null, java.time.Instant.parse("2016-11-06T06:00:00Z")),
            row("I94", one, 700L, f, 3L, null, java.time.Instant.parse("2016-11-06T07:00:00Z")),
            row("I94", one, 700L, f, 4L, null, java.time.Instant.parse("2016-11-06T07:00:00Z")));

    assertRows(
        Dedup.withDuplicateMarks(bronze, volume).select(col("_line_no"), col(Dedup.RULE)),
        List.of(row(2L, null), row(3L, "dedup.exact"), row(4L, null)));
  }

  @Test
  void vintagesOfOneKeyAreBothKept(SparkSession spark) {
    SourceContract nbs =
        contract(
            """
            source: nbs
            domain: economy
            entity: province_annual_stat
            format: nbs_matrix
            grain: month
            event_time: {column: year_start, format: "yyyy", zone: Asia/Shanghai}
            natural_key: [province_code, year_start]
            vintages: [{files: "old/*", vintage: "2019"}, {files: "*/*", vintage: "2024"}]
            columns:
              - {name: province_code, type: string}
              - {name: year_start, type: date}
              - {name: value, type: double}
            """);
    java.time.LocalDate y = java.time.LocalDate.parse("2017-01-01");
    Dataset<Row> bronze =
        frame(
            spark,
            "province_code STRING, year_start DATE, value DOUBLE, _source_file STRING, "
                + "_line_no BIGINT, _file_date DATE, _vintage STRING",
            row("110000", y, 31325.9, "economy/new/a.csv", 5L, null, "2024"),
            row("110000", y, 28014.94, "economy/old/a.csv", 5L, null, "2019"),
            row("110000", y, 28000.0, "economy/old/b.csv", 5L, null, "2019"));

    assertRows(
        Dedup.withDuplicateMarks(bronze, nbs).select(col("value"), col(Dedup.RULE)),
        List.of(row(31325.9, null), row(28014.94, "dedup.superseded"), row(28000.0, null)));
  }
}
