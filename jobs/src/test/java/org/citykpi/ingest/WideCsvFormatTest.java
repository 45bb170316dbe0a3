package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.junit.jupiter.api.Test;

/**
 * The wide-matrix reader with the real los_loop contract (segment_id ← column, city_code constant,
 * interval_start_local ← time, speed_kmh ← value, free_flow_kmh constant); no Spark.
 */
class WideCsvFormatTest {
  static final SourceContract LOS = Contracts.load(Paths.get("schemas")).get("los_loop");
  static final String FILE = "traffic/los_loop/los_speed.csv";

  static List<Row> read(String text) {
    return new WideCsvFormat(LOS).records(FILE, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void oneRecordPerCellTimedByRowIndexFromTheContractStart() {
    List<Row> r = read("773869,767541\n64.375,67.625\n62.66666667,\n");
    assertThat(CsvFormatTest.summary(r))
        .containsExactly(
            CsvFormatTest.rec(
                2, Arrays.asList("773869", null, "2012-03-01 00:00", "64.375", null), null),
            CsvFormatTest.rec(
                2, Arrays.asList("767541", null, "2012-03-01 00:00", "67.625", null), null),
            CsvFormatTest.rec(
                3, Arrays.asList("773869", null, "2012-03-01 00:05", "62.66666667", null), null),
            CsvFormatTest.rec(
                3, Arrays.asList("767541", null, "2012-03-01 00:05", "", null), null));
  }

  @Test
  void aRowWithTheWrongWidthIsOneRecordWithAParseErrorAndStillTakesItsTimeSlot() {
    List<Row> r = read("1,2\n5\n6,7\n");
    assertThat(CsvFormatTest.summary(r)).hasSize(3);
    assertThat(CsvFormatTest.summary(r).get(0))
        .isEqualTo(CsvFormatTest.rec(2, null, "line has 1 fields, header has 2"));
    assertThat(CsvFormatTest.fields(r.get(1)).get(2)).isEqualTo("2012-03-01 00:05");
  }

  @Test
  void aFileWithoutHeaderFailsNamingIt() {
    assertThatThrownBy(() -> read("\n\n"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(FILE);
    assertThatThrownBy(() -> read(",5\n1,2\n"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("empty column name");
  }

  @Test
  void aLineWithAnInvalidByteIsQuarantinedAndStillTakesItsTimeSlot() {
    byte[] b = "1,2\n5,\u00ff6\n6,7\n".getBytes(StandardCharsets.ISO_8859_1);
    List<Row> r = new WideCsvFormat(LOS).records(FILE, b);
    assertThat(CsvFormatTest.summary(r).get(0))
        .isEqualTo(CsvFormatTest.rec(2, null, "not valid UTF-8: \\xFF at byte 3"));
    assertThat(r.get(0).getString(CsvFormatTest.at(org.citykpi.contract.RawRecords.PARSE_RULE)))
        .isEqualTo("encoding.invalid");
    assertThat(CsvFormatTest.fields(r.get(1)).get(2)).isEqualTo("2012-03-01 00:05");
  }
}
