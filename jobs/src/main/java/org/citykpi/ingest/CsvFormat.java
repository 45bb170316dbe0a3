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
 * Delimited text with a header row (UTF-8 or GBK, optional BOM, LF or CRLF, optional gzip). Each
 * non-blank line after the header is one record; a line whose field count differs from the header's
 * becomes a record with a parse error, never a dropped line.
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

  @Override
  public List<Row> records(String file, byte[] content) {
    FileText.Decoded text = FileText.decode(file, content, encodings);
    LocalDate fileDate = RawRecords.fileDate(file);
    String[] lines = text.text().split("\r?\n", -1);
    CsvParser parser = parser();
    List<Row> out = new ArrayList<>();
    int[][] positions = null;
    int width = 0;
    for (int i = skipLines; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String[] values = parse(parser, line);
      if (positions == null) {
        positions = headerPositions(file, values);
        width = values.length;
        continue;
      }
      long lineNo = i + 1L;
      if (values == null || values.length != width) {
        String error =
            "line has " + (values == null ? 0 : values.length) + " fields, header has " + width;
        out.add(RawRecords.record(file, lineNo, line, text.encoding(), null, error, fileDate));
        continue;
      }
      String[] fields = new String[positions.length];
      for (int c = 0; c < positions.length; c++) {
        fields[c] = join(values, positions[c]);
      }
      out.add(RawRecords.record(file, lineNo, line, text.encoding(), fields, null, fileDate));
    }
    return out;
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

  /** Maps each declared column to its position(s) in the header; fails naming the missing ones. */
  private int[][] headerPositions(String file, String[] header) {
    if (header == null) {
      throw new CityKpiException(
          "File " + file + " line " + (skipLines + 1) + ": header cannot be parsed");
    }
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      at.put(header[i] == null ? "" : header[i].trim(), i);
    }
    List<String> missing = new ArrayList<>();
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
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new CityKpiException(
          "File "
              + file
              + " line "
              + (skipLines + 1)
              + ": header lacks column(s) "
              + missing
              + " required by the contract; the line has "
              + header.length
              + " field(s), not shown: a file without a header has a data line there, which may"
              + " hold personal ids");
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

  private static String[] parse(CsvParser parser, String line) {
    try {
      return parser.parseLine(line);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
