package org.citykpi.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;

/**
 * An export of the NBS "National Data" portal (data.stats.gov.cn): preamble lines {@code 数据库：…},
 * {@code 指标：<name>(<unit>)}, {@code 时间：…}; a header {@code 地区,2024年,2023年,…}; one row per region;
 * footnotes from the first line that starts with one of {@code reader.footer_prefixes} (e.g. {@code
 * 注：}, {@code 数据来源：}) to the end. Preamble and footnotes are not records.
 *
 * <p>Unpivots the year columns: one record per region × year cell, with fields {@code region},
 * {@code year} ({@code yyyy}), {@code indicator}, {@code unit} and {@code value} (empty when the
 * portal published no figure). Its line number is the file line, its raw text {@code
 * <region>,<year>年,<cell>}. A region row with the wrong number of cells is one record with a parse
 * error. A file without the {@code 指标：} line or the {@code 地区} header throws naming the file.
 */
public final class NbsMatrixFormat implements RecordFormat {
  private static final long serialVersionUID = 1L;
  static final List<String> PRODUCES = List.of("region", "year", "indicator", "unit", "value");
  private static final Pattern INDICATOR =
      Pattern.compile("^指标[：:](.*?)\\s*[（(]([^（(）)]*)[）)]\\s*$");
  private static final Pattern YEAR = Pattern.compile("^(\\d{4})年$");
  private final List<String> encodings;
  private final Fields fields;
  private final List<String> footers;

  public NbsMatrixFormat(SourceContract c) {
    this.encodings = List.copyOf(c.encodingList());
    this.fields = new Fields(c, PRODUCES);
    List<String> f = c.readerOptions().footerPrefixes();
    this.footers = f == null ? List.of("注：", "数据来源：") : List.copyOf(f);
  }

  @Override
  public List<Row> records(String file, byte[] content) {
    FileText.Decoded text = FileText.decode(file, content, encodings).requireClean(file);
    String[] lines = text.text().split("\r?\n", -1);
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setLineSeparator("\n");
    CsvParser parser = new CsvParser(s);
    LocalDate fileDate = RawRecords.fileDate(file);
    String indicator = null;
    String unit = null;
    String[] years = null;
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      if (years == null) {
        Matcher m = INDICATOR.matcher(line.strip());
        if (m.matches()) {
          indicator = m.group(1).strip();
          unit = m.group(2).strip();
        } else if (line.startsWith("地区")) {
          if (indicator == null) {
            throw new CityKpiException(
                "File "
                    + file
                    + " has no line '指标：<name>(<unit>)' before its "
                    + "header: not an NBS export");
          }
          years = years(file, i, parser.parseLine(line));
        }
        continue;
      }
      if (footers.stream().anyMatch(line::startsWith)) {
        break; // footnotes run to the end of the file
      }
      String[] v = parser.parseLine(line);
      if (v.length != years.length) {
        out.add(
            RawRecords.record(
                file,
                i + 1L,
                line,
                text.encoding(),
                null,
                "line has " + v.length + " fields, header has " + years.length,
                fileDate));
        continue;
      }
      String region = v[0] == null ? null : v[0].strip();
      for (int c = 1; c < years.length; c++) {
        String cell = v[c] == null ? "" : v[c].strip();
        String[] f =
            fields.of(
                Map.of(
                    "region",
                    region == null ? "" : region,
                    "year",
                    years[c],
                    "indicator",
                    indicator,
                    "unit",
                    unit,
                    "value",
                    cell));
        out.add(
            RawRecords.record(
                file,
                i + 1L,
                region + "," + years[c] + "年," + cell,
                text.encoding(),
                f,
                null,
                fileDate));
      }
    }
    if (indicator == null) {
      throw new CityKpiException(
          "File " + file + " has no line '指标：<name>(<unit>)': not an NBS export");
    }
    if (years == null) {
      throw new CityKpiException(
          "File " + file + " has no header row '地区,<year>年,…': not an NBS export");
    }
    return out;
  }

  /**
   * The header's year per column ({@code [0]} is the region column); fails on a non-year column.
   */
  private static String[] years(String file, int i, String[] header) {
    String[] out = new String[header.length];
    for (int c = 1; c < header.length; c++) {
      Matcher m = YEAR.matcher(header[c] == null ? "" : header[c].strip());
      if (!m.matches()) {
        throw new CityKpiException(
            "File "
                + file
                + " line "
                + (i + 1)
                + ": header column "
                + (c + 1)
                + " '"
                + header[c]
                + "' is not a year like 2024年");
      }
      out[c] = m.group(1);
    }
    return out;
  }
}
