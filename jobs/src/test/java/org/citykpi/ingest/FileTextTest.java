package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  void bytesNoEncodingDecodesFailNamingFileAndEncodings() {
    byte[] gbk = "杭州".getBytes(GB18030);

    assertThatThrownBy(() -> FileText.decode("x/bad.csv", gbk, List.of("UTF-8")))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("File x/bad.csv is not valid text in any declared encoding [UTF-8]");
  }

  @Test
  void corruptGzipFailsNamingFile() {
    byte[] notGzip = "plain".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> FileText.decode("x/a.csv.gz", notGzip, ENCODINGS))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("File x/a.csv.gz is not a valid gzip file");
  }
}
