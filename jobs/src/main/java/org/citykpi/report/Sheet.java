package org.citykpi.report;

import java.time.LocalDate;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * One table of a report as a worksheet: a bold, frozen header row, then typed cells. Text from the
 * data goes in as a string cell, never as a formula (a clause beginning with "=" stays text);
 * numbers as numbers with a number format; dates as dates; a missing value as an empty cell, never
 * 0.
 */
final class Sheet {
  /** A number cell with an Excel number format. */
  record Num(Number value, String format) {}

  static final String INT = "#,##0";

  private final Worksheet ws;
  private int row = 1;

  Sheet(Workbook wb, String name, List<String> headers, List<Double> widths) {
    ws = wb.newWorksheet(name);
    for (int c = 0; c < headers.size(); c++) {
      ws.value(0, c, headers.get(c));
      ws.style(0, c).bold().fillColor("EEF2F6").wrapText(true).set();
      ws.width(c, widths.get(c));
    }
    ws.freezePane(0, 1);
  }

  /** The Excel format of a value with {@code decimals} decimals: #,##0.0 ... */
  static String format(int decimals) {
    return decimals == 0 ? INT : "#,##0." + "0".repeat(decimals);
  }

  /** A KPI value in its unit's decimals. */
  static Num value(Double v, String unit) {
    return new Num(v, format(Fmt.decimals(unit)));
  }

  /** A percentage (attainment, change) with one decimal, as the number of percent. */
  static Num pct(Double v) {
    return new Num(v, "0.0");
  }

  static Num count(long v) {
    return new Num(v, INT);
  }

  /** Appends a row: String, Num, Number, Boolean, LocalDate or null (empty) cells. */
  void row(Object... cells) {
    for (int c = 0; c < cells.length; c++) {
      Object v = cells[c];
      if (v == null) {
        continue;
      }
      if (v instanceof Num n) {
        if (n.value() != null) {
          ws.value(row, c, n.value());
          ws.style(row, c).format(n.format()).set();
        }
      } else if (v instanceof Number n) {
        ws.value(row, c, n);
      } else if (v instanceof Boolean b) {
        ws.value(row, c, b);
      } else if (v instanceof LocalDate d) {
        ws.value(row, c, d);
        ws.style(row, c).format("yyyy-mm-dd").set();
      } else {
        ws.value(row, c, v.toString());
      }
    }
    row++;
  }
}
