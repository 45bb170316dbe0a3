package org.citykpi.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;

/**
 * Delimited text with a header row (decoded by {@link FileText}: UTF-8 or GB18030, optional BOM, LF
 * or CRLF, optional gzip). Each non-blank line after the header is one record (a quoted field may
 * span lines); a line whose field count differs from the header's, that is not valid in the file's
 * encoding, holds NUL bytes or is longer than {@link #MAX_LINE} characters becomes a record with a
 * parse error and its rule, never a dropped line.
 */
public final class CsvFormat implements RecordFormat {
  private static final long serialVersionUID = 1L;

  private final List<String> encodings;
  private final char delimiter;

  /** For each contract column, the header names whose values make its text (empty: a constant). */
  private final List<List<String>> sourcesByColumn;

  private final int skipLines;

  public CsvFormat(SourceContract contract) {
    this.encodings = List.copyOf(contract.encodingList());
    this.delimiter = contract.delimiterOrDefault().charAt(0);
    List<List<String>> m = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      m.add(c.isConstant() ? List.of() : List.copyOf(c.sourceNames()));
    }
    this.sourcesByColumn = m;
    Integer skip = contract.readerOptions().skipLines();
    this.skipLines = skip == null ? 0 : skip;
  }

  /** Rule id of a line longer than {@link #MAX_LINE} characters. */
  public static final String TOO_LONG = "line.too_long";

  /** The longest line read (characters); longer ones are quarantined, not parsed. */
  public static final int MAX_LINE = 1 << 16;

  /** How many lines one quoted field may span (RFC 4180 allows line breaks inside quotes). */
  static final int MAX_QUOTED_LINES = 50;

  /** The characters of a too-long line kept as its raw text. */
  static final int KEPT = 200;

  @Override
  public List<Row> records(String file, byte[] content) {
    FileText.Decoded text = FileText.decode(file, content, encodings);
    LocalDate fileDate = RawRecords.fileDate(file);
    String[] lines = text.text().split("\r?\n", -1);
    CsvParser parser = parser();
    List<Row> out = new ArrayList<>();
    int[][] positions = null;
    int width = 0;
    String enc = text.encoding();
    for (int i = skipLines; i < lines.length; i++) {
      String line = lines[i];
      FileText.LineFault fault = text.fault(i);
      if (fault == null && line.isBlank()) {
        continue;
      }
      long lineNo = i + 1L;
      if (positions == null) {
        if (fault != null) {
          throw new CityKpiException(
              "File " + file + " line " + lineNo + ": the header line is " + fault.reason());
        }
        if (line.length() > MAX_LINE) {
          throw new CityKpiException(
              "File "
                  + file
                  + " line "
                  + lineNo
                  + ": the header line is "
                  + line.length()
                  + " characters long (the limit is "
                  + MAX_LINE
                  + ")");
        }
        String[] header = parse(parser, line);
        positions = headerPositions(file, lineNo, header);
        width = header.length;
        continue;
      }
      if (fault != null) {
        out.add(
            RawRecords.record(
                file, lineNo, fault.raw(), enc, null, fault.reason(), fileDate, fault.rule()));
        continue;
      }
      if (line.length() > MAX_LINE) {
        out.add(tooLong(file, lineNo, line, enc, fileDate));
        continue;
      }
      // A quoted field may hold line breaks: join lines until the quotes balance, and keep the
      // join only when it makes one whole record (a stray quote must not swallow lines).
      int last = i;
      String[] values = null;
      if (unbalanced(line)) {
        StringBuilder joined = new StringBuilder(line);
        int j = i + 1;
        boolean open = true;
        while (open
            && j < lines.length
            && j - i < MAX_QUOTED_LINES
            && text.fault(j) == null
            && joined.length() + lines[j].length() < MAX_LINE) {
          joined.append('\n').append(lines[j]);
          open = unbalanced(joined);
          j++;
        }
        String[] whole = open ? null : parseOne(parser, joined.toString());
        if (whole != null && whole.length == width) {
          line = joined.toString();
          last = j - 1;
          values = whole;
        }
      }
      if (values == null) {
        values = parse(parser, line);
      }
      if (values == null || values.length != width) {
        String error =
            values == null
                ? "line cannot be split into fields (more than 4096 fields or an unclosed quote)"
                : "line has " + values.length + " fields, header has " + width;
        if (values != null && unbalanced(line)) {
          error += " (a quote is never closed)";
        }
        out.add(RawRecords.record(file, lineNo, line, enc, null, error, fileDate));
        i = last;
        continue;
      }
      String[] fields = new String[positions.length];
      for (int c = 0; c < positions.length; c++) {
        fields[c] = join(values, positions[c]);
      }
      out.add(RawRecords.record(file, lineNo, line, enc, fields, null, fileDate));
      i = last;
    }
    return out;
  }

  /** Whether a line holds an odd number of quote characters: a quoted field runs on. */
  static boolean unbalanced(CharSequence line) {
    int n = 0;
    for (int k = 0; k < line.length(); k++) {
      n += line.charAt(k) == '"' ? 1 : 0;
    }
    return (n & 1) == 1;
  }

  /** A record for a line too long to parse: its length and its first {@link #KEPT} characters. */
  static Row tooLong(String file, long lineNo, String line, String enc, LocalDate fileDate) {
    return RawRecords.record(
        file,
        lineNo,
        line.substring(0, KEPT) + "... (" + line.length() + " characters)",
        enc,
        null,
        "line is " + line.length() + " characters long; the limit is " + MAX_LINE,
        fileDate,
        TOO_LONG);
  }

  /**
   * One column's text: its single field, or its several fields joined by a space (null if any is).
   */
  private static String join(String[] values, int[] at) {
    if (at.length == 1) {
      return values[at[0]];
    }
    StringBuilder b = new StringBuilder();
    for (int p : at) {
      String v = values[p];
      if (v == null || v.isBlank()) {
        return null;
      }
      b.append(b.length() == 0 ? "" : " ").append(v.trim());
    }
    return at.length == 0 ? null : b.toString();
  }

  /**
   * Maps each declared column to its position(s) in the header; fails naming the file and the
   * missing columns. The message shows only header names the contract knows: a file without a
   * header has a data line there, which may hold a personal id.
   */
  private int[][] headerPositions(String file, long lineNo, String[] header) {
    if (header == null) {
      throw new CityKpiException(
          "File " + file + " line " + lineNo + ": the header line cannot be split into fields");
    }
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      at.put(header[i] == null ? "" : header[i].trim(), i);
    }
    List<String> missing = new ArrayList<>();
    List<String> found = new ArrayList<>();
    int[][] positions = new int[sourcesByColumn.size()][];
    for (int c = 0; c < positions.length; c++) {
      List<String> names = sourcesByColumn.get(c);
      positions[c] = new int[names.size()];
      for (int k = 0; k < names.size(); k++) {
        Integer p = at.get(names.get(k));
        if (p == null) {
          missing.add(names.get(k));
        } else {
          positions[c][k] = p;
          found.add(names.get(k));
        }
      }
    }
    if (!missing.isEmpty()) {
      String what =
          found.isEmpty()
              ? ": the line names none of them, so the file seems to have no header row (the line"
                  + " is not shown: it may hold personal data)"
              : " (the header has " + header.length + " fields)";
      throw new CityKpiException(
          "File "
              + file
              + " line "
              + lineNo
              + ": header lacks column(s) "
              + missing
              + " required by the contract"
              + what);
    }
    return positions;
  }

  private CsvParser parser() {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(delimiter);
    s.getFormat().setLineSeparator("\n");
    s.setNullValue("");
    s.setEmptyValue("");
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setMaxColumns(4096);
    s.setMaxCharsPerColumn(1 << 16);
    return new CsvParser(s);
  }

  /** The one record a text of several lines makes, or null when it makes several or none. */
  private static String[] parseOne(CsvParser parser, String text) {
    try {
      List<String[]> all = parser.parseAll(new java.io.StringReader(text));
      return all.size() == 1 ? all.get(0) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String[] parse(CsvParser parser, String line) {
    try {
      return parser.parseLine(line);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
