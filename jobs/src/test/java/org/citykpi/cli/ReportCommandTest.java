package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.citykpi.testing.Cli;
import org.junit.jupiter.api.Test;

/** Usage errors of `citykpi report`: exit code 2 and a message naming the flag, before Spark. */
class ReportCommandTest {
  @Test
  void badPeriodsNameTheirFlag() {
    assertThat(Cli.usageError("report", "weekly", "--week", "2026-46").err())
        .contains("--week")
        .contains("'2026-46'");
    assertThat(Cli.usageError("report", "quarterly", "--quarter", "2026-Q5").err())
        .contains("--quarter")
        .contains("'2026-Q5'");
    assertThat(Cli.usageError("report", "annual", "--year", "twenty").err())
        .contains("--year")
        .contains("'twenty'");
  }

  @Test
  void badLanguageFormatProgrammeOrCityNameTheFlag() {
    assertThat(Cli.usageError("report", "annual", "--year", "2025", "--lang", "fr").err())
        .contains("--lang")
        .contains("'fr'");
    assertThat(Cli.usageError("report", "annual", "--year", "2025", "--format", "html,docx").err())
        .contains("--format")
        .contains("'docx'");
    assertThat(
            Cli.usageError("report", "quarterly", "--quarter", "2026-Q3", "--programme", "XX-1")
                .err())
        .contains("--programme")
        .contains("'XX-1'");
    assertThat(Cli.usageError("report", "weekly", "--week", "2026-W46", "--city", "999999").err())
        .contains("--city")
        .contains("'999999'");
  }

  @Test
  void rebuildOfAMissingManifestIsAUsageError() {
    assertThat(Cli.usageError("report", "rebuild", "no/such/report.json").err())
        .contains("no/such/report.json");
  }
}
