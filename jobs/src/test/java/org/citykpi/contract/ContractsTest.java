package org.citykpi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.citykpi.common.CityKpiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts in schemas/sources load, and an inconsistent one fails naming its file and fault.
 */
class ContractsTest {
  /** A contract that passes every check; each failure test breaks one line of it. */
  static final String VALID =
      """
      source: tiny
      domain: test
      entity: tiny
      format: csv
      grain: day
      event_time: {column: ts, format: "yyyy-MM-dd HH:mm", zone: Asia/Shanghai}
      natural_key: [id, ts]
      columns:
        - {name: id, type: string, nullable: false}
        - {name: ts, type: timestamp, nullable: false}
        - {name: n,  type: double, min: 0}
      """;

  static Path write(Path schemas, String yaml) throws IOException {
    Path f = schemas.resolve("sources").resolve("tiny.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void everyRepositoryContractLoads() {
    Map<String, SourceContract> all = Contracts.load(Paths.get("schemas"));

    assertThat(all)
        .containsOnlyKeys(
            "air_station_hourly",
            "city_monthly_stats",
            "outpatient_visit",
            "road_speed",
            "transit_trip",
            "vehicle_registry",
            "beijing_multisite_air_quality",
            "china_cnemc_station_snapshot",
            "china_covid19_daily",
            "los_loop",
            "nbs_province_annual");
    assertThat(all.get("city_monthly_stats").monthly()).isTrue();
    assertThat(all.get("road_speed").partitionColumn()).isEqualTo("local_date");
  }

  @Test
  void validTinyContractLoads(@TempDir Path dir) throws IOException {
    write(dir, VALID);

    assertThat(Contracts.load(dir)).containsOnlyKeys("tiny");
  }

  @Test
  void unknownTypeFailsNamingFileAndColumn(@TempDir Path dir) throws IOException {
    Path f = write(dir, VALID.replace("{name: n,  type: double", "{name: n,  type: decimal"));

    assertThatThrownBy(() -> Contracts.load(dir))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("Invalid contract " + f)
        .hasMessageContaining("column n has unknown type decimal");
  }

  @Test
  void duplicateColumnFailsNamingFileAndColumn(@TempDir Path dir) throws IOException {
    Path f = write(dir, VALID.replace("{name: n,  type: double", "{name: id, type: double"));

    assertThatThrownBy(() -> Contracts.load(dir))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("column id is declared twice");
  }

  @Test
  void naturalKeyNamingUnknownColumnFails(@TempDir Path dir) throws IOException {
    Path f = write(dir, VALID.replace("natural_key: [id, ts]", "natural_key: [id, station]"));

    assertThatThrownBy(() -> Contracts.load(dir))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("natural_key names unknown column station");
  }

  @Test
  void unknownYamlFieldFailsNamingFile(@TempDir Path dir) throws IOException {
    Path f = write(dir, VALID + "colums: []\n");

    assertThatThrownBy(() -> Contracts.load(dir))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith("Cannot read " + f);
  }
}
