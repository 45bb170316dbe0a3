package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuarantineWhereTest {
  @Test
  void oneStageCommitReplacesEachSourceInItsOwnIntervalWithinTheirSpan() {
    Map<String, Interval> intervals = new LinkedHashMap<>();
    Interval day = Interval.of("2026-11-16", "2026-11-16");
    intervals.put("road_speed", day);
    intervals.put("vehicle_registry", day.months());
    assertThat(Quarantine.where("ingest", intervals))
        .isEqualTo(
            "placed_on >= DATE'2026-11-01' AND placed_on <= DATE'2026-11-30'"
                + " AND stage = 'ingest' AND ("
                + "(source = 'road_speed' AND placed_on >= DATE'2026-11-16'"
                + " AND placed_on <= DATE'2026-11-16')"
                + " OR (source = 'vehicle_registry' AND placed_on >= DATE'2026-11-01'"
                + " AND placed_on <= DATE'2026-11-30'))");
  }

  @Test
  void aSingleSourceOfOneDayIsItsOwnSpan() {
    // boundary: one source, one day
    assertThat(Quarantine.where("clean", Map.of("air", Interval.of("2026-01-31", "2026-01-31"))))
        .startsWith("placed_on >= DATE'2026-01-31' AND placed_on <= DATE'2026-01-31'")
        .contains("stage = 'clean'");
  }

  @Test
  void noSourceIsAnError() {
    assertThatThrownBy(() -> Quarantine.where("ingest", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quarantine.where("ingest", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
