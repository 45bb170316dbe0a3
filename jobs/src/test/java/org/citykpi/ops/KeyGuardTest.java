package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citykpi.contract.Contracts;
import org.junit.jupiter.api.Test;

/** Which tables hold hashes, and when a key may write them: pure logic, no Delta. */
class KeyGuardTest {
  static final String KEY = "1111aaaa2222bbbb";
  static final String OTHER = "9999ffff8888eeee";

  @Test
  void hashTablesAreTheSilverTablesOfPersonalSourcesAndTheQuarantine() {
    var contracts = Contracts.load(Paths.get("schemas"));

    assertThat(KeyGuard.hashTables(contracts.values()))
        .containsExactly(
            "ops.quarantine",
            "silver.outpatient_visit",
            "silver.transit_trip",
            "silver.vehicle_registry");
    assertThat(KeyGuard.hashTables(java.util.List.of(contracts.get("air_station_hourly"))))
        .as("a source without personal columns writes no hash")
        .isEmpty();
  }

  @Test
  void theSameKeyOrNoRecordedKeyMayWrite() {
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put("silver.transit_trip", KEY);
    recorded.put("ops.quarantine", null); // written before fingerprints: adopted

    assertThat(KeyGuard.refusal(recorded, KEY, false)).isNull();
    assertThat(KeyGuard.refusal(Map.of(), KEY, false)).as("new warehouse").isNull();
  }

  @Test
  void anotherKeyIsRefusedNamingTheTablesAndBothFingerprints() {
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put("ops.quarantine", OTHER);
    recorded.put("silver.transit_trip", OTHER);
    recorded.put("silver.vehicle_registry", KEY);

    assertThat(KeyGuard.refusal(recorded, KEY, false))
        .startsWith(
            "Pseudonymisation key mismatch: [ops.quarantine, silver.transit_trip] hold hashes of"
                + " key "
                + OTHER
                + "; this run's key is "
                + KEY)
        .doesNotContain("silver.vehicle_registry")
        .contains("Nothing was written")
        .contains("citykpi rekey");
    assertThat(KeyGuard.refusal(recorded, KEY, true)).as("a rekey replaces the old key").isNull();
  }

  @Test
  void anInterruptedRekeyStopsEveryKeyButTheRekey() {
    Map<String, String> recorded = Map.of("silver.transit_trip", KeyGuard.REKEYING + OTHER);

    assertThat(KeyGuard.refusal(recorded, OTHER, false))
        .contains("interrupted rekey to key " + OTHER)
        .contains("`citykpi rekey` again");
    assertThat(KeyGuard.refusal(recorded, KEY, false)).isNotNull();
    assertThat(KeyGuard.refusal(recorded, OTHER, true)).isNull();
  }
}
