package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Usage errors of `replay` exit 2 naming the flag, before any Spark starts. */
class ReplayUsageTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(savedErr);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownSourceIsNamed() {
    int code =
        Main.execute(
            "replay",
            "--source",
            "nope",
            "--landing",
            "x",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02");
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("--source: unknown source 'nope'", "road_speed");
  }

  @Test
  void theSourceAndLandingAreRequired() {
    assertThat(Main.execute("replay", "--date", "2026-11-01", "--landing", "x")).isEqualTo(2);
    assertThat(err()).contains("--source");
    err.reset();
    assertThat(Main.execute("replay", "--date", "2026-11-01", "--source", "road_speed"))
        .isEqualTo(2);
    assertThat(err()).contains("--landing");
  }

  @Test
  void aBadDateIsNamed() {
    int code =
        Main.execute(
            "replay",
            "--source",
            "road_speed",
            "--landing",
            "x",
            "--from",
            "2026-11-31",
            "--to",
            "2026-12-01");
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("--from: '2026-11-31' is not a date");
  }
}
