package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.citykpi.common.CityKpiException;
import org.junit.jupiter.api.Test;

/**
 * Bytes of a delivered file to text: gunzip, then the first declared encoding that decodes cleanly.
 */
class FileTextTest {
  static final List<String> ENCODINGS = List.of("UTF-8", "GB18030");
  static final Charset GB18030 = Charset.forName("GB18030");

  static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  @Test
  void utf8TextDecodesAsUtf8() {
    FileText.Decoded d =
        FileText.decode("a.csv", "站点,pm25\n".getBytes(StandardCharsets.UTF_8), ENCODINGS);

    assertThat(d).isEqualTo(new FileText.Decoded("站点,pm25\n", "UTF-8"));
  }

  @Test
  void gb18030BytesFallBackToSecondEncoding() {
    FileText.Decoded d = FileText.decode("a.csv", "杭州市,文三路".getBytes(GB18030), ENCODINGS);

    assertThat(d).isEqualTo(new FileText.Decoded("杭州市,文三路", "GB18030"));
  }

  @Test
  void byteOrderMarkIsDropped() {
    FileText.Decoded d =
        FileText.decode("a.csv", "\uFEFFa,b".getBytes(StandardCharsets.UTF_8), ENCODINGS);

    assertThat(d.text()).isEqualTo("a,b");
  }

  @Test
  void emptyFileIsEmptyText() {
    assertThat(FileText.decode("a.csv", new byte[0], ENCODINGS))
        .isEqualTo(new FileText.Decoded("", "UTF-8"));
  }

  @Test
  void gzipIsInflatedByName() throws IOException {
    byte[] bytes = gzip("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));

    assertThat(FileText.decode("x/2026-09-14.csv.gz", bytes, ENCODINGS).text())
        .isEqualTo("a,b\n1,2\n");
  }

  @Test
  void gbBytesUnderAUtf8OnlyContractAreFaultyLinesNotAnotherEncoding() {
    byte[] gbk = ("a,b\n1,2\n" + "杭州,3\n").getBytes(GB18030);

    FileText.Decoded d = FileText.decode("x/bad.csv", gbk, List.of("UTF-8"));

    assertThat(d.encoding()).isEqualTo("UTF-8");
    assertThat(d.faults())
        .containsOnlyKeys(2)
        .containsEntry(
            2,
            new FileText.LineFault(
                "encoding.invalid",
                "not valid UTF-8: \\xBA at byte 1 (and 3 more invalid sequences)",
                "\\xBA\\xBC\\xD6\\xDD,3"));
    assertThat(d.text().split("\n", -1))
        .containsExactly("a,b", "1,2", "\\xBA\\xBC\\xD6\\xDD,3", "");
  }

  @Test
  void wholeFileReaderFailsNamingFileAndFirstBadLine() {
    byte[] gbk = "{\"a\": \"杭州\"}".getBytes(GB18030);

    assertThatThrownBy(
            () -> FileText.decode("x/bad.json", gbk, List.of("UTF-8")).requireClean("x/bad.json"))
        .isInstanceOf(CityKpiException.class)
        .hasMessage(
            "File x/bad.json line 1: not valid UTF-8: \\xBA at byte 8 (and 3 more invalid sequences)");
  }

  @Test
  void legacyOnlyContractFailsNamingFileWhenNoEncodingFits() {
    byte[] bad = {'a', ',', 'b', '\n', (byte) 0xFF, '1'};

    assertThatThrownBy(() -> FileText.decode("x/bad.csv", bad, List.of("GB18030")))
        .isInstanceOf(CityKpiException.class)
        .hasMessage(
            "File x/bad.csv is not valid text in any declared encoding [GB18030]"
                + " (line 2: \\xFF at byte 1)");
  }

  @Test
  void corruptGzipFailsNamingFile() {
    byte[] notGzip = "plain".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> FileText.decode("x/a.csv.gz", notGzip, ENCODINGS))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("File x/a.csv.gz is not a valid gzip file (Not in GZIP format)");
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void strayLatin1ByteQuarantinesItsLineAndTheRestStaysUtf8() {
    byte[] b =
        concat(utf8("dept,n\n内科,3\nCardiolog"), new byte[] {(byte) 0xED}, utf8("a,4\n外科,5\n"));

    FileText.Decoded d = FileText.decode("h/2026-11-09.csv", b, ENCODINGS);

    assertThat(d.encoding()).isEqualTo("UTF-8");
    assertThat(d.text()).isEqualTo("dept,n\n内科,3\nCardiolog\\xEDa,4\n外科,5\n");
    assertThat(d.faults())
        .containsExactly(
            org.assertj.core.api.Assertions.entry(
                2,
                new FileText.LineFault(
                    "encoding.invalid", "not valid UTF-8: \\xED at byte 10", "Cardiolog\\xEDa,4")));
  }

  @Test
  void strayByteInAnAsciiFileIsNoGb18030Evidence() {
    // all ASCII but one Latin-1 byte before a letter: valid GB18030 as a whole (ED 61), still UTF-8
    byte[] b = concat(utf8("dept,n\nCardiolog"), new byte[] {(byte) 0xED}, utf8("a,4\n"));

    FileText.Decoded d = FileText.decode("h/a.csv", b, ENCODINGS);

    assertThat(d.encoding()).isEqualTo("UTF-8");
    assertThat(d.faults()).containsOnlyKeys(1);
  }

  @Test
  void aWholeGb18030FileWithOneStrayByteIsStillGb18030() {
    byte[] b = concat("科室,人数\n内科,3\n外科,4\n儿科,5\n".getBytes(GB18030), "心内科,6\n".getBytes(GB18030));

    assertThat(FileText.decode("h/a.csv", b, ENCODINGS))
        .isEqualTo(new FileText.Decoded("科室,人数\n内科,3\n外科,4\n儿科,5\n心内科,6\n", "GB18030"));
  }

  @Test
  void gb18030IsNeverChosenWhenNotDeclared() {
    byte[] b = "科室,人数\n内科,3\n".getBytes(GB18030);

    FileText.Decoded d = FileText.decode("h/a.csv", b, List.of("UTF-8"));

    assertThat(d.encoding()).isEqualTo("UTF-8");
    assertThat(d.faults()).containsOnlyKeys(0, 1);
  }

  @Test
  void bomLessUtf16LittleEndianIsRejectedByName() {
    byte[] b = "dept,n\n内科,3\nsurgery,4\n".getBytes(StandardCharsets.UTF_16LE);

    assertThatThrownBy(() -> FileText.decode("h/2026-11-09.csv", b, ENCODINGS))
        .isInstanceOf(CityKpiException.class)
        .hasMessage(
            "File h/2026-11-09.csv looks like UTF-16LE without a byte-order mark (NUL bytes at"
                + " every other position); declared encodings: [UTF-8, GB18030]");
  }

  @Test
  void bomLessUtf16BigEndianIsRejectedByName() {
    byte[] b = "dept,n\nsurgery,4\n".getBytes(StandardCharsets.UTF_16BE);

    assertThatThrownBy(() -> FileText.decode("h/a.csv", b, ENCODINGS))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith("File h/a.csv looks like UTF-16BE without a byte-order mark");
  }

  @Test
  void utf16WithItsByteOrderMarkIsRejectedUnlessDeclared() {
    byte[] b = "dept,n\n".getBytes(StandardCharsets.UTF_16); // big-endian with FE FF

    assertThatThrownBy(() -> FileText.decode("h/a.csv", b, ENCODINGS))
        .isInstanceOf(CityKpiException.class)
        .hasMessage(
            "File h/a.csv is UTF-16BE (byte-order mark FE FF); declared encodings: [UTF-8, GB18030]");
    assertThat(FileText.decode("h/a.csv", b, List.of("UTF-16")).text()).isEqualTo("dept,n\n");
  }

  @Test
  void aFewNulBytesAreLineFaultsNotUtf16() {
    byte[] b = utf8("dept,n\nab\0\0c,3\nok,4\n");

    FileText.Decoded d = FileText.decode("h/a.csv", b, ENCODINGS);

    assertThat(d.encoding()).isEqualTo("UTF-8");
    assertThat(d.faults())
        .containsExactly(
            org.assertj.core.api.Assertions.entry(
                1,
                new FileText.LineFault(
                    "line.nul",
                    "line holds 2 NUL bytes (\\x00), first at character 3",
                    "ab\\x00\\x00c,3")));
  }

  @Test
  void truncatedGzipFailsNamingFile() throws IOException {
    byte[] whole = gzip(utf8("a,b\n1,2\n3,4\n"));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 6);

    assertThatThrownBy(() -> FileText.decode("x/2026-11-09.csv.gz", cut, ENCODINGS))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("File x/2026-11-09.csv.gz is a truncated gzip file (it ends early)");
  }
}
