package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.junit.jupiter.api.Test;

/**
 * The CSV reader with the real road_speed contract (columns segment_id, city_code, interval_start,
 * speed_kmh, free_flow_kmh; encodings UTF-8 then GB18030). No Spark: records are plain rows.
 */
class CsvFormatTest {
  static final SourceContract ROAD = Contracts.load(Paths.get("schemas")).get("road_speed");
  static final String FILE = "traffic/road_speed/2026-09-14.csv";
  static final String HEADER = "segment_id,city_code,interval_start,speed_kmh,free_flow_kmh";

  /**
   * Position of a column in {@link RawRecords#SCHEMA}: reader rows carry no schema of their own.
   */
  static int at(String column) {
    return RawRecords.SCHEMA.fieldIndex(column);
  }

  static List<Row> read(String file, byte[] content) {
    return new CsvFormat(ROAD).records(file, content);
  }

  static List<Row> read(String text) {
    return read(FILE, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Line number, fields (null when unsplittable) and parse error of each record. */
  static List<List<Object>> summary(List<Row> records) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : records) {
      List<Object> s = new ArrayList<>();
      s.add(r.getLong(at(RawRecords.LINE)));
      s.add(
          r.isNullAt(at(RawRecords.FIELDS))
              ? null
              : scala.jdk.javaapi.CollectionConverters.asJava(
                  r.<String>getSeq(at(RawRecords.FIELDS))));
      s.add(r.getString(at(RawRecords.PARSE_ERROR)));
      out.add(s);
    }
    return out;
  }

  /** The fields of one record, in contract order. */
  static List<String> fields(Row r) {
    return scala.jdk.javaapi.CollectionConverters.asJava(r.<String>getSeq(at(RawRecords.FIELDS)));
  }

  static List<Object> rec(long line, List<String> fields, String error) {
    List<Object> s = new ArrayList<>();
    s.add(line);
    s.add(fields);
    s.add(error);
    return s;
  }

  @Test
  void fieldsComeInContractOrderWhateverTheHeaderOrder() {
    List<Row> r =
        read(
            "free_flow_kmh,speed_kmh,interval_start,extra,city_code,segment_id\n"
                + "60,40,2026-09-14 08:00,x,330100,S1\n"
                + "60,,2026-09-14 08:05,x,330100,S1\n");

    assertThat(summary(r))
        .containsExactly(
            rec(2, List.of("S1", "330100", "2026-09-14 08:00", "40", "60"), null),
            rec(3, List.of("S1", "330100", "2026-09-14 08:05", "", "60"), null));
  }

  @Test
  void recordCarriesFileRawTextEncodingAndFileDate() {
    Row r = read(HEADER + "\nS1,330100,2026-09-14 08:00,40,60\n").get(0);

    assertThat(r.getString(at(RawRecords.FILE))).isEqualTo(FILE);
    assertThat(r.getString(at(RawRecords.RAW))).isEqualTo("S1,330100,2026-09-14 08:00,40,60");
    assertThat(r.getString(at(RawRecords.ENCODING))).isEqualTo("UTF-8");
    assertThat(r.getDate(at(RawRecords.FILE_DATE))).isEqualTo(Date.valueOf("2026-09-14"));
  }

  @Test
  void byteOrderMarkDoesNotHideTheFirstHeaderName() {
    List<Row> r = read("\uFEFF" + HEADER + "\nS1,330100,2026-09-14 08:00,40,60\n");

    assertThat(summary(r))
        .containsExactly(rec(2, List.of("S1", "330100", "2026-09-14 08:00", "40", "60"), null));
  }

  @Test
  void crlfLineEndsLeaveNoCarriageReturnInFields() {
    List<Row> r =
        read(
            HEADER
                + "\r\nS1,330100,2026-09-14 08:00,40,60\r\nS2,330100,2026-09-14 08:00,41,60\r\n");

    assertThat(summary(r))
        .containsExactly(
            rec(2, List.of("S1", "330100", "2026-09-14 08:00", "40", "60"), null),
            rec(3, List.of("S2", "330100", "2026-09-14 08:00", "41", "60"), null));
  }

  @Test
  void blankLinesAreSkippedButLineNumbersStayPhysical() {
    List<Row> r =
        read(
            "\n"
                + HEADER
                + "\n\nS1,330100,2026-09-14 08:00,40,60\n   \nS2,330100,2026-09-14 08:00,41,60\n\n");

    assertThat(summary(r)).extracting(s -> s.get(0)).containsExactly(4L, 6L);
  }

  @Test
  void wrongFieldCountBecomesParseErrorWithItsLine() {
    List<Row> r =
        read(
            HEADER
                + "\nS1,330100,2026-09-14 08:00,40,60\nS2,330100,40\nS3,330100,2026-09-14 08:00,40,60,9\n");

    assertThat(summary(r))
        .containsExactly(
            rec(2, List.of("S1", "330100", "2026-09-14 08:00", "40", "60"), null),
            rec(3, null, "line has 3 fields, header has 5"),
            rec(4, null, "line has 6 fields, header has 5"));
    assertThat(r.get(1).getString(at(RawRecords.RAW))).isEqualTo("S2,330100,40");
  }

  @Test
  void quotedDelimiterStaysInsideItsField() {
    List<Row> r = read(HEADER + "\n\"S1,north\",330100,2026-09-14 08:00,40,60\n");

    assertThat(summary(r))
        .containsExactly(
            rec(2, List.of("S1,north", "330100", "2026-09-14 08:00", "40", "60"), null));
  }

  @Test
  void headerMissingContractColumnFailsNamingFileAndColumn() {
    assertThatThrownBy(
            () ->
                read(
                    "segment_id,city_code,interval_start,speed_kmh\nS1,330100,2026-09-14 08:00,40\n"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith("File " + FILE + " line 1: header lacks column(s) [free_flow_kmh]");
  }

  @Test
  void gb18030FileIsDecodedWhenUtf8Fails() {
    byte[] bytes =
        (HEADER + "\n文三路,330100,2026-09-14 08:00,40,60\n").getBytes(Charset.forName("GB18030"));

    Row r = read(FILE, bytes).get(0);

    assertThat(r.getString(at(RawRecords.ENCODING))).isEqualTo("GB18030");
    assertThat(summary(List.of(r)))
        .containsExactly(rec(2, List.of("文三路", "330100", "2026-09-14 08:00", "40", "60"), null));
  }

  @Test
  void gzipFileIsRead() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write((HEADER + "\nS1,330100,2026-09-14 08:00,40,60\n").getBytes(StandardCharsets.UTF_8));
    }

    List<Row> r = read("traffic/road_speed/2026-09-14.csv.gz", out.toByteArray());

    assertThat(summary(r))
        .containsExactly(rec(2, List.of("S1", "330100", "2026-09-14 08:00", "40", "60"), null));
  }

  @Test
  void headerOnlyFileHasNoRecords() {
    assertThat(read(HEADER + "\n")).isEmpty();
  }
}
