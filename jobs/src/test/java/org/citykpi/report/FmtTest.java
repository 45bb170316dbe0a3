package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FmtTest {
  final Fmt zh = new Fmt(Messages.of(Lang.ZH));
  final Fmt en = new Fmt(Messages.of(Lang.EN));

  @Test
  void numbersRoundHalfUpWithGroupingAndNullStaysNull() {
    assertThat(Fmt.number(1234567.25, 1)).isEqualTo("1,234,567.3");
    // 85.35 is stored as 85.3499999...; rounding the decimal text, as Spark's round does, gives .4
    assertThat(Fmt.number(85.35, 1)).isEqualTo("85.4");
    assertThat(Fmt.number(-0.04, 1)).isEqualTo("0.0");
    assertThat(Fmt.number(-1234.5, 0)).isEqualTo("-1,235");
    assertThat(Fmt.number(999.0, 0)).isEqualTo("999");
    assertThat(Fmt.number(null, 1)).isNull();
    assertThat(Fmt.number(Double.NaN, 1)).isNull();
  }

  @Test
  void valuesTakeTheirUnitsDecimalsAndLabels() {
    assertThat(zh.withUnit(85.0, "pct")).isEqualTo("85.0%");
    assertThat(zh.withUnit(612.345, "yuan_100m")).isEqualTo("612.35 亿元");
    assertThat(en.withUnit(612.345, "yuan_100m")).isEqualTo("612.35 100m yuan");
    assertThat(en.withUnit(1.754, "index")).isEqualTo("1.75");
    assertThat(zh.withUnit(12.0, "datasets")).isEqualTo("12 个");
    assertThat(zh.withUnit(0.0, "pct")).isEqualTo("0.0%");
    assertThat(zh.withUnit(null, "pct")).isNull();
    assertThat(zh.target(">=", 85.0, "pct")).isEqualTo("≥ 85.0%");
    assertThat(en.target("<=", 35.0, "ug/m3")).isEqualTo("≤ 35.0 µg/m³");
    assertThat(en.target(">=", null, "pct")).isNull();
    assertThat(en.signedPct(3.21)).isEqualTo("+3.2%");
    assertThat(en.signedPct(-0.04)).isEqualTo("0.0%");
    assertThat(en.signedPct(0.0)).isEqualTo("0.0%");
  }

  @Test
  void datesAndPeriodsInEachLanguage() {
    LocalDate d = LocalDate.of(2026, 11, 9);
    assertThat(zh.date(d)).isEqualTo("2026年11月9日");
    assertThat(en.date(d)).isEqualTo("9 Nov 2026");
    // 2026-11-30T03:55Z is 11:55 in Beijing
    assertThat(zh.dateTime(Instant.parse("2026-11-30T03:55:00Z")))
        .isEqualTo("2026年11月30日 11:55（北京时间）");
    assertThat(en.dateTime(Instant.parse("2026-12-31T16:00:00Z")))
        .isEqualTo("1 Jan 2027 00:00 (Beijing time)");
    assertThat(zh.period("week", "2026-W46")).isEqualTo("2026年第46周");
    assertThat(en.period("week", "2026-W06")).isEqualTo("Week 6 of 2026");
    assertThat(zh.period("month", "2026-11")).isEqualTo("2026年11月");
    assertThat(en.period("quarter", "2026-Q3")).isEqualTo("Q3 2026");
    assertThat(zh.period("quarter", "2026-Q3")).isEqualTo("2026年第三季度");
    assertThat(zh.period("year", "2025")).isEqualTo("2025年");
  }
}
