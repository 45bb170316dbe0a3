package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.citykpi.common.CityKpiException;
import org.junit.jupiter.api.Test;

class ReportKindTest {
  @Test
  void periodsAndTheirPredecessors() {
    ReportKind.Period w = ReportKind.WEEKLY.period("2026-W01");
    assertThat(w.span().from()).isEqualTo(LocalDate.of(2025, 12, 29));
    assertThat(w.month()).isEqualTo("2026-01"); // the month of its Sunday, 2026-01-04
    assertThat(w.previous().label()).isEqualTo("2025-W52");
    ReportKind.Period q = ReportKind.QUARTERLY.period("2026-Q1");
    assertThat(q.span().to()).isEqualTo(LocalDate.of(2026, 3, 31));
    assertThat(q.previous().label()).isEqualTo("2025-Q4");
    ReportKind.Period y = ReportKind.ANNUAL.period("2024");
    assertThat(y.span().to()).isEqualTo(LocalDate.of(2024, 12, 31));
    assertThat(y.previous().label()).isEqualTo("2023");
  }

  @Test
  void badLabelsNameTheFlagAndTheValue() {
    assertThatThrownBy(() -> ReportKind.WEEKLY.period("2026-46"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("--week")
        .hasMessageContaining("'2026-46'");
    assertThatThrownBy(() -> ReportKind.WEEKLY.period("2025-W53"))
        .hasMessageContaining("'2025-W53'");
    assertThatThrownBy(() -> ReportKind.QUARTERLY.period("2026-Q5"))
        .hasMessageContaining("--quarter")
        .hasMessageContaining("'2026-Q5'");
    assertThatThrownBy(() -> ReportKind.ANNUAL.period("25"))
        .hasMessageContaining("--year")
        .hasMessageContaining("'25'");
    assertThatThrownBy(() -> Lang.list("zh,fr"))
        .hasMessageContaining("--lang")
        .hasMessageContaining("'fr'");
    assertThatThrownBy(() -> Format.set("html,docx"))
        .hasMessageContaining("--format")
        .hasMessageContaining("'docx'");
  }
}
