package org.citykpi.environment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** HJ 633-2012 formula (1) on Table 1, with hand-computed values. */
class IaqiTest {

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource({
    // GB 3095-2012 grade II limits are the IAQI-100 breakpoints of HJ 633 Table 1: an independent
    // check.
    "SO2_24H, 150, 100",
    "SO2_1H, 500, 100",
    "NO2_24H, 80, 100",
    "NO2_1H, 200, 100",
    "PM10_24H, 150, 100",
    "CO_24H, 4, 100",
    "CO_1H, 10, 100",
    "O3_1H, 200, 100",
    "O3_8H, 160, 100",
    "PM25_24H, 75, 100",
    // grade I limits are the IAQI-50 breakpoints
    "SO2_24H, 50, 50",
    "NO2_24H, 40, 50",
    "PM10_24H, 50, 50",
    "CO_24H, 2, 50",
    "O3_1H, 160, 50",
    "O3_8H, 100, 50",
    "PM25_24H, 35, 50",
  })
  void breakpointOfTheStandardGivesItsIaqi(Pollutant p, double c, int expected) {
    assertThat(Aqi.iaqi(p, c)).as("%s at %s", p, c).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Pollutant.class)
  void everyBreakpointOfEveryRowMapsToItsIaqiStep(Pollutant p) {
    for (int k = 0; k < p.breakpoints().size(); k++) {
      double bp = p.breakpoints().get(k);
      assertThat(Aqi.iaqi(p, bp))
          .as("%s breakpoint %s", p, bp)
          .isEqualTo(Pollutant.IAQI_STEPS.get(k));
    }
  }

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource({
    "PM25_24H, 38, 54", // 50 + 50*(38-35)/40 = 53.75 -> 54 (CNEMC station 1001A)
    "PM25_24H, 0.1, 1", // 0.142857 -> 1: rounded up, not to nearest
    "PM25_24H, 35.5, 51", // 50.625 -> 51
    "NO2_1H, 17, 9", // 8.5 -> 9
    "O3_1H, 83, 26", // 25.9375 -> 26
    "SO2_24H, 300, 124", // 100 + 50*150/325 = 123.08 -> 124
    "O3_1H, 900, 350", // 300 + 100*100/200 = 350 exactly
    "PM10_24H, 421, 302", // 300 + 100*(421-420)/80 = 301.25 -> 302
  })
  void interpolatesLinearlyAndRoundsUp(Pollutant p, double c, int expected) {
    assertThat(Aqi.iaqi(p, c)).isEqualTo(expected);
  }

  @Test
  void exactDecimalArithmeticAvoidsFloatingPointOffByOne() {
    // 50 + 50*(5.2-5)/5 = 52 exactly; in doubles 5.2-5 = 0.20000000000000018 and ceil would give 53
    assertThat(Aqi.iaqi(Pollutant.CO_1H, 5.2)).isEqualTo(52);
    assertThat(Aqi.iaqi(Pollutant.CO_1H, 0.7)).isEqualTo(7);
  }

  @Test
  void zeroIsZero() {
    assertThat(Aqi.iaqi(Pollutant.PM25_24H, 0.0)).isZero();
  }

  @Test
  void missingOrInvalidConcentrationHasNoIaqi() {
    assertThat(Aqi.iaqi(Pollutant.PM25_24H, null)).isNull();
    assertThat(Aqi.iaqi(Pollutant.PM25_24H, -1.0)).isNull();
    assertThat(Aqi.iaqi(Pollutant.PM25_24H, Double.NaN)).isNull();
    assertThat(Aqi.iaqi(Pollutant.PM25_24H, Double.POSITIVE_INFINITY)).isNull();
  }

  @Test
  void aboveTheTopBreakpointSaturatesAt500() {
    assertThat(Aqi.iaqi(Pollutant.PM25_24H, 500.0)).isEqualTo(500);
    assertThat(Aqi.iaqi(Pollutant.PM25_24H, 600.0)).isEqualTo(500);
    assertThat(Aqi.iaqi(Pollutant.CO_1H, 1000.0)).isEqualTo(500);
  }

  @Test
  void so2OneHourAbove800HasNoIaqi() {
    assertThat(Aqi.iaqi(Pollutant.SO2_1H, 800.0)).isEqualTo(200);
    assertThat(Aqi.iaqi(Pollutant.SO2_1H, 801.0)).isNull();
  }

  @Test
  void o3EightHourAbove800HasNoIaqi() {
    assertThat(Aqi.iaqi(Pollutant.O3_8H, 800.0)).isEqualTo(300);
    assertThat(Aqi.iaqi(Pollutant.O3_8H, 801.0)).isNull();
  }
}
