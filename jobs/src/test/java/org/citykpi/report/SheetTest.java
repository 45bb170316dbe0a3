package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.dhatim.fastexcel.Workbook;
import org.junit.jupiter.api.Test;

/**
 * Report spreadsheets are inert: text from the data (even "=cmd|...") is a string cell, never a
 * formula; numbers and dates are typed cells; a missing value is an empty cell. Read back from the
 * XLSX's own XML (the sheet and its shared strings).
 */
class SheetTest {
  static final String ATTACK = "=cmd|' /C calc'!A0";

  static Map<String, String> xlsx(String header, Object... cells) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Workbook wb = new Workbook(bytes, "CityKPI", "1.0");
    Sheet s =
        new Sheet(
            wb,
            "t",
            List.of(header, "b", "c", "d", "e", "f"),
            List.of(9.0, 9.0, 9.0, 9.0, 9.0, 9.0));
    s.row(cells);
    wb.finish();
    Map<String, String> parts = new HashMap<>();
    Path file = Files.createTempFile("sheet-test", ".xlsx");
    try {
      Files.write(file, bytes.toByteArray());
      try (ZipFile zip = new ZipFile(file.toFile())) {
        for (ZipEntry e : java.util.Collections.list(zip.entries())) {
          parts.put(
              e.getName(),
              new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } finally {
      Files.delete(file);
    }
    return parts;
  }

  @Test
  void textThatLooksLikeAFormulaIsAStringCellAndNumbersAndDatesAreTyped() throws IOException {
    Map<String, String> parts =
        xlsx(
            "=HYPERLINK(\"x\")",
            ATTACK,
            "-1",
            Sheet.count(-1),
            LocalDate.of(2026, 9, 15),
            null,
            "+SUM(A1:A2)");
    String sheet = parts.get("xl/worksheets/sheet1.xml");
    String strings = parts.get("xl/sharedStrings.xml");

    assertThat(sheet).as("no formula element in the sheet").doesNotContain("<f>", "<f ");
    assertThat(strings)
        .contains("=cmd|", "calc")
        .contains("+SUM(A1:A2)", "=HYPERLINK(&quot;x&quot;)");
    // row 2: A2 text (shared string), B2 the text "-1", C2 the number -1, D2 a date serial,
    // E2 empty (no cell), F2 text
    assertThat(sheet).containsPattern("<c r=\"A2\"[^>]* t=\"s\"");
    assertThat(sheet).containsPattern("<c r=\"B2\"[^>]* t=\"s\"");
    assertThat(sheet).containsPattern("<c r=\"C2\"[^>]*><v>-1(\\.0)?</v>");
    assertThat(sheet).containsPattern("<c r=\"D2\"[^>]*><v>46280(\\.0)?</v>");
    assertThat(sheet).doesNotContain("r=\"E2\"");
    assertThat(sheet).containsPattern("<c r=\"F2\"[^>]* t=\"s\"");
  }
}
