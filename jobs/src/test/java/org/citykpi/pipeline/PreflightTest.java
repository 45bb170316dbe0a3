package org.citykpi.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.citykpi.cli.Main;
import org.citykpi.common.CityKpiException;
import org.citykpi.testing.SchemaCopies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken contract, declaration or KPI catalog stops a command before Spark starts, naming the
 * file and the key. Each test breaks one thing in a copy of schemas/.
 */
class PreflightTest {
  static Path copy(Path to) throws IOException {
    return SchemaCopies.copy(to);
  }

  static void edit(Path file, String from, String to) throws IOException {
    String s = Files.readString(file);
    assertThat(s).contains(from);
    Files.writeString(file, s.replace(from, to));
  }

  @Test
  void theRepositorySchemasPass() {
    assertThatCode(() -> Preflight.check(Paths.get("schemas"))).doesNotThrowAnyException();
  }

  @Test
  void aContractWhosePersonalColumnWouldReachSilverIsRefused(@TempDir Path dir) throws IOException {
    Path schemas = copy(dir);
    Path road = schemas.resolve("sources/road_speed.yaml");
    edit(
        road,
        "natural_key: [segment_id, interval_start_local]",
        "natural_key: [segment_id, interval_start_local]\npii: [segment_id]");

    assertThatThrownBy(() -> Preflight.check(schemas))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith("Invalid contract " + road + " for silver.road_speed: ")
        .hasMessageContaining("columns.segment_id is personal");
  }

  @Test
  void aReaderOptionProblemNamesTheContractFile(@TempDir Path dir) throws IOException {
    Path schemas = copy(dir);
    Path los = schemas.resolve("sources/los_loop.yaml");
    edit(
        los,
        "reader: {start_time: \"2012-03-01T00:00\", step_minutes: 5}",
        "reader: {step_minutes: 5}");

    assertThatThrownBy(() -> Preflight.check(schemas))
        .hasMessageStartingWith("Invalid contract " + los + ": ")
        .hasMessageContaining("format wide_csv needs reader.start_time");
  }

  @Test
  void aBrokenKpiCatalogStopsTheRunBeforeIngest(@TempDir Path dir) throws IOException {
    Path schemas = copy(dir);
    edit(schemas.resolve("kpi/catalog.yaml"), "gold.city_day_air", "gold.city_day_aire");

    assertThatThrownBy(() -> Preflight.check(schemas))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("gold.city_day_aire");
  }

  @Test
  void aSilverTableNoDomainOwnsIsRefused(@TempDir Path dir) throws IOException {
    Path schemas = copy(dir);
    Files.copy(
        schemas.resolve("tables/silver/road_speed.yaml"),
        schemas.resolve("tables/silver/bike_trip.yaml"));
    edit(
        schemas.resolve("tables/silver/bike_trip.yaml"),
        "table: silver.road_speed",
        "table: silver.bike_trip");

    assertThatThrownBy(() -> Preflight.check(schemas))
        .hasMessageContaining("tables/silver/bike_trip.yaml: no domain declares entity bike_trip");
  }

  /**
   * Through the CLI: the bad contract is reported (exit 1) although --master names no cluster at
   * all; had Spark started first, that would have been the error.
   */
  @Test
  void runStopsOnABadContractBeforeSparkStarts(@TempDir Path dir) throws IOException {
    Path schemas = copy(dir.resolve("schemas"));
    Path air = schemas.resolve("sources/air_station_hourly.yaml");
    edit(air, "zone: Asia/Shanghai", "zone: Asia/Beijing");
    Files.createDirectories(dir.resolve("landing"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code =
          Main.execute(
              "run",
              "--schemas",
              schemas.toString(),
              "--landing",
              dir.resolve("landing").toString(),
              "--warehouse",
              dir.resolve("warehouse").toString(),
              "--date",
              "2026-10-05",
              "--master",
              "no-such-master://x",
              "--demo-key");
    } finally {
      System.setErr(saved);
    }

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("citykpi run: Invalid contract " + air)
        .contains("event_time.zone: unknown zone 'Asia/Beijing'")
        .doesNotContain("no-such-master");
    assertThat(dir.resolve("warehouse")).doesNotExist();
  }
}
