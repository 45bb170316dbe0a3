package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spreadsheet holds every table of the HTML report, the data-quality annex's included. */
class XlsxWriterTest {
  @TempDir Path dir;

  @Test
  void qualitySheetsHoldTheFlaggedRulesAsTypedCells() throws IOException {
    WeeklyModel w = TestModels.weekly();
    DataQuality.Jump jump = w.quality().jumps().get(0);
    Path file = dir.resolve("report.en.xlsx");
    XlsxWriter.write(file, ReportKind.WEEKLY, w, w.cover(), Lang.EN, Fixtures.refs());
    try (InputStream in = Files.newInputStream(file);
        ReadableWorkbook wb = new ReadableWorkbook(in)) {
      assertThat(wb.getSheets().map(s -> s.getName()).toList())
          .contains("Overview", "Quality - sources", "Quality - rules that jumped", "Provenance");
      List<Row> rows = wb.findSheet("Quality - rules that jumped").orElseThrow().read();
      assertThat(rows).hasSize(2); // header and the one flagged rule
      assertThat(rows.get(0).getCell(0).getText()).isEqualTo("Day");
      Row r = rows.get(1);
      assertThat(r.getCellAsDate(0).orElseThrow().toLocalDate()).isEqualTo(jump.day());
      assertThat(r.getCell(1).getText()).isEqualTo(jump.source());
      assertThat(r.getCell(3).getText()).isEqualTo(jump.rule());
      assertThat(number(r.getCell(5))).isEqualTo(jump.failed());
      assertThat(number(r.getCell(6))).isEqualTo(jump.ratePct());
      assertThat(number(r.getCell(9))).isEqualTo(jump.historyDays());
      // the overview's status columns add up to its total
      Row city = wb.findSheet("Overview").orElseThrow().read().get(1);
      double sum = 0;
      for (int c = 2; c < 2 + Status.values().length; c++) {
        sum += number(city.getCell(c));
      }
      assertThat(number(city.getCell(2 + Status.values().length))).isEqualTo(sum).isPositive();
    }
  }

  private static double number(Cell c) {
    assertThat(c.getType()).isEqualTo(CellType.NUMBER);
    return c.asNumber().doubleValue();
  }
}
