package org.citykpi.ingest;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.citykpi.contract.Validation;
import org.citykpi.geo.Reference;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bad-input fault suite at the reader and validator (no Delta): each case is a small file built
 * from data-samples lines; record-level faults are read and validated together in one Spark job
 * (reader, contract rules, file window, as {@link IngestJob} does) and each case asserts its rule
 * and reason and conservation (records = delivered data lines = accepted + quarantined); file-level
 * faults assert the error names the file (and line). docs/reliability.md lists every case. The same
 * files through the real ingest and clean stages: {@code e2e.FaultSuiteIT}.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSuiteTest {
  static final Map<String, SourceContract> C = Contracts.load(Paths.get("schemas"));
  static final Reference REF = Reference.load(Paths.get("schemas"));
  static final Charset GB18030 = Charset.forName("GB18030");
  static final String VISITS = "health/outpatient_visit/";
  static final String ROADS = "traffic/road_speed/";
  static final String OV =
      "hospital_id,city_code,patient_id,department,visit_time,booking_channel,telemedicine,"
          + "ehr_shared";
  static final String RS = "segment_id,city_code,interval_start,speed_kmh,free_flow_kmh";

  /** A visit line (from data-samples/health/outpatient_visit) with a patient, department, time. */
  static String visit(String patient, String dept, String time) {
    return "420100H01,420100," + patient + "," + dept + "," + time + ",online,false,true";
  }

  static String road(String time, String speed) {
    return "420100R001,420100," + time + "," + speed + ",70.0";
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** One validated record: its line, rule ids, reasons, raw text and the typed value asked. */
  record Rec(long line, List<String> rules, String reasons, String raw, String value) {}

  /** The stray-byte line up to the byte. */
  static final String STRAY_PREFIX = "420100H01,420100,P10000002,Cardiolog";

  /** The record-level cases: file name → bytes (the name says the case). */
  static final Map<String, byte[]> FILES = new LinkedHashMap<>();

  /** Each file's delivered data lines, counted by hand (a quoted line break joins two). */
  static final Map<String, Integer> DELIVERED = new HashMap<>();

  static void file(String name, int delivered, byte[] bytes) {
    FILES.put(name, bytes);
    DELIVERED.put(name, delivered);
  }

  static {
    String d = "2026-11-09 ";
    // "Cardiolog\xEDa": one Latin-1 byte in a UTF-8 file among Chinese values
    file(
        VISITS + "stray-byte-2026-11-09.csv",
        3,
        concat(
            utf8(OV + "\n" + visit("P10000001", "内科", d + "08:00:00") + "\n"),
            utf8(STRAY_PREFIX),
            new byte[] {(byte) 0xED},
            utf8("a," + d + "08:01:00,online,false,true\n"),
            utf8(visit("P10000003", "外科", d + "08:02:00") + "\n")));
    file(
        VISITS + "gb18030-2026-11-09.csv",
        2,
        (OV
                + "\n"
                + visit("P10000004", "内科", d + "09:00:00")
                + "\n"
                + visit("P10000005", "儿科", d + "09:01:00")
                + "\n")
            .getBytes(GB18030));
    file(
        VISITS + "bom-2026-11-09.csv",
        1,
        utf8("\uFEFF" + OV + "\n" + visit("P10000006", "内科", d + "09:02:00") + "\n"));
    file(VISITS + "empty-2026-11-09.csv", 0, new byte[0]);
    file(VISITS + "header-only-2026-11-09.csv", 0, utf8(OV + "\n"));
    file(
        VISITS + "field-count-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\n"
                + visit("P10000007", "内科", d + "10:00:00")
                + ",extra\n"
                + visit("P10000008", "内科", d + "10:01:00").replace(",false,true", ",false")
                + "\n"));
    file(
        VISITS + "reordered-extra-columns-2026-11-09.csv",
        1,
        utf8(
            "ehr_shared,telemedicine,booking_channel,visit_time,note,department,patient_id,"
                + "city_code,hospital_id\n"
                + "true,false,phone,2026-11-09 10:02:00,x,眼科,P10000009,420100,420100H01\n"));
    file(
        VISITS + "dates-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\n"
                + visit("P10000010", "内科", "2026-02-30 10:00:00")
                + "\n"
                + visit("P10000011", "内科", "2026-10-01 10:00:00")
                + "\n"));
    file(
        VISITS + "duplicates-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\n"
                + visit("P10000012", "内科", d + "11:00:00")
                + "\n"
                + visit("P10000012", "内科", d + "11:00:00")
                + "\n"));
    file(
        VISITS + "nul-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\n"
                + visit("P10000013", "内\0科", d + "11:01:00")
                + "\n"
                + visit("P10000014", "内科", d + "11:02:00")
                + "\n"));
    file(
        VISITS + "long-line-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\n"
                + visit("P10000015", "x".repeat(1 << 20), d + "11:03:00")
                + "\n"
                + visit("P10000016", "内科", d + "11:04:00")
                + "\n"));
    file(
        VISITS + "门诊 数据 (1) 2026-11-09.csv",
        1,
        utf8(OV + "\n" + visit("P10000017", "内科", d + "11:05:00") + "\n"));
    file(
        VISITS + "crlf-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\r\n"
                + visit("P10000018", "内科", d + "11:06:00")
                + "\r\n"
                + visit("P10000019", "外科", d + "11:07:00")
                + "\r\n"));
    file(
        VISITS + "quoted-2026-11-09.csv",
        3,
        utf8(
            OV
                + "\n"
                + visit("P10000020", "\"内科, 二病区\"", d + "11:08:00")
                + "\n"
                + visit("P10000021", "\"内科\n二病区\"", d + "11:09:00")
                + "\n"
                + visit("P10000022", "外科", d + "11:10:00")
                + "\n"));
    file(
        VISITS + "unclosed-quote-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\n"
                + visit("P10000023", "\"内科", d + "11:11:00")
                + "\n"
                + visit("P10000024", "外科", d + "11:12:00")
                + "\n"));
    file(
        VISITS + "stray-quotes-2026-11-09.csv",
        3,
        utf8(
            OV
                + "\n"
                + visit("P10000029", "5\" 内科", d + "11:19:00")
                + "\n"
                + visit("P10000030", "外科", d + "11:20:00")
                + "\n"
                + visit("P10000031", "6\" 内科", d + "11:21:00")
                + "\n"));
    file(
        VISITS + "blank-lines-2026-11-09.csv",
        2,
        utf8(
            OV
                + "\n\n"
                + visit("P10000025", "内科", d + "11:13:00")
                + "\n   \n\n"
                + visit("P10000026", "外科", d + "11:14:00")
                + "\n\n"));
    file(
        VISITS + "nulls-2026-11-09.csv",
        3,
        utf8(
            OV
                + "\n"
                + visit("", "内科", d + "11:15:00")
                + "\n"
                + visit("NA", "内科", d + "11:16:00")
                + "\n"
                + visit("P10000027", "", d + "11:17:00")
                + "\n"));
    file(
        VISITS + "gzip-2026-11-09.csv.gz",
        1,
        gzip(utf8(OV + "\n" + visit("P10000028", "内科", d + "11:18:00") + "\n")));
    file(
        ROADS + "numbers-2026-11-09.csv",
        5,
        utf8(
            RS
                + "\n"
                + road("2026-11-09 08:00", "NaN")
                + "\n"
                + road("2026-11-09 08:05", "Infinity")
                + "\n"
                + road("2026-11-09 08:10", "-5")
                + "\n"
                + road("2026-11-09 08:15", "250")
                + "\n"
                + road("2026-11-09 08:20", "200")
                + "\n"));
  }

  Map<String, List<Rec>> results = new HashMap<>();

  @BeforeAll
  void readAndValidateEveryFile(SparkSession spark) {
    for (String source : List.of("outpatient_visit", "road_speed")) {
      SourceContract c = C.get(source);
      RecordFormat format = RecordFormats.of(c);
      List<Row> records = new ArrayList<>();
      Map<String, String> windowEnds = new HashMap<>();
      for (var e : FILES.entrySet()) {
        if (e.getKey().startsWith(c.domain() + "/" + source + "/")) {
          records.addAll(format.records(e.getKey(), e.getValue()));
          windowEnds.put(e.getKey(), FileWindow.of(e.getKey()).to().toString());
          results.put(e.getKey(), new ArrayList<>());
        }
      }
      String value = source.equals("road_speed") ? "speed_kmh" : "department";
      Dataset<Row> v =
          IngestJob.withinFileWindow(
              Validation.withValidation(spark.createDataFrame(records, RawRecords.SCHEMA), c, REF),
              windowEnds);
      for (Row r :
          v.select(
                  col(RawRecords.FILE),
                  col(RawRecords.LINE),
                  col(Validation.RULE_IDS),
                  array_join(col(Validation.REASONS), "; "),
                  col(RawRecords.RAW),
                  col(value).cast("string"))
              .orderBy(RawRecords.FILE, RawRecords.LINE)
              .collectAsList()) {
        results
            .get(r.getString(0))
            .add(
                new Rec(
                    r.getLong(1), r.getList(2), r.getString(3), r.getString(4), r.getString(5)));
      }
    }
  }

  /** A file's records, after checking conservation: one record per delivered data line. */
  List<Rec> of(String file) {
    List<Rec> recs = results.get(file);
    assertThat(recs).as(file + ": one record per delivered data line").hasSize(DELIVERED.get(file));
    long accepted = recs.stream().filter(r -> r.rules().isEmpty()).count();
    long quarantined = recs.stream().filter(r -> !r.rules().isEmpty()).count();
    assertThat(accepted + quarantined).isEqualTo((long) DELIVERED.get(file));
    return recs;
  }

  static List<String> rules(List<Rec> recs) {
    return recs.stream().map(r -> String.join("+", r.rules())).toList();
  }

  @Test
  void strayInvalidByteQuarantinesItsLineOnlyAndChineseStaysIntact() {
    List<Rec> r = of(VISITS + "stray-byte-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("", "encoding.invalid", "");
    assertThat(r.get(1).reasons())
        .isEqualTo("not valid UTF-8: \\xED at byte " + (STRAY_PREFIX.length() + 1));
    assertThat(r.get(1).raw()).contains("Cardiolog\\xEDa");
    assertThat(r.get(0).value()).isEqualTo("内科");
    assertThat(r.get(2).value()).isEqualTo("外科");
  }

  @Test
  void gb18030FileDecodesAsGb18030() {
    List<Rec> r = of(VISITS + "gb18030-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("", "");
    assertThat(r.stream().map(Rec::value)).containsExactly("内科", "儿科");
  }

  @Test
  void utf8ByteOrderMarkIsDroppedAndTheHeaderMatches() {
    List<Rec> r = of(VISITS + "bom-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("");
  }

  @Test
  void emptyAndHeaderOnlyFilesHoldNoRecordsAndNoError() {
    assertThat(of(VISITS + "empty-2026-11-09.csv")).isEmpty();
    assertThat(of(VISITS + "header-only-2026-11-09.csv")).isEmpty();
  }

  @Test
  void tooManyAndTooFewFieldsAreMalformed() {
    List<Rec> r = of(VISITS + "field-count-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("format.malformed", "format.malformed");
    assertThat(r.get(0).reasons()).isEqualTo("line has 9 fields, header has 8");
    assertThat(r.get(1).reasons()).isEqualTo("line has 7 fields, header has 8");
  }

  @Test
  void reorderedAndExtraColumnsAreReadByName() {
    List<Rec> r = of(VISITS + "reordered-extra-columns-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("");
    assertThat(r.get(0).value()).isEqualTo("眼科");
  }

  @Test
  void impossibleAndOutOfWindowDatesAreQuarantinedWithDates() {
    List<Rec> r = of(VISITS + "dates-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("visit_time_local.type", "event_time.outside_file_window");
    assertThat(r.get(0).reasons()).startsWith("visit_time_local '2026-02-30 10:00:00' is not a");
    assertThat(r.get(1).reasons())
        .isEqualTo(
            "event date 2026-10-01 is outside the window of file dated 2026-11-09 (up to 7 days"
                + " late)");
  }

  @Test
  void duplicatesWithinAFilePassIngestForTheCleanStageToDrop() {
    // dedup is the clean stage's (ops.quarantine stage clean): FaultSuiteIT checks it
    assertThat(rules(of(VISITS + "duplicates-2026-11-09.csv"))).containsExactly("", "");
  }

  @Test
  void nulBytesQuarantineTheirLine() {
    List<Rec> r = of(VISITS + "nul-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("line.nul", "");
    assertThat(r.get(0).reasons())
        .isEqualTo("line holds 1 NUL byte (\\x00), first at character 29");
  }

  @Test
  void aOneMegabyteLineIsTooLongWithItsLength() {
    List<Rec> r = of(VISITS + "long-line-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("line.too_long", "");
    int length = visit("P10000015", "x".repeat(1 << 20), "2026-11-09 11:03:00").length();
    assertThat(r.get(0).reasons())
        .isEqualTo("line is " + length + " characters long; the limit is 65536");
    assertThat(r.get(0).raw()).hasSizeLessThan(300).endsWith("(" + length + " characters)");
  }

  @Test
  void aNameWithSpacesAndChineseIsReadAsNamed() {
    assertThat(rules(of(VISITS + "门诊 数据 (1) 2026-11-09.csv"))).containsExactly("");
  }

  @Test
  void crlfLineEndingsLeaveNoCarriageReturnInValues() {
    assertThat(rules(of(VISITS + "crlf-2026-11-09.csv"))).containsExactly("", "");
  }

  @Test
  void quotedCommasAndLineBreaksStayInTheirField() {
    List<Rec> r = of(VISITS + "quoted-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("", "", "");
    assertThat(r.stream().map(Rec::line)).containsExactly(2L, 3L, 5L);
    assertThat(r.stream().map(Rec::value)).containsExactly("内科, 二病区", "内科\n二病区", "外科");
  }

  @Test
  void anUnclosedQuoteIsMalformedAndSwallowsNoLine() {
    List<Rec> r = of(VISITS + "unclosed-quote-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("format.malformed", "");
    assertThat(r.get(0).reasons()).endsWith("(a quote is never closed)");
  }

  @Test
  void straySingleQuotesInTwoLinesDoNotJoinThem() {
    List<Rec> r = of(VISITS + "stray-quotes-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("", "", "");
    assertThat(r.stream().map(Rec::value)).containsExactly("5\" 内科", "外科", "6\" 内科");
  }

  @Test
  void blankLinesAreNoRecords() {
    List<Rec> r = of(VISITS + "blank-lines-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("", "");
    assertThat(r.stream().map(Rec::line)).containsExactly(3L, 6L);
  }

  @Test
  void aNullInARequiredColumnIsQuarantinedAnOptionalOneIsNot() {
    List<Rec> r = of(VISITS + "nulls-2026-11-09.csv");
    assertThat(rules(r)).containsExactly("patient_id.required", "patient_id.required", "");
    assertThat(r.get(0).reasons()).isEqualTo("patient_id is missing");
  }

  @Test
  void gzipIsReadByName() {
    assertThat(rules(of(VISITS + "gzip-2026-11-09.csv.gz"))).containsExactly("");
  }

  @Test
  void nanInfinityNegativeAndOutOfRangeNumbersAreQuarantined() {
    List<Rec> r = of(ROADS + "numbers-2026-11-09.csv");
    assertThat(rules(r))
        .containsExactly(
            "speed_kmh.type", "speed_kmh.type", "speed_kmh.range", "speed_kmh.range", "");
    assertThat(r.get(0).reasons()).isEqualTo("speed_kmh 'NaN' is not a valid double");
    assertThat(r.get(1).reasons()).isEqualTo("speed_kmh 'Infinity' is not a valid double");
    assertThat(r.get(2).reasons()).isEqualTo("speed_kmh -5.0 is below the minimum 0 km/h");
  }

  // File-level faults: the file cannot be read at all; the error names it (and the line).

  static void failsNaming(String source, String file, byte[] bytes, String message) {
    RecordFormat f = RecordFormats.of(C.get(source));
    assertThatThrownBy(() -> f.records(file, bytes))
        .isInstanceOf(CityKpiException.class)
        .hasMessage(message);
  }

  @Test
  void bomLessUtf16IsRejectedByName() {
    failsNaming(
        "outpatient_visit",
        VISITS + "2026-11-09.csv",
        (OV + "\n" + visit("P1", "内科", "2026-11-09 08:00:00") + "\n")
            .getBytes(StandardCharsets.UTF_16LE),
        "File "
            + VISITS
            + "2026-11-09.csv looks like UTF-16LE without a byte-order mark (NUL bytes at every"
            + " other position); declared encodings: [UTF-8, GB18030]");
  }

  @Test
  void truncatedGzipIsRejectedByName() {
    byte[] whole = gzip(utf8(OV + "\n" + visit("P1", "内科", "2026-11-09 08:00:00") + "\n"));
    failsNaming(
        "outpatient_visit",
        VISITS + "2026-11-09.csv.gz",
        Arrays.copyOf(whole, whole.length - 8),
        "File " + VISITS + "2026-11-09.csv.gz is a truncated gzip file (it ends early)");
  }

  @Test
  void aMissingHeaderColumnIsNamed() {
    failsNaming(
        "outpatient_visit",
        VISITS + "2026-11-09.csv",
        utf8(OV.replace(",ehr_shared", "") + "\n"),
        "File "
            + VISITS
            + "2026-11-09.csv line 1: header lacks column(s) [ehr_shared] required by the"
            + " contract (the header has 7 fields)");
  }

  @Test
  void aFileWithoutHeaderIsNamedAndItsFirstLineIsNotShown() {
    String first = visit("P20261109", "内科", "2026-11-09 08:00:00");
    RecordFormat f = RecordFormats.of(C.get("outpatient_visit"));
    assertThatThrownBy(() -> f.records(VISITS + "2026-11-09.csv", utf8(first + "\n")))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith(
            "File " + VISITS + "2026-11-09.csv line 1: header lacks column(s) [hospital_id,")
        .hasMessageContaining("seems to have no header row")
        .message()
        .doesNotContain("P20261109")
        .doesNotContain("420100H01");
  }

  @Test
  void anUndecodableHeaderIsNamedWithItsLine() {
    failsNaming(
        "outpatient_visit",
        VISITS + "2026-11-09.csv",
        concat(new byte[] {(byte) 0xFF}, utf8(OV + "\n")),
        "File "
            + VISITS
            + "2026-11-09.csv line 1: the header line is not valid UTF-8: \\xFF at byte 1");
  }
}
