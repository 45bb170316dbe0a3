package org.citykpi.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;

/**
 * A wide matrix without a time column: the header names the series (e.g. 207 detector ids), data
 * row i (0-based) is the time {@code reader.start_time + i * reader.step_minutes}. One record per
 * cell, with fields {@code column} (the header name), {@code time} ({@code yyyy-MM-dd HH:mm}) and
 * {@code value}; its line number is the file line, its raw text {@code <column>=<value>}. A row
 * with the wrong number of cells is one record with a parse error (its cells cannot be told apart).
 */
public final class WideCsvFormat implements RecordFormat {
  private static final long serialVersionUID = 1L;
  static final List<String> PRODUCES = List.of("column", "time", "value");
  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private final List<String> encodings;
  private final Fields fields;
  private final String start;
  private final int step;

  public WideCsvFormat(SourceContract c) {
    this.encodings = List.copyOf(c.encodingList());
    this.fields = new Fields(c, PRODUCES);
    SourceContract.ReaderOptions o = c.readerOptions();
    if (o.startTime() == null || o.stepMinutes() == null || o.stepMinutes() <= 0) {
      throw new CityKpiException(
          "Contract "
              + c.source()
              + ": format wide_csv needs reader.start_time "
              + "(yyyy-MM-ddTHH:mm) and a positive reader.step_minutes");
    }
    this.start = o.startTime();
    this.step = o.stepMinutes();
  }

  @Override
  public List<Row> records(String file, byte[] content) {
    FileText.Decoded text = FileText.decode(file, content, encodings);
    String[] lines = text.text().split("\r?\n", -1);
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setLineSeparator("\n");
    s.setMaxColumns(100_000);
    CsvParser parser = new CsvParser(s);
    LocalDateTime t0 = LocalDateTime.parse(start);
    String[] header = null;
    List<Row> out = new ArrayList<>();
    int row = 0;
    for (int i = 0; i < lines.length; i++) {
      FileText.LineFault fault = text.fault(i);
      if (fault == null && lines[i].isBlank()) {
        continue;
      }
      if (fault != null && header == null) {
        throw new CityKpiException(
            "File " + file + " line " + (i + 1) + ": the header line is " + fault.reason());
      }
      if (fault != null) {
        row++; // the faulty line still takes its time step
        out.add(
            RawRecords.record(
                file,
                i + 1L,
                fault.raw(),
                text.encoding(),
                null,
                fault.reason(),
                null,
                fault.rule()));
        continue;
      }
      String[] v = parse(parser, lines[i]);
      if (v == null && header == null) {
        throw new CityKpiException(
            "File " + file + " line " + (i + 1) + ": the header line cannot be split into fields");
      }
      if (v == null) {
        row++;
        String shown = lines[i].length() > 200 ? lines[i].substring(0, 200) + "..." : lines[i];
        out.add(
            RawRecords.record(
                file,
                i + 1L,
                shown,
                text.encoding(),
                null,
                "line of " + lines[i].length() + " characters cannot be split into fields",
                null));
        continue;
      }
      if (header == null) {
        header = v;
        for (String h : header) {
          if (h == null || h.isBlank()) {
            throw new CityKpiException(
                "File " + file + " line " + (i + 1) + ": header has an empty column name");
          }
        }
        continue;
      }
      String time = t0.plusMinutes((long) step * row++).format(OUT);
      if (v.length != header.length) {
        out.add(
            RawRecords.record(
                file,
                i + 1L,
                lines[i],
                text.encoding(),
                null,
                "line has " + v.length + " fields, header has " + header.length,
                null));
        continue;
      }
      for (int c = 0; c < header.length; c++) {
        String[] f =
            fields.of(
                Map.of(
                    "column", header[c].trim(), "time", time, "value", v[c] == null ? "" : v[c]));
        out.add(
            RawRecords.record(
                file, i + 1L, header[c].trim() + "=" + v[c], text.encoding(), f, null, null));
      }
    }
    if (header == null) {
      throw new CityKpiException("File " + file + " has no header row");
    }
    return out;
  }

  private static String[] parse(CsvParser parser, String line) {
    try {
      return parser.parseLine(line);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
