package org.citykpi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The date a delivered file's name gives, used to place records without a usable event time. */
class RawRecordsTest {

  /**
   * Position of a column in {@link RawRecords#SCHEMA}: reader rows carry no schema of their own.
   */
  static int at(String column) {
    return RawRecords.SCHEMA.fieldIndex(column);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "traffic/road_speed/2026-09-14.csv,         2026-09-14",
    "environment/air/20130301-20170228.csv,     2013-03-01",
    "traffic/road_speed/2026-10-14_late.csv,    2026-10-14",
    "economy/city_monthly_stats/2011.csv,       2011-01-01",
    "economy/city_monthly_stats/2026-09.csv.gz, 2026-09-01",
    "2026-12-31.csv,                            2026-12-31"
  })
  void fileNameGivesItsFirstDate(String path, LocalDate expected) {
    assertThat(RawRecords.fileDate(path)).as(path).isEqualTo(expected);
  }

  @Test
  void fileNameWithoutDateGivesNull() {
    assertThat(RawRecords.fileDate("traffic/road_speed/latest.csv")).isNull();
  }

  @Test
  void folderDatesAreIgnored() {
    assertThat(RawRecords.fileDate("2026-09-14/road_speed.csv")).isNull();
  }

  @Test
  void impossibleDateGivesNullNotItsYear() {
    // Reading 2026-01-01 from the year digits would place undated records nine months away.
    assertThat(RawRecords.fileDate("traffic/road_speed/2026-13-45.csv")).isNull();
  }

  @Test
  void impossibleDateIsSkippedForALaterValidOne() {
    assertThat(RawRecords.fileDate("20261345_2026-09-14.csv")).isEqualTo(LocalDate.of(2026, 9, 14));
  }

  @Test
  void recordWithoutFieldsKeepsItsParseError() {
    Row r =
        RawRecords.record(
            "f.csv", 7L, "a,b", "UTF-8", null, "line has 2 fields, header has 5", null);

    assertThat(r.isNullAt(at(RawRecords.FIELDS))).isTrue();
    assertThat(r.getString(at(RawRecords.PARSE_ERROR)))
        .isEqualTo("line has 2 fields, header has 5");
    assertThat(r.isNullAt(at(RawRecords.FILE_DATE))).isTrue();
  }
}
