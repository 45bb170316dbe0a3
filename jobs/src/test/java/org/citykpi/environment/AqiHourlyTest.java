package org.citykpi.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hourly real-time rule, hand-computed. */
class AqiHourlyTest {

  @Test
  void noPollutantGivesNullAqi() {
    AqiResult r = Aqi.hourly(HourlyReadings.none());
    assertThat(r.aqi()).isNull();
    assertThat(r.category()).isNull();
    assertThat(r.primaryPollutantText()).isNull();
  }

  @Test
  void aqiIsTheLargestIaqi() {
    // like CNEMC 1001A: PM2.5 54, SO2 1, NO2 9, CO 7, O3 26; PM10 missing and skipped
    HourlyReadings in = HourlyReadings.none().pm25(38.0).so2(3.0).no2(17.0).co(0.7).o3(83.0);
    AqiResult r = Aqi.hourly(in);
    assertThat(r.aqi()).isEqualTo(54);
    assertThat(r.primaryPollutantText()).isEqualTo("细颗粒物(PM2.5)");
    assertThat(r.categoryZh()).isEqualTo("良");
  }

  @Test
  void particlesAreRatedFromOneHourValuesOnTheTwentyFourHourRows() {
    assertThat(Aqi.hourly(HourlyReadings.none().pm10(150.0)).aqi()).isEqualTo(100);
    assertThat(Aqi.hourly(HourlyReadings.none().pm25(75.0)).aqi()).isEqualTo(100);
  }

  @Test
  void gasesAreRatedOnTheOneHourRows() {
    assertThat(Aqi.hourly(HourlyReadings.none().no2(200.0)).aqi()).isEqualTo(100); // 24h row: 150
    assertThat(Aqi.hourly(HourlyReadings.none().co(10.0)).aqi()).isEqualTo(100); // 24h row: 160
    assertThat(Aqi.hourly(HourlyReadings.none().so2(500.0)).aqi()).isEqualTo(100); // 24h row: 250
  }

  @Test
  void fiftyOrLessNamesNoPrimaryPollutant() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().pm25(35.0).no2(17.0));
    assertThat(r.aqi()).isEqualTo(50);
    assertThat(r.primaryPollutants()).isEmpty();
    assertThat(r.primaryPollutantText()).isNull();
    assertThat(r.categoryZh()).isEqualTo("优");
  }

  @Test
  void fiftyOneNamesThePrimaryPollutant() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().pm25(35.5));
    assertThat(r.aqi()).isEqualTo(51);
    assertThat(r.primaryPollutants()).containsExactly(Pollutant.PM25_24H);
  }

  @Test
  void tiedPollutantsAreAllPrimaryInTableOrder() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().pm25(75.0).pm10(150.0).so2(500.0).no2(17.0));
    assertThat(r.aqi()).isEqualTo(100);
    assertThat(r.primaryPollutants())
        .containsExactly(Pollutant.SO2_1H, Pollutant.PM10_24H, Pollutant.PM25_24H);
    assertThat(r.primaryPollutantText()).isEqualTo("二氧化硫,颗粒物(PM10),细颗粒物(PM2.5)");
  }

  @Test
  void so2Above800UsesTheTwentyFourHourIaqi() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().so2(900.0).so2Mean24h(300.0).pm25(38.0));
    assertThat(r.aqi()).isEqualTo(124);
    assertThat(r.primaryPollutants()).containsExactly(Pollutant.SO2_24H);
    assertThat(r.primaryPollutantText()).isEqualTo("二氧化硫");
    assertThat(r.categoryZh()).isEqualTo("轻度污染");
  }

  @Test
  void so2Above800WithoutTwentyFourHourValueIsSkipped() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().so2(900.0).no2(17.0));
    assertThat(r.aqi()).isEqualTo(9);
  }

  @Test
  void invalidSo2IsSkippedRatherThanSentToTheTwentyFourHourRow() {
    AqiResult r =
        Aqi.hourly(HourlyReadings.none().so2(Double.POSITIVE_INFINITY).so2Mean24h(300.0).no2(17.0));
    assertThat(r.aqi()).isEqualTo(9);
  }

  @Test
  void so2AtExactly800StillUsesTheOneHourRow() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().so2(800.0).so2Mean24h(10.0));
    assertThat(r.aqi()).isEqualTo(200);
    assertThat(r.primaryPollutants()).containsExactly(Pollutant.SO2_1H);
  }

  @Test
  void ozoneIsNamedAsOneHour() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().o3(900.0));
    assertThat(r.aqi()).isEqualTo(350);
    assertThat(r.primaryPollutantText()).isEqualTo("臭氧1小时");
    assertThat(r.categoryZh()).isEqualTo("严重污染");
  }

  @Test
  void concentrationAboveTheTableSaturatesAt500() {
    AqiResult r = Aqi.hourly(HourlyReadings.none().pm25(900.0).pm10(50.0));
    assertThat(r.aqi()).isEqualTo(500);
    assertThat(r.primaryPollutants()).isEqualTo(List.of(Pollutant.PM25_24H));
  }
}
