package org.citykpi.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.junit.jupiter.api.Test;

class LargestFirstTest {
  static final Map<String, SourceContract> ALL = Contracts.load(Paths.get("schemas"));
  static final List<SourceContract> THREE =
      List.of(ALL.get("air_station_hourly"), ALL.get("city_monthly_stats"), ALL.get("road_speed"));

  static List<String> names(List<SourceContract> cs) {
    return cs.stream().map(SourceContract::source).toList();
  }

  @Test
  void theLargestSourceStartsFirst() {
    Map<String, Long> bytes =
        Map.of(
            "air_station_hourly",
            30_000L,
            "city_monthly_stats",
            230_000L,
            "road_speed",
            9_000_000L);
    assertThat(names(Pipeline.largestFirst(THREE, bytes)))
        .containsExactly("road_speed", "city_monthly_stats", "air_station_hourly");
  }

  @Test
  void tiesAndUnknownSizesKeepTheContractsOrder() {
    // boundary: equal sizes; null: nothing listed (the clean verb)
    Map<String, Long> bytes = new HashMap<>(Map.of("air_station_hourly", 5L, "road_speed", 5L));
    assertThat(names(Pipeline.largestFirst(THREE, bytes)))
        .containsExactly("air_station_hourly", "road_speed", "city_monthly_stats");
    assertThat(names(Pipeline.largestFirst(THREE, null))).isEqualTo(names(THREE));
  }
}
