package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exit codes and messages of usage errors (exit 2): option parsing and validation fail before any
 * Spark work, so none of these start Spark. Job failures (exit 1) are JobFailureIT's.
 */
class MainTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream savedErr;
  private PrintStream savedOut;

  @BeforeEach
  void capture() {
    savedErr = System.err;
    savedOut = System.out;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(savedErr);
    System.setOut(savedOut);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void toBeforeFromIsAUsageErrorNamingTo() {
    int code = Main.execute("run", "--from", "2026-01-02", "--to", "2026-01-01", "--landing", "x");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("--to 2026-01-01 is before --from 2026-01-02");
  }

  @Test
  void badDateIsAUsageErrorNamingTheFlag() {
    int code = Main.execute("run", "--date", "notadate", "--landing", "x");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("--date: 'notadate' is not a date (yyyy-MM-dd)");
  }

  @Test
  void anUnknownStageForUntilIsAUsageErrorNamingTheFlagAndTheStages() {
    int code = Main.execute("run", "--date", "2026-01-01", "--landing", "x", "--until", "gold");

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .contains("--until")
        .contains("gold")
        .contains("[ingest, clean, conform, kpi]");
  }

  @Test
  void dateWithFromIsAUsageError() {
    int code =
        Main.execute("ingest", "--date", "2026-01-01", "--from", "2026-01-01", "--landing", "x");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("Give --date or --from/--to, not both");
  }

  @Test
  void missingIntervalIsAUsageError() {
    int code = Main.execute("clean");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("Missing interval: give --date D, or --from D and --to D");
  }

  @Test
  void sqlHelpExitsZero() {
    int code = Main.execute("sql", "--help");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: citykpi sql");
  }

  @Test
  void unknownVerbIsAUsageError() {
    int code = Main.execute("frobnicate");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("frobnicate");
  }

  @Test
  void sqlWithoutAQueryIsAUsageError() {
    int code = Main.execute("sql", "--format", "csv");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("Give a QUERY or --file FILE", "Usage: citykpi sql");
  }

  @Test
  void anUnknownSqlFormatIsAUsageErrorListingTheFormats() {
    int code = Main.execute("sql", "select 1", "--format", "xml");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("--format", "xml", "table, csv, json");
  }

  @Test
  void aReportWeekThatIsNoIsoWeekIsAUsageErrorNamingTheFlag() {
    int code = Main.execute("report", "weekly", "--week", "2026-46");

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .contains("--week: Not an ISO week (expected yyyy-Www, e.g. 2026-W46): '2026-46'");
  }

  @Test
  void runWithoutALandingIsAUsageError() {
    int code = Main.execute("run", "--date", "2026-11-02");

    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("Missing required option: '--landing=DIR'");
  }

  @Test
  void anUnknownSourceIsAUsageErrorListingTheValidOnes() {
    int code =
        Main.execute(
            "run", "--date", "2026-11-02", "--landing", "x", "--source", "air_station_hourly,nope");

    assertThat(code).isEqualTo(2);
    assertThat(err())
        .contains("--source: unknown source 'nope'; valid sources: ")
        .contains("air_station_hourly, ")
        .contains("transit_trip");
  }

  @Test
  void aMissingKeyStopsBeforeSparkNamingEveryWayToGiveOne() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("CITYKPI_PSEUDONYM_KEY") == null
            && System.getenv("CITYKPI_PSEUDONYM_KEY_FILE") == null,
        "a key is set in this environment");
    int code = Main.execute("clean", "--date", "2026-11-02", "--warehouse", "target/no-warehouse");

    assertThat(code).isEqualTo(1);
    assertThat(err()).contains("No pseudonymisation key", "--key-file", "--demo-key");
  }
}
