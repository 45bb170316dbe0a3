package org.citykpi.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.citykpi.common.CityKpiException;

/** Turns a delivered file's bytes into text: gunzips {@code .gz}, tries each declared encoding. */
public final class FileText {
  private FileText() {}

  /** The decoded text and the encoding that decoded it cleanly. */
  public record Decoded(String text, String encoding) {}

  public static Decoded decode(String path, byte[] bytes, List<String> encodings) {
    byte[] content = path.endsWith(".gz") ? gunzip(path, bytes) : bytes;
    for (String enc : encodings) {
      try {
        String text =
            Charset.forName(enc)
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content))
                .toString();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
          text = text.substring(1); // byte-order mark
        }
        return new Decoded(text, enc);
      } catch (CharacterCodingException e) {
        // try the next declared encoding
      }
    }
    throw new CityKpiException(
        "File " + path + " is not valid text in any declared encoding " + encodings);
  }

  private static byte[] gunzip(String path, byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "File " + path + " is not a valid gzip file: " + e.getMessage(), e);
    }
  }
}
