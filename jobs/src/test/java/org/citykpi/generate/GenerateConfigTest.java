package org.citykpi.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerateConfigTest {

  private static final Path OUT = Path.of("target/unused");

  private static GenerateConfig parse(
      String cities, String from, String to, String monthlyFrom, int scale) {
    return TestData.config(cities, from, to, monthlyFrom, scale, 1L, OUT);
  }

  @Test
  void singleDayRangeAndDefaultMonthlyFromAreAccepted() {
    GenerateConfig c = parse("320900, 610100,320900", "2026-09-14", "2026-09-14", null, 1);

    assertThat(c.cities())
        .as("trimmed, deduplicated, in given order")
        .containsExactly("320900", "610100");
    assertThat(c.from()).isEqualTo(LocalDate.of(2026, 9, 14)).isEqualTo(c.to());
    assertThat(c.monthlyFrom()).isEqualTo(YearMonth.of(2011, 1));
  }

  @Test
  void pilotsKeywordIsCaseInsensitive() {
    assertThat(parse("PILOTS", "2026-09-14", "2026-09-15", null, 1).allPilots()).isTrue();
  }

  @Test
  void fromAfterToNamesFromAndBothValues() {
    assertThatThrownBy(() -> parse("320900", "2026-09-15", "2026-09-14", null, 1))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'--from'")
        .hasMessageContaining("2026-09-15")
        .hasMessageContaining("2026-09-14");
  }

  @Test
  void badDateNamesTheFlag() {
    assertThatThrownBy(() -> parse("320900", "2026-09-14", "2026-13-01", null, 1))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'--to'")
        .hasMessageContaining("2026-13-01");
    assertThatThrownBy(() -> parse("320900", null, "2026-09-14", null, 1))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'--from'");
  }

  @Test
  void scaleBoundaries() {
    assertThat(parse("320900", "2026-09-14", "2026-09-14", null, 1).scale()).isEqualTo(1);
    assertThat(parse("320900", "2026-09-14", "2026-09-14", null, GenerateConfig.MAX_SCALE).scale())
        .isEqualTo(GenerateConfig.MAX_SCALE);
    for (int bad : List.of(0, -1, GenerateConfig.MAX_SCALE + 1)) {
      assertThatThrownBy(() -> parse("320900", "2026-09-14", "2026-09-14", null, bad))
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining("'--scale'")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void monthlyFromMayEqualButNotPassTheMonthOfTo() {
    assertThat(parse("320900", "2026-09-14", "2026-11-15", "2026-11", 1).monthlyFrom())
        .isEqualTo(YearMonth.of(2026, 11));
    assertThatThrownBy(() -> parse("320900", "2026-09-14", "2026-11-15", "2026-12", 1))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'--monthly-from'");
    assertThatThrownBy(() -> parse("320900", "2026-09-14", "2026-11-15", "2026/01", 1))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'2026/01'");
    assertThatThrownBy(() -> parse("320900", "2026-09-14", "2026-11-15", "1999-12", 1))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'--monthly-from'");
  }

  @Test
  void citiesMustBeSixDigitCodes() {
    for (String bad : List.of("", " ", "32090", "320900,", "abc", "032090")) {
      assertThatThrownBy(() -> parse(bad, "2026-09-14", "2026-09-14", null, 1))
          .as("--cities %s", bad)
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining("'--cities'");
    }
    assertThatThrownBy(() -> parse(null, "2026-09-14", "2026-09-14", null, 1))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'--cities'");
  }

  @Test
  void unknownCityCodeFailsWhenResolved() {
    GenerateConfig c = parse("320900,110100", "2026-09-14", "2026-09-14", null, 1);

    assertThatThrownBy(() -> Generator.cities(c))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'--cities'")
        .hasMessageContaining("110100");
  }

  @Test
  void pilotsResolveToEveryProgrammeCityInCodeOrder() {
    List<String> codes =
        Generator.cities(parse("pilots", "2026-09-14", "2026-09-14", null, 1)).stream()
            .map(CityProfile::code)
            .toList();

    assertThat(codes).contains("320900", "610100", "130100", "330782").isSorted();
  }
}
