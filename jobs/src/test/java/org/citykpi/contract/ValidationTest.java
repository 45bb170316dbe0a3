package org.citykpi.contract;

import static org.apache.spark.sql.functions.col;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.row;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.geo.Reference;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contract rules on raw records, with the real contracts and reference data of schemas/ (tests run
 * from the repository root). Each test checks the rule ids and reasons of 3–5 records.
 */
@ExtendWith(SparkExtension.class)
class ValidationTest {
  static final Path SCHEMAS = Paths.get("schemas");
  static final Map<String, SourceContract> CONTRACTS = Contracts.load(SCHEMAS);
  static final Reference REF = Reference.load(SCHEMAS);
  static final String FILE = "traffic/road_speed/2026-09-14.csv";
  static final String HANGZHOU = "330100";

  /** A road_speed record: segment, city, interval start, speed, free-flow speed. */
  static Row road(long line, String... fields) {
    return RawRecords.record(
        FILE, line, String.join(",", fields), "UTF-8", fields, null, RawRecords.fileDate(FILE));
  }

  static Dataset<Row> validate(SparkSession spark, String source, Row... records) {
    return Validation.withValidation(
        spark.createDataFrame(List.of(records), RawRecords.SCHEMA), CONTRACTS.get(source), REF);
  }

  /** Line number, rule ids and reasons: what a reader of ops.quarantine sees. */
  static Dataset<Row> rules(Dataset<Row> validated) {
    return validated.select(
        col(RawRecords.LINE), col(Validation.RULE_IDS), col(Validation.REASONS));
  }

  static List<String> none() {
    return List.of();
  }

  @Test
  void missingRequiredValueFailsRequiredOnly(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            "road_speed",
            road(2, "S1", HANGZHOU, "2026-09-14 08:00", "40", "60"),
            road(3, "", HANGZHOU, "2026-09-14 08:05", "40", "60"),
            road(4, "S1", HANGZHOU, "2026-09-14 08:10", "NA", "60"));

    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(3, List.of("segment_id.required"), List.of("segment_id is missing")),
            row(4, List.of("speed_kmh.required"), List.of("speed_kmh is missing"))));
  }

  @Test
  void valueAtMaximumPassesAndJustAboveFailsRange(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            "road_speed",
            road(2, "S1", HANGZHOU, "2026-09-14 08:00", "200", "60"),
            road(3, "S1", HANGZHOU, "2026-09-14 08:05", "200.5", "60"),
            road(4, "S1", HANGZHOU, "2026-09-14 08:10", "0", "4.9"),
            road(5, "S1", HANGZHOU, "2026-09-14 08:15", "-", "60"));

    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(
                3,
                List.of("speed_kmh.range"),
                List.of("speed_kmh 200.5 is above the maximum 200 km/h")),
            row(
                4,
                List.of("free_flow_kmh.range"),
                List.of("free_flow_kmh 4.9 is below the minimum 5 km/h")),
            row(5, List.of("speed_kmh.required"), List.of("speed_kmh is missing"))));
  }

  @Test
  void valueOutsideAllowedListFails(SparkSession spark) {
    String file = "traffic/transit_trip/2026-09-14.csv";
    Dataset<Row> v =
        validate(
            spark,
            "transit_trip",
            trip(file, 2, "bike"),
            trip(file, 3, "tram"),
            trip(file, 4, "BUS"),
            trip(file, 5, ""));

    String allowed = "[bus, metro, brt, ferry, taxi, bike]";
    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(3, List.of("mode.allowed"), List.of("mode 'tram' is not one of " + allowed)),
            row(4, List.of("mode.allowed"), List.of("mode 'BUS' is not one of " + allowed)),
            row(5, List.of("mode.required"), List.of("mode is missing"))));
  }

  static Row trip(String file, long line, String mode) {
    String[] f = {"12345678", HANGZHOU, mode, "B1", "2026-09-14 08:00:00", "2.0"};
    return RawRecords.record(
        file, line, String.join(",", f), "UTF-8", f, null, RawRecords.fileDate(file));
  }

  @Test
  void textThatIsNotANumberFailsType(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            "road_speed",
            road(2, "S1", HANGZHOU, "2026-09-14 08:00", " 42 ", "60"),
            road(3, "S1", HANGZHOU, "2026-09-14 08:05", "abc", "60"),
            road(4, "S1", HANGZHOU, "2026-09-14 08:10", "1e2", "60"),
            road(5, "S1", HANGZHOU, "2026-09-14 08:15", "", "60"));

    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(3, List.of("speed_kmh.type"), List.of("speed_kmh 'abc' is not a valid double")),
            row(4, none(), none()),
            row(5, List.of("speed_kmh.required"), List.of("speed_kmh is missing"))));
  }

  @Test
  void timestampNotInContractFormatFailsTypeNamingFormat(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            "road_speed",
            road(2, "S1", HANGZHOU, "2026-09-14 23:59", "40", "60"),
            road(3, "S1", HANGZHOU, "2026-09-14T08:00", "40", "60"),
            road(4, "S1", HANGZHOU, "2026-02-30 08:00", "40", "60"),
            road(5, "S1", HANGZHOU, "", "40", "60"));

    String why = "' is not a valid timestamp (yyyy-MM-dd HH:mm)";
    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(
                3,
                List.of("interval_start_local.type"),
                List.of("interval_start_local '2026-09-14T08:00" + why)),
            row(
                4,
                List.of("interval_start_local.type"),
                List.of("interval_start_local '2026-02-30 08:00" + why)),
            row(
                5,
                List.of("interval_start_local.required"),
                List.of("interval_start_local is missing"))));
  }

  @Test
  void unknownCityFailsReference(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            "road_speed",
            road(2, "S1", HANGZHOU, "2026-09-14 08:00", "40", "60"),
            road(3, "S1", "999999", "2026-09-14 08:05", "40", "60"),
            road(4, "S1", "33010", "2026-09-14 08:10", "40", "60"),
            road(5, "S1", "", "2026-09-14 08:15", "40", "60"));

    String why = " is not a known city (schemas/reference)";
    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(3, List.of("city_code.reference"), List.of("city_code '999999'" + why)),
            row(4, List.of("city_code.reference"), List.of("city_code '33010'" + why)),
            row(5, List.of("city_code.required"), List.of("city_code is missing"))));
  }

  @Test
  void malformedRecordFailsFormatOnly(SparkSession spark) {
    String error = "line has 3 fields, header has 5";
    Dataset<Row> v =
        validate(
            spark,
            "road_speed",
            road(2, "S1", HANGZHOU, "2026-09-14 08:00", "40", "60"),
            RawRecords.record(
                FILE, 3, "S1,330100,x", "UTF-8", null, error, RawRecords.fileDate(FILE)),
            RawRecords.record(FILE, 4, "", "UTF-8", null, "line has 0 fields, header has 5", null));

    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(3, List.of("format.malformed"), List.of(error)),
            row(4, List.of("format.malformed"), List.of("line has 0 fields, header has 5"))));
  }

  @Test
  void recordIsPlacedOnEventDateElseFileDate(SparkSession spark) {
    String undated = "traffic/road_speed/latest.csv";
    String[] bad = {"S1", HANGZHOU, "yesterday", "40", "60"};
    Dataset<Row> v =
        validate(
            spark,
            "road_speed",
            road(2, "S1", HANGZHOU, "2026-09-13 23:59", "40", "60"),
            road(3, "S1", HANGZHOU, "2026-09-15 00:00", "999", "60"),
            road(4, "S1", HANGZHOU, "yesterday", "40", "60"),
            RawRecords.record(undated, 2, "", "UTF-8", bad, null, RawRecords.fileDate(undated)));

    assertRows(
        v.select(col(RawRecords.FILE), col(RawRecords.LINE), col(Validation.PLACED_ON)),
        List.of(
            row(FILE, 2, LocalDate.parse("2026-09-13")),
            row(FILE, 3, LocalDate.parse("2026-09-15")),
            row(FILE, 4, LocalDate.parse("2026-09-14")),
            row(undated, 2, null)));
  }

  /** A city_monthly_stats record: city, month, indicator, value, unit. */
  static Row stat(long line, String indicator, String unit) {
    String file = "economy/city_monthly_stats/2026-09.csv";
    String[] f = {HANGZHOU, "2026-09", indicator, "100", unit};
    return RawRecords.record(
        file, line, String.join(",", f), "UTF-8", f, null, RawRecords.fileDate(file));
  }

  @Test
  void unitOtherThanTheIndicatorsFailsUnit(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            "city_monthly_stats",
            stat(2, "households", "households"),
            stat(3, "households", "persons"),
            stat(4, "no_such_indicator", "persons"),
            stat(5, "households", ""));

    assertRows(
        rules(v),
        List.of(
            row(2, none(), none()),
            row(
                3,
                List.of("unit.unit"),
                List.of(
                    "unit 'persons' does not match the unit 'households' of indicator_code 'households'")),
            row(
                4,
                List.of("indicator_code.reference"),
                List.of(
                    "indicator_code 'no_such_indicator' is not a known indicator (schemas/reference)")),
            row(5, List.of("unit.required"), List.of("unit is missing"))));
  }

  @Test
  void monthlyRecordIsPlacedOnMonthStart(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            "city_monthly_stats",
            stat(2, "households", "households"),
            stat(3, "households", ""));

    assertRows(
        v.select(col(RawRecords.LINE), col("month"), col(Validation.PLACED_ON)),
        List.of(
            row(2, LocalDate.parse("2026-09-01"), LocalDate.parse("2026-09-01")),
            row(3, LocalDate.parse("2026-09-01"), LocalDate.parse("2026-09-01"))));
  }
}
