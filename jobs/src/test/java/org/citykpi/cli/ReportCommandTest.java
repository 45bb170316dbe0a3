package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage errors of `citykpi report`: exit code 2 and a message naming the flag, before Spark. */
class ReportCommandTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;
  private PrintStream savedOut;

  @BeforeEach
  void capture() {
    savedErr = System.err;
    savedOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(savedErr);
    System.setOut(savedOut);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badPeriodsNameTheirFlag() {
    assertThat(Main.execute("report", "weekly", "--week", "2026-46")).isEqualTo(2);
    assertThat(err()).contains("--week").contains("'2026-46'");
    assertThat(Main.execute("report", "quarterly", "--quarter", "2026-Q5")).isEqualTo(2);
    assertThat(err()).contains("--quarter").contains("'2026-Q5'");
    assertThat(Main.execute("report", "annual", "--year", "twenty")).isEqualTo(2);
    assertThat(err()).contains("--year").contains("'twenty'");
  }

  @Test
  void badLanguageFormatProgrammeOrCityNameTheFlag() {
    assertThat(Main.execute("report", "annual", "--year", "2025", "--lang", "fr")).isEqualTo(2);
    assertThat(err()).contains("--lang").contains("'fr'");
    assertThat(Main.execute("report", "annual", "--year", "2025", "--format", "html,docx"))
        .isEqualTo(2);
    assertThat(err()).contains("--format").contains("'docx'");
    assertThat(Main.execute("report", "quarterly", "--quarter", "2026-Q3", "--programme", "XX-1"))
        .isEqualTo(2);
    assertThat(err()).contains("--programme").contains("'XX-1'");
    assertThat(Main.execute("report", "weekly", "--week", "2026-W46", "--city", "999999"))
        .isEqualTo(2);
    assertThat(err()).contains("--city").contains("'999999'");
  }

  @Test
  void rebuildOfAMissingManifestIsAUsageError() {
    assertThat(Main.execute("report", "rebuild", "no/such/report.json")).isEqualTo(2);
    assertThat(err()).contains("no/such/report.json");
  }
}
