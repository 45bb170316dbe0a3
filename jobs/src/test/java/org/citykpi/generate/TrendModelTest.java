package org.citykpi.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrendModelTest {

  private static final YearMonth DEADLINE_2017 = YearMonth.of(2017, 12);

  private static CityProfile yancheng(Performance p) {
    CityRef ref =
        CityRef.loadAll(TestData.SCHEMAS).stream()
            .filter(c -> c.code().equals("320900"))
            .findFirst()
            .orElseThrow();
    return CityProfile.of(ref).withPerformance(p);
  }

  private static double ftthShare(CityProfile city, long seed, YearMonth m) {
    Map<String, Double> v = new TrendModel(city, seed).month(m);
    return v.get("ftth_households") / v.get("households");
  }

  @Test
  void leaderMeetsTheFtthTargetBy2017AndLaggardDoesNot() {
    for (long seed = 1; seed <= 25; seed++) {
      assertThat(ftthShare(yancheng(Performance.LEADER), seed, DEADLINE_2017))
          .as("leader, seed %d", seed)
          .isGreaterThanOrEqualTo(0.85);
      assertThat(ftthShare(yancheng(Performance.LAGGARD), seed, DEADLINE_2017))
          .as("laggard, seed %d", seed)
          .isLessThan(0.85);
    }
  }

  @Test
  void onTrackIsCloseToTheTargetAtTheDeadline() {
    for (long seed = 1; seed <= 25; seed++) {
      assertThat(ftthShare(yancheng(Performance.ON_TRACK), seed, DEADLINE_2017))
          .as("seed %d", seed)
          .isBetween(0.80, 0.90);
    }
  }

  @Test
  void adoptionStocksNeverFallMonthToMonth() {
    // licensing items are not here: their total shrinks with the 2015+ streamlining reforms (放管服)
    TrendModel model = new TrendModel(yancheng(Performance.ON_TRACK), 3);
    Map<String, Double> prev = model.month(YearMonth.of(2011, 1));
    for (YearMonth m = YearMonth.of(2011, 2);
        !m.isAfter(YearMonth.of(2026, 12));
        m = m.plusMonths(1)) {
      Map<String, Double> cur = model.month(m);
      for (String code :
          List.of(
              "households",
              "ftth_households",
              "internet_users",
              "lte_coverage_pct",
              "avg_household_bandwidth_mbps",
              "gov_service_items_online",
              "open_datasets_published")) {
        assertThat(cur.get(code)).as("%s at %s", code, m).isGreaterThanOrEqualTo(prev.get(code));
      }
      prev = cur;
    }
  }

  @Test
  void yanchengInfoConsumptionIsPlausibleFor2017() {
    for (Performance p : Performance.values()) {
      TrendModel model = new TrendModel(yancheng(p), 11);
      double year = 0;
      for (int month = 1; month <= 12; month++) {
        year += model.month(YearMonth.of(2017, month)).get("info_consumption_total");
      }
      assertThat(year).as("亿元 in 2017, %s", p).isBetween(300.0, 750.0);
    }
  }

  @Test
  void sharesStayBelowTheirTotals() {
    Map<String, String> parts =
        Map.of(
            "ftth_households",
            "households",
            "broadband_households",
            "households",
            "licensing_items_online",
            "licensing_items_total",
            "gov_service_items_online",
            "gov_service_items_total",
            "info_consumption_internet",
            "info_consumption_total",
            "base_databases_built",
            "base_databases_planned");
    for (Performance p : Performance.values()) {
      TrendModel model = new TrendModel(yancheng(p), 5);
      for (YearMonth m = YearMonth.of(2011, 1); m.getYear() <= 2026; m = m.plusMonths(7)) {
        Map<String, Double> v = model.month(m);
        String month = m.toString();
        parts.forEach(
            (part, whole) ->
                assertThat(v.get(part))
                    .as("%s at %s", part, month)
                    .isLessThanOrEqualTo(v.get(whole)));
      }
    }
  }

  @Test
  void modelCoversEveryIndicatorOfTheReference() {
    Map<String, Double> values =
        new TrendModel(yancheng(Performance.LEADER), 1).month(YearMonth.of(2020, 6));

    assertThat(values.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Indicator.loadAll(TestData.SCHEMAS).stream().map(Indicator::code).toList());
    assertThat(values.values())
        .allSatisfy(v -> assertThat(v).isFinite().isGreaterThanOrEqualTo(0.0));
  }

  @Test
  void profilesDependOnTheCodeOnlyAndTheThreeDocumentedCitiesDiffer() {
    Map<String, Performance> byCode =
        List.of("320900", "610100", "130100").stream()
            .collect(Collectors.toMap(c -> c, CityProfile::performanceOf));

    assertThat(Set.copyOf(byCode.values()))
        .as("profiles of Yancheng, Xi'an, Shijiazhuang")
        .hasSizeGreaterThan(1);
    assertThat(CityProfile.performanceOf("320900")).isEqualTo(Performance.ON_TRACK);
    assertThat(CityProfile.performanceOf("610100")).isEqualTo(Performance.ON_TRACK);
    assertThat(CityProfile.performanceOf("130100")).isEqualTo(Performance.LEADER);
  }
}
