package org.citykpi.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.citykpi.common.CityKpiException;

/**
 * Turns a delivered file's bytes into text, one file at a time and never by guess: a file decodes
 * as one of its contract's declared encodings only where every byte is valid in it.
 *
 * <p>The rule, in order:
 *
 * <ol>
 *   <li>{@code .gz} files are gunzipped; a truncated or corrupt gzip fails naming the file.
 *   <li>A byte-order mark decides: UTF-8's ({@code EF BB BF}) is dropped and the rest read as UTF-8
 *       (UTF-8 must be declared); a UTF-16 mark ({@code FF FE}, {@code FE FF}) fails naming the
 *       file unless UTF-16 is declared.
 *   <li>A file without a mark whose first 4 KiB hold NUL bytes at every other position (ASCII text
 *       in UTF-16) fails naming the file: "looks like UTF-16LE without a byte-order mark".
 *   <li>A file that is valid UTF-8 as a whole (and UTF-8 is declared) is UTF-8.
 *   <li>Otherwise a declared legacy encoding (e.g. GB18030) is chosen only when the whole file is
 *       valid in it <em>and</em> the file is evidently not UTF-8: more of its lines with non-ASCII
 *       bytes are invalid UTF-8 than valid, and (for the GB family) fewer than half of its two-byte
 *       characters have an ASCII trail byte (GB2312 text has none; a Latin-1 byte before a letter,
 *       {@code Cardiolog\xEDa}, makes exactly such a pair).
 *   <li>Otherwise, when UTF-8 is declared, the file is UTF-8 and each line that is not valid UTF-8
 *       is a {@link LineFault} {@code encoding.invalid}, its offending bytes shown as {@code \xED};
 *       every other line decodes as usual. When UTF-8 is not declared the file fails naming it.
 * </ol>
 *
 * <p>A line holding NUL bytes (valid in every encoding, but no text) is a fault {@code line.nul}.
 * Line numbers count {@code \n}, which is never part of a multi-byte character in UTF-8 or GB18030.
 */
public final class FileText {
  private FileText() {}

  /** Rule id of a line that is not valid in its file's encoding. */
  public static final String ENCODING_INVALID = "encoding.invalid";

  /** Rule id of a line holding NUL bytes. */
  public static final String LINE_NUL = "line.nul";

  private static final int SNIFF = 4096;

  /** Why one line cannot be read: its rule id, reason and printable raw text (bytes escaped). */
  public record LineFault(String rule, String reason, String raw) {}

  /**
   * The decoded text, the encoding that decoded it, and the lines (0-based, split on {@code \n})
   * that could not be read; their text in {@code text} is the escaped raw text.
   */
  public record Decoded(String text, String encoding, Map<Integer, LineFault> faults) {
    public Decoded(String text, String encoding) {
      this(text, encoding, Map.of());
    }

    /** The fault of a line (0-based index into {@code text.split("\r?\n")}), or null. */
    public LineFault fault(int index) {
      return faults.get(index);
    }

    /** For readers that parse a file as a whole: fails naming the file and first faulty line. */
    public Decoded requireClean(String file) {
      if (!faults.isEmpty()) {
        Map.Entry<Integer, LineFault> first = faults.entrySet().iterator().next();
        throw new CityKpiException(
            "File "
                + file
                + " line "
                + (first.getKey() + 1)
                + ": "
                + first.getValue().reason()
                + (faults.size() > 1 ? " (and " + (faults.size() - 1) + " more lines)" : ""));
      }
      return this;
    }
  }

  public static Decoded decode(String path, byte[] bytes, List<String> encodings) {
    byte[] content = path.endsWith(".gz") ? gunzip(path, bytes) : bytes;
    boolean utf8 = encodings.stream().anyMatch(FileText::isUtf8);
    if (content.length == 0) {
      return new Decoded("", utf8 ? "UTF-8" : encodings.get(0));
    }
    if (startsWith(content, 0xEF, 0xBB, 0xBF)) {
      if (!utf8) {
        throw new CityKpiException(
            "File " + path + " has a UTF-8 byte-order mark; declared encodings: " + encodings);
      }
      return withNulFaults(utf8Lines(content, 3));
    }
    String bom16 =
        startsWith(content, 0xFF, 0xFE)
            ? "UTF-16LE"
            : startsWith(content, 0xFE, 0xFF) ? "UTF-16BE" : null;
    if (bom16 != null) {
      String declared = declaredUtf16(encodings, bom16);
      if (declared == null) {
        throw new CityKpiException(
            "File "
                + path
                + " is "
                + bom16
                + " (byte-order mark "
                + hex(content, 0, 2)
                + "); declared encodings: "
                + encodings);
      }
      return withNulFaults(strict(path, content, 2, bom16, declared));
    }
    String utf16 = looksLikeUtf16(content);
    if (utf16 != null) {
      throw new CityKpiException(
          "File "
              + path
              + " looks like "
              + utf16
              + " without a byte-order mark (NUL bytes at every other position); "
              + "declared encodings: "
              + encodings);
    }
    if (utf8) {
      String text = tryDecode(content, StandardCharsets.UTF_8);
      if (text != null) {
        return withNulFaults(new Decoded(dropBom(text), "UTF-8"));
      }
    }
    for (String enc : encodings) {
      if (isUtf8(enc)) {
        continue;
      }
      String text = tryDecode(content, Charset.forName(enc));
      if (text != null && (!utf8 || evidentlyIn(content, enc))) {
        return withNulFaults(new Decoded(dropBom(text), enc));
      }
    }
    if (utf8) {
      return withNulFaults(utf8Lines(content, 0));
    }
    throw new CityKpiException(
        "File "
            + path
            + " is not valid text in any declared encoding "
            + encodings
            + firstInvalid(content, Charset.forName(encodings.get(0))));
  }

  private static boolean isUtf8(String enc) {
    String e = enc.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    return e.equals("UTF8");
  }

  private static String declaredUtf16(List<String> encodings, String kind) {
    for (String e : encodings) {
      String u = e.toUpperCase(Locale.ROOT).replace("_", "-");
      if (u.equals("UTF-16") || u.equals(kind)) {
        return e;
      }
    }
    return null;
  }

  private static Decoded strict(String path, byte[] b, int from, String charset, String name) {
    String text = tryDecode(ByteBuffer.wrap(b, from, b.length - from), Charset.forName(charset));
    if (text == null) {
      throw new CityKpiException(
          "File "
              + path
              + " has a "
              + charset
              + " byte-order mark but is not valid "
              + charset
              + firstInvalid(b, Charset.forName(charset)));
    }
    return new Decoded(text, name);
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * "UTF-16LE"/"UTF-16BE" when at least 30 % of the odd (even) positions of the first 4 KiB are NUL
   * and the other positions hold at most a quarter as many: ASCII text in UTF-16. Stray NUL bytes
   * in a text file do not make that pattern.
   */
  static String looksLikeUtf16(byte[] b) {
    int n = Math.min(b.length, SNIFF) & ~1;
    if (n < 4) {
      return null;
    }
    int even = 0;
    int odd = 0;
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        if ((i & 1) == 0) {
          even++;
        } else {
          odd++;
        }
      }
    }
    double half = n / 2.0;
    if (odd >= 0.3 * half && even * 4 <= odd) {
      return "UTF-16LE";
    }
    if (even >= 0.3 * half && odd * 4 <= even) {
      return "UTF-16BE";
    }
    return null;
  }

  private static String tryDecode(byte[] b, Charset cs) {
    return tryDecode(ByteBuffer.wrap(b), cs);
  }

  private static String tryDecode(ByteBuffer b, Charset cs) {
    try {
      return decoder(cs).decode(b).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static CharsetDecoder decoder(Charset cs) {
    return cs.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static String dropBom(String text) {
    return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
  }

  /**
   * Whether a file that is valid in {@code enc} but not in UTF-8 is evidently in {@code enc}: more
   * of its non-ASCII lines are invalid UTF-8 than valid, and for the GB family fewer than half of
   * its two-byte characters have an ASCII trail byte.
   */
  static boolean evidentlyIn(byte[] b, String enc) {
    int valid = 0;
    int invalid = 0;
    for (int[] l : lines(b, 0)) {
      boolean ascii = true;
      for (int i = l[0]; i < l[1] && ascii; i++) {
        ascii = b[i] >= 0;
      }
      if (ascii) {
        continue;
      }
      if (tryDecode(ByteBuffer.wrap(b, l[0], l[1] - l[0]), StandardCharsets.UTF_8) == null) {
        invalid++;
      } else {
        valid++;
      }
    }
    if (invalid <= valid) {
      return false;
    }
    String u = enc.toUpperCase(Locale.ROOT);
    if (!(u.startsWith("GB") || u.equals("CP936") || u.equals("X-MS936"))) {
      return true;
    }
    int pairs = 0;
    int asciiTrail = 0;
    for (int i = 0; i < b.length; ) {
      int c = b[i] & 0xFF;
      if (c < 0x80 || c == 0xFF || i + 1 >= b.length) {
        i++;
      } else if ((b[i + 1] & 0xFF) >= 0x30 && (b[i + 1] & 0xFF) <= 0x39) {
        i += 4; // a four-byte GB18030 sequence
      } else {
        pairs++;
        asciiTrail += (b[i + 1] & 0xFF) < 0x80 ? 1 : 0;
        i += 2;
      }
    }
    return asciiTrail * 2 < pairs;
  }

  /** Line spans {@code [start, end)} split on {@code \n} (the {@code \n} excluded). */
  private static List<int[]> lines(byte[] b, int from) {
    List<int[]> out = new ArrayList<>();
    int start = from;
    for (int i = from; i < b.length; i++) {
      if (b[i] == '\n') {
        out.add(new int[] {start, i});
        start = i + 1;
      }
    }
    out.add(new int[] {start, b.length});
    return out;
  }

  /** UTF-8 line by line: lines that are not valid UTF-8 become faults, the others decode. */
  private static Decoded utf8Lines(byte[] b, int from) {
    String whole = tryDecode(ByteBuffer.wrap(b, from, b.length - from), StandardCharsets.UTF_8);
    if (whole != null) {
      return new Decoded(whole, "UTF-8");
    }
    StringBuilder text = new StringBuilder(b.length);
    Map<Integer, LineFault> faults = new TreeMap<>();
    List<int[]> spans = lines(b, from);
    for (int k = 0; k < spans.size(); k++) {
      int[] s = spans.get(k);
      if (k > 0) {
        text.append('\n');
      }
      ByteBuffer line = ByteBuffer.wrap(b, s[0], s[1] - s[0]);
      String clean = tryDecode(line.duplicate(), StandardCharsets.UTF_8);
      if (clean != null) {
        text.append(clean);
        continue;
      }
      Escaped e = escaped(line, StandardCharsets.UTF_8);
      String reason =
          "not valid UTF-8: "
              + e.first()
              + (e.sequences() > 1
                  ? " (and " + (e.sequences() - 1) + " more invalid sequences)"
                  : "");
      faults.put(k, new LineFault(ENCODING_INVALID, reason, e.text()));
      text.append(e.text());
    }
    return new Decoded(text.toString(), "UTF-8", faults);
  }

  /** A line decoded with each invalid byte written as {@code \xNN}. */
  private record Escaped(String text, String first, int sequences) {}

  private static Escaped escaped(ByteBuffer in, Charset cs) {
    CharsetDecoder d = decoder(cs);
    int start = in.position();
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    StringBuilder sb = new StringBuilder();
    String first = null;
    int sequences = 0;
    while (true) {
      CoderResult r = d.decode(in, out, true);
      if (r.isError()) {
        out.flip();
        sb.append(out);
        out.clear();
        int at = in.position() - start + 1;
        StringBuilder bad = new StringBuilder();
        for (int k = 0; k < r.length(); k++) {
          bad.append(String.format(Locale.ROOT, "\\x%02X", in.get() & 0xFF));
        }
        sb.append(bad);
        sequences++;
        if (first == null) {
          first = bad + " at byte " + at;
        }
      } else if (r.isUnderflow()) {
        break;
      } else {
        out.flip();
        sb.append(out);
        out.clear();
      }
    }
    d.flush(out);
    out.flip();
    sb.append(out);
    return new Escaped(sb.toString(), first, sequences);
  }

  /** " (first invalid bytes at line L: \xNN)" for a failure message, or "". */
  private static String firstInvalid(byte[] b, Charset cs) {
    List<int[]> spans = lines(b, 0);
    for (int k = 0; k < spans.size(); k++) {
      int[] s = spans.get(k);
      ByteBuffer line = ByteBuffer.wrap(b, s[0], s[1] - s[0]);
      if (tryDecode(line.duplicate(), cs) == null) {
        return " (line " + (k + 1) + ": " + escaped(line, cs).first() + ")";
      }
    }
    return "";
  }

  private static String hex(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(sb.length() == 0 ? "" : " ")
          .append(String.format(Locale.ROOT, "%02X", b[i] & 0xFF));
    }
    return sb.toString();
  }

  /** Adds a {@code line.nul} fault for each line holding NUL characters (escaped as \x00). */
  private static Decoded withNulFaults(Decoded d) {
    if (d.text().indexOf('\0') < 0) {
      return d;
    }
    Map<Integer, LineFault> faults = new TreeMap<>(d.faults());
    String[] lines = d.text().split("\n", -1);
    for (int k = 0; k < lines.length; k++) {
      String l = lines[k];
      if (l.indexOf('\0') < 0 || faults.containsKey(k)) {
        continue;
      }
      int count = 0;
      for (int i = 0; i < l.length(); i++) {
        count += l.charAt(i) == '\0' ? 1 : 0;
      }
      faults.put(
          k,
          new LineFault(
              LINE_NUL,
              "line holds "
                  + count
                  + " NUL byte"
                  + (count == 1 ? "" : "s")
                  + " (\\x00), first at character "
                  + (l.indexOf('\0') + 1),
              l.replace("\0", "\\x00")));
    }
    return new Decoded(d.text(), d.encoding(), faults);
  }

  private static byte[] gunzip(String path, byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (java.io.EOFException e) {
      throw new CityKpiException("File " + path + " is a truncated gzip file (it ends early)", e);
    } catch (IOException e) {
      throw new CityKpiException(
          "File " + path + " is not a valid gzip file (" + e.getMessage() + ")", e);
    }
  }
}
