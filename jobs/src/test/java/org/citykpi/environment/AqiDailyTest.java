package org.citykpi.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daily rule and {@link Aqi#of}, hand-computed. */
class AqiDailyTest {

  @Test
  void noPollutantGivesNullAqi() {
    assertThat(Aqi.daily(DailyReadings.none()).aqi()).isNull();
  }

  @Test
  void gasesAreRatedOnTheTwentyFourHourRows() {
    assertThat(Aqi.daily(DailyReadings.none().no2(80.0)).aqi()).isEqualTo(100); // 1h row: 40
    assertThat(Aqi.daily(DailyReadings.none().co(4.0)).aqi()).isEqualTo(100); // 1h row: 40
    assertThat(Aqi.daily(DailyReadings.none().so2(150.0)).aqi()).isEqualTo(100); // 1h row: 50
  }

  @Test
  void bothOzoneTermsCountAndTieInTableOrder() {
    AqiResult r = Aqi.daily(DailyReadings.none().o3Max8h(160.0).o3Max1h(200.0).pm25(20.0));
    assertThat(r.aqi()).isEqualTo(100);
    assertThat(r.primaryPollutantText()).isEqualTo("臭氧1小时,臭氧8小时");
  }

  @Test
  void ozoneEightHourAbove800FallsBackToOneHour() {
    AqiResult r = Aqi.daily(DailyReadings.none().o3Max8h(801.0).o3Max1h(900.0));
    assertThat(r.aqi()).isEqualTo(350);
    assertThat(r.primaryPollutants()).containsExactly(Pollutant.O3_1H);
  }

  @Test
  void ozoneEightHourAbove800WithoutOneHourIsSkipped() {
    assertThat(Aqi.daily(DailyReadings.none().o3Max8h(801.0)).aqi()).isNull();
  }

  @Test
  void ozoneEightHourAt800IsRated() {
    AqiResult r = Aqi.daily(DailyReadings.none().o3Max8h(800.0).o3Max1h(500.0));
    assertThat(r.aqi()).isEqualTo(300); // 8h at its top breakpoint; 1h: 200 + 100*100/400 = 225
    assertThat(r.primaryPollutants()).containsExactly(Pollutant.O3_8H);
  }

  @Test
  void ofSkipsNullIaqisAndOrdersPrimaryByTable() {
    Map<Pollutant, Integer> iaqis = new EnumMap<>(Pollutant.class);
    iaqis.put(Pollutant.PM25_24H, 120);
    iaqis.put(Pollutant.NO2_24H, 120);
    iaqis.put(Pollutant.CO_24H, null);
    AqiResult r = Aqi.of(iaqis);
    assertThat(r.aqi()).isEqualTo(120);
    assertThat(r.primaryPollutantText()).isEqualTo("二氧化氮,细颗粒物(PM2.5)");
    assertThat(r.categoryZh()).isEqualTo("轻度污染");
  }
}
