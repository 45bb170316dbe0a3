package org.citykpi.contract;

import static org.apache.spark.sql.functions.col;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.row;

import java.io.IOException;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.Yaml;
import org.citykpi.geo.Reference;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What real second feeds need of the contract language, on inline contracts and the repository's
 * reference data: per-column null markers, affine conversion, nulling a bad optional value while
 * keeping the row, province-scoped look-ups of short names with pseudo-areas, a province check, and
 * event times written with a UTC offset.
 */
@ExtendWith(SparkExtension.class)
class ContractLanguageTest {
  static final Reference REF = Reference.load(Paths.get("schemas"));

  static SourceContract contract(String yaml) {
    try {
      return Yaml.mapper().readValue(yaml, SourceContract.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Dataset<Row> validate(SparkSession spark, SourceContract c, String[]... records) {
    Row[] rows = new Row[records.length];
    for (int i = 0; i < records.length; i++) {
      rows[i] =
          RawRecords.record(
              "x/feed.csv", i + 2L, String.join(",", records[i]), "UTF-8", records[i], null, null);
    }
    return Validation.withValidation(
        spark.createDataFrame(List.of(rows), RawRecords.SCHEMA), c, REF);
  }

  /** An hourly traffic-volume feed of a US freeway: Kelvin, None holidays, local times. */
  static final SourceContract VOLUME =
      contract(
          """
          source: volume
          domain: traffic
          entity: traffic_volume
          format: csv
          null_markers: [""]
          grain: day
          event_time: {column: t, format: "yyyy-MM-dd'T'HH:mm:ssXXX", zone: America/Chicago}
          natural_key: [t]
          columns:
            - {name: t,       type: timestamp, nullable: false}
            - {name: holiday, type: string, null_markers: ["", "None"]}
            - {name: weather, type: string}
            - {name: temp_c,  type: double, unit: degC, offset: -273.15, min: -60, max: 60, on_invalid: nullify}
            - {name: rain_mm, type: double, unit: mm, min: 0, max: 300, on_invalid: nullify}
          """);

  static String[] hour(String t, String holiday, String weather, String kelvin, String rain) {
    return new String[] {t, holiday, weather, kelvin, rain};
  }

  @Test
  void noneIsNullInTheColumnThatSaysSoOnly(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            VOLUME,
            hour("2016-11-11T00:00:00-06:00", "Veterans Day", "None", "276.2", "0"),
            hour("2016-11-11T01:00:00-06:00", "None", "Clear", "275.1", "0"),
            hour("2016-11-11T02:00:00-06:00", "", "", "275.1", "0"));

    assertRows(
        v.select("holiday", "weather"),
        List.of(row("Veterans Day", "None"), row(null, "Clear"), row(null, null)));
  }

  @Test
  void kelvinBecomesCelsiusAndAnImpossibleValueIsNulledWithTheRowKept(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            VOLUME,
            hour("2016-11-06T00:00:00-05:00", "None", "Clouds", "273.15", "0"),
            hour("2016-11-06T01:00:00-05:00", "None", "Clouds", "0", "9831.3"),
            hour("2016-11-06T02:00:00-06:00", "None", "Clouds", "333.15", "300"),
            hour("2016-11-06T03:00:00-06:00", "None", "Clouds", "", "x"));

    assertRows(
        v.select(col("temp_c"), col("rain_mm"), col(Validation.RULE_IDS), col(Validation.NULLED)),
        List.of(
            row(0.0, 0.0, List.of(), List.of()),
            row(null, null, List.of(), List.of("temp_c.range", "rain_mm.range")),
            // 60 degC and 300 mm are the maxima: kept
            row(60.0, 300.0, List.of(), List.of()),
            // an empty value is a legitimate null, not a nulled one; text is not a number
            row(null, null, List.of(), List.of("rain_mm.type"))));
  }

  @Test
  void aFallBackHourIsTwoInstantsWithTheZonesLocalDate(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            VOLUME,
            hour("2016-11-05T22:00:00-05:00", "None", "Clear", "280", "0"),
            hour("2016-11-06T01:00:00-05:00", "None", "Clear", "280", "0"),
            hour("2016-11-06T01:00:00-06:00", "None", "Clear", "280", "0"),
            hour("2016-11-06T1:00", "None", "Clear", "280", "0"));

    assertRows(
        v.select(
            col("t"),
            col(Validation.EVENT_UTC),
            col(Validation.EVENT_DATE),
            col(Validation.RULE_IDS)),
        List.of(
            // 03:00 UTC is already 6 November in UTC; the local date stays the 5th
            row(
                LocalDateTime.parse("2016-11-05T22:00"),
                Instant.parse("2016-11-06T03:00:00Z"),
                LocalDate.parse("2016-11-05"),
                List.of()),
            row(
                LocalDateTime.parse("2016-11-06T01:00"),
                Instant.parse("2016-11-06T06:00:00Z"),
                LocalDate.parse("2016-11-06"),
                List.of()),
            row(
                LocalDateTime.parse("2016-11-06T01:00"),
                Instant.parse("2016-11-06T07:00:00Z"),
                LocalDate.parse("2016-11-06"),
                List.of()),
            row(null, null, null, List.of("t.type"))));
  }

  /** A city export with official short names, scoped by the row's province code. */
  static final SourceContract CITIES =
      contract(
          """
          source: cities
          domain: health
          entity: disease_daily
          format: csv
          grain: day
          event_time: {column: d, zone: Asia/Shanghai}
          natural_key: [city_code, d]
          columns:
            - {name: d,             type: date}
            - {name: province_code, type: string, pattern: "^[0-9]{6}$"}
            - {name: city_code,     type: string, lookup: division_name, province: province_code}
          """);

  static String[] city(String province, String name) {
    return new String[] {"2020-01-30", province, name};
  }

  @Test
  void shortNamesResolveWithinTheRowsProvinceAndPseudoAreasAreNoDivision(SparkSession spark) {
    Dataset<Row> v =
        validate(
            spark,
            CITIES,
            city("370000", "德州"),
            city("530000", "德州"),
            city("420000", "恩施州"),
            city("420000", "武汉"),
            city("110000", "朝阳区"),
            city("420000", "待明确地区"),
            city("110000", "外地来京人员"),
            city("420000", ""));

    assertRows(
        v.select(col("city_code"), col(Validation.RULE_IDS)),
        List.of(
            row("371400", List.of()),
            // 德州 is no short form in Yunnan (德宏州 is): not 533100, not 371400
            row(null, List.of("city_code.lookup")),
            row("422800", List.of()),
            row("420100", List.of()),
            row("110105", List.of()),
            row(null, List.of("city_code.not_a_division")),
            row(null, List.of("city_code.not_a_division")),
            row(null, List.of())));
    assertRows(
        v.where("city_code IS NULL AND size(_rule_ids) > 0").select(col(Validation.REASONS)),
        List.of(
            row(
                List.of(
                    "city_code '德州' is not a known division_name in the row's province"
                        + " (schemas/reference)")),
            row(
                List.of(
                    "city_code '待明确地区' is not a division: area not yet determined: cases or"
                        + " rows not yet assigned to a division")),
            row(
                List.of(
                    "city_code '外地来京人员' is not a division: arrivals from outside the city"
                        + " (外地来京/沪/津…): not a division of that city"))));
  }

  @Test
  void aDivisionCodeOutsideTheRowsProvinceFails(SparkSession spark) {
    SourceContract codes =
        contract(
            """
            source: codes
            domain: health
            entity: disease_daily
            format: csv
            grain: day
            event_time: {column: d, zone: Asia/Shanghai}
            natural_key: [city_code, d]
            columns:
              - {name: d,             type: date}
              - {name: province_code, type: string}
              - {name: city_code,     type: string, province: province_code}
            """);

    Dataset<Row> v =
        validate(
            spark,
            codes,
            city("370000", "371400"),
            city("370000", "533100"),
            city(null, "533100"),
            city("110000", "110105"));

    assertRows(
        v.select(col("city_code"), col(Validation.RULE_IDS)),
        List.of(
            row("371400", List.of()),
            row("533100", List.of("city_code.province")),
            row("533100", List.of()),
            row("110105", List.of())));
  }

  @Test
  void aReasonNeverShowsAPersonalValue(SparkSession spark) {
    SourceContract trips = Contracts.load(Paths.get("schemas")).get("transit_trip");
    String[] badCard = {"880011223X", "420100", "metro", "2号线", "2026-10-05 07:09:03", "3.00"};
    String[] badMode = {"8800112233", "420100", "tram", "", "2026-10-05 07:09:03", "3.00"};

    assertRows(
        validate(spark, trips, badCard, badMode).select(col(Validation.REASONS)),
        List.of(
            row(List.of("card_id '(personal, withheld)' does not match ^[0-9]{8,20}$")),
            row(List.of("mode 'tram' is not one of [bus, metro, brt, ferry, taxi, bike]"))));
  }
}
