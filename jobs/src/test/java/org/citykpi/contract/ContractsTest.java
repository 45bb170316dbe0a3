package org.citykpi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.citykpi.common.CityKpiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts in schemas/sources load, and an inconsistent one fails naming its file and fault
 * (before any Spark work: none of these tests starts a session).
 */
class ContractsTest {
  /** A contract that passes every check; each failure test breaks one line of it. */
  static final String VALID =
      """
      source: tiny
      domain: traffic
      entity: road_speed
      format: csv
      grain: day
      event_time: {column: ts, format: "yyyy-MM-dd HH:mm", zone: Asia/Shanghai}
      natural_key: [id, ts]
      columns:
        - {name: id, type: string, nullable: false}
        - {name: ts, type: timestamp, nullable: false}
        - {name: n,  type: double, min: 0}
      """;

  /** Writes tiny.yaml into a schemas folder that has the repository's reference and tables. */
  static Path write(Path schemas, String yaml) throws IOException {
    for (String d : List.of("reference", "tables/silver")) {
      Path to = schemas.resolve(d);
      Files.createDirectories(to);
      try (Stream<Path> files = Files.list(Paths.get("schemas", d))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    Path f = schemas.resolve("sources").resolve("tiny.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, yaml);
    return f;
  }

  static void assertInvalid(Path dir, String yaml, String... fragments) throws IOException {
    Path f = write(dir, yaml);
    var thrown =
        assertThatThrownBy(() -> Contracts.load(dir))
            .isInstanceOf(CityKpiException.class)
            .hasMessageContaining("Invalid contract " + f + ": ");
    for (String s : fragments) {
      thrown.hasMessageContaining(s);
    }
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
    assertInvalid(
        dir,
        VALID.replace("{name: n,  type: double", "{name: n,  type: decimal"),
        "columns.n.type: unknown type decimal");
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
        .hasMessageContaining("natural_key: unknown column station");
  }

  @Test
  void unknownEntityFailsNamingFileAndKey(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace("entity: road_speed", "entity: road_speeds"),
        "entity: unknown entity 'road_speeds': no declaration schemas/tables/silver/road_speeds.yaml");
  }

  @Test
  void unknownFormatFailsNamingFileAndKey(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace("format: csv", "format: xlsx"),
        "format: unknown format 'xlsx' (one of [csv, geojson, wide_csv, nbs_matrix])");
  }

  @Test
  void unknownZoneFailsNamingFileAndKey(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace("zone: Asia/Shanghai", "zone: Asia/Peking"),
        "event_time.zone: unknown zone 'Asia/Peking'");
  }

  @Test
  void anyIanaZoneAndAFixedOffsetAreAccepted(@TempDir Path dir) throws IOException {
    write(dir, VALID.replace("zone: Asia/Shanghai", "zone: America/Chicago"));
    assertThat(Contracts.load(dir).get("tiny").eventTime().zone()).isEqualTo("America/Chicago");

    write(dir, VALID.replace("zone: Asia/Shanghai", "zone: \"-06:00\""));
    assertThat(Contracts.load(dir).get("tiny").eventTime().zone()).isEqualTo("-06:00");
  }

  @Test
  void unknownLookupFailsNamingFileAndColumn(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace(
            "{name: id, type: string, nullable: false}",
            "{name: id, type: string, nullable: false, lookup: city_name}"),
        "columns.id.lookup: unknown look-up 'city_name' (one of [division_name, province_name])");
  }

  @Test
  void badSqlRuleFailsNamingFileAndRule(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID + "rules:\n  - {id: n.odd, when: \"n > AND 3\", reason: odd}\n",
        "rules[0] (n.odd).when: 'n > AND 3' is not a Spark SQL expression");
  }

  @Test
  void ruleNamingAnUnknownColumnFails(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID + "rules:\n  - {id: n.big, when: \"m > 3 AND _text_n IS NULL\", reason: big}\n",
        "rules[0] (n.big).when: unknown column(s) [m]");
  }

  @Test
  void nullingAnInvalidValueNeedsANullableColumn(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace(
            "{name: id, type: string, nullable: false}",
            "{name: id, type: string, nullable: false, on_invalid: nullify}"),
        "columns.id.on_invalid: nullify needs a nullable column");
  }

  @Test
  void conversionNeedsADouble(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace(
            "{name: id, type: string, nullable: false}",
            "{name: id, type: string, nullable: false, offset: 1}"),
        "columns.id: scale and offset need type double, not string");
  }

  @Test
  void latestByAndDeliveryNameKnownThings(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID + "latest: {by: [updated], delivery: [path]}\n",
        "latest.by: unknown column updated",
        "latest.delivery: unknown field 'path' (one of [file_date, modified])");
  }

  @Test
  void provinceScopeNamesAColumn(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace(
            "{name: id, type: string, nullable: false}",
            "{name: id, type: string, nullable: false, lookup: division_name, province: prov}"),
        "columns.id.province: unknown column prov");
  }

  @Test
  void theSourceIsTheFileName(@TempDir Path dir) throws IOException {
    assertInvalid(
        dir,
        VALID.replace("source: tiny", "source: small"),
        "source: small must be the file's name (tiny.yaml)");
  }

  @Test
  void unknownYamlFieldFailsNamingFile(@TempDir Path dir) throws IOException {
    Path f = write(dir, VALID + "colums: []\n");

    assertThatThrownBy(() -> Contracts.load(dir))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith("Cannot read " + f);
  }
}
