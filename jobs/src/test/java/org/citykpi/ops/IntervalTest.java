package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.citykpi.common.CityKpiException;
import org.junit.jupiter.api.Test;

/** The closed interval of local dates a run covers. */
class IntervalTest {

  @Test
  void monthsWidensToWholeMonths() {
    assertThat(Interval.of("2026-02-10", "2026-03-05").months())
        .isEqualTo(Interval.of("2026-02-01", "2026-03-31"));
  }

  @Test
  void monthsEndsOnLeapDay() {
    assertThat(Interval.of("2028-02-29", "2028-02-29").months())
        .isEqualTo(Interval.of("2028-02-01", "2028-02-29"));
  }

  @Test
  void forGrainWidensOnlyMonthlySources() {
    Interval i = Interval.of("2026-09-14", "2026-09-20");

    assertThat(i.forGrain("day")).isEqualTo(i);
    assertThat(i.forGrain("month")).isEqualTo(Interval.of("2026-09-01", "2026-09-30"));
  }

  @Test
  void predicateIsClosedOnBothEnds() {
    assertThat(Interval.of("2026-01-01", "2026-01-31").predicate("local_date"))
        .isEqualTo("local_date >= DATE'2026-01-01' AND local_date <= DATE'2026-01-31'");
  }

  @Test
  void containsItsEndsOnly() {
    Interval i = Interval.of("2026-01-01", "2026-01-31");

    assertThat(i.contains(LocalDate.parse("2026-01-01"))).isTrue();
    assertThat(i.contains(LocalDate.parse("2026-01-31"))).isTrue();
    assertThat(i.contains(LocalDate.parse("2025-12-31"))).isFalse();
    assertThat(i.contains(LocalDate.parse("2026-02-01"))).isFalse();
  }

  @Test
  void singleDayIsAnInterval() {
    assertThat(Interval.of("2026-01-01", "2026-01-01")).hasToString("2026-01-01..2026-01-01");
  }

  @Test
  void toBeforeFromFailsNamingBothFlags() {
    assertThatThrownBy(() -> Interval.of("2026-01-02", "2026-01-01"))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("--to 2026-01-01 is before --from 2026-01-02");
  }

  @Test
  void missingEndFails() {
    assertThatThrownBy(() -> new Interval(LocalDate.parse("2026-01-01"), null))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("An interval needs --date, or both --from and --to");
  }
}
