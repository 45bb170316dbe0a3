package org.citykpi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The golden-file helper: stable value formatting and a failure that says what changed. */
class GoldenTest {
  @Test
  void valuesAreWrittenTheSameWayEveryTime() {
    assertThat(Golden.format(null)).isEqualTo("NULL");
    assertThat(Golden.format(87.5)).isEqualTo("87.5");
    assertThat(Golden.format(100.0)).isEqualTo("100");
    assertThat(Golden.format(-0.0)).isEqualTo("0");
    assertThat(Golden.format(1e-7)).isEqualTo("0.0000001");
    assertThat(Golden.format(57.534247)).isEqualTo("57.534247");
    assertThat(Golden.format(12345678.9)).isEqualTo("12345678.9");
    assertThat(Golden.format(Double.NaN)).isEqualTo("NaN");
    assertThat(Golden.format(42L)).isEqualTo("42");
    assertThat(Golden.format(true)).isEqualTo("true");
    assertThat(Golden.format(Date.valueOf("2026-12-31"))).isEqualTo("2026-12-31");
    assertThat(Golden.format("a\tb\nc\\d")).isEqualTo("a\\tb\\nc\\\\d");
  }

  @Test
  void aDifferenceNamesTheKeyTheColumnAndBothValues() {
    String expected =
        """
        # comment
        kpi_id\tperiod\tvalue\tstatus
        T01\t2017-06\t94.117647\tat risk
        T02\t2017-06\t80\tmet
        T03\t2017-06\t1\tmet
        """;
    String actual =
        """
        # comment
        kpi_id\tperiod\tvalue\tstatus
        T01\t2017-06\t94.12\toff track
        T02\t2017-06\t80\tmet
        T04\t2017-06\t2\tmet
        """;

    String message = Golden.describe(Path.of("golden/x.tsv"), expected, actual, 2);

    assertThat(message)
        .contains("Output differs from golden file golden/x.tsv")
        .contains("1 rows changed")
        .contains("T01 | 2017-06: value: 94.117647 -> 94.12; status: at risk -> off track")
        .contains("1 rows missing (expected, not produced):\n    T03\t2017-06\t1\tmet")
        .contains("1 rows not expected (produced, not in the file):\n    T04\t2017-06\t2\tmet")
        .contains("-Dgolden.update=true")
        .doesNotContain("T02");
  }

  @Test
  void aMissingGoldenFileFailsAndSaysHowToWriteIt(@TempDir Path dir) {
    Path file = dir.resolve("missing.tsv");

    assertThatThrownBy(() -> Golden.check(file, "k\tv\na\t1\n", 1, false))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("No golden file " + file)
        .hasMessageContaining("-Dgolden.update=true");
  }

  @Test
  void onlyTheUpdateFlagWritesAFileAndThenItMatches(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("golden/t.tsv");

    Golden.check(file, "k\tv\na\t1\n", 1, true);
    Golden.check(file, "k\tv\na\t1\n", 1, false);

    assertThat(Files.readString(file)).isEqualTo("k\tv\na\t1\n");
    assertThatThrownBy(() -> Golden.check(file, "k\tv\na\t2\n", 1, false))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("a: v: 1 -> 2");
    assertThat(Files.readString(file)).as("a failed comparison leaves the file").contains("a\t1");
  }
}
