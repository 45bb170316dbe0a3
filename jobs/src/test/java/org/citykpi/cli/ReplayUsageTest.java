package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.citykpi.testing.Cli;
import org.junit.jupiter.api.Test;

/** Usage errors of `replay` exit 2 naming the flag, before any Spark starts. */
class ReplayUsageTest {
  @Test
  void anUnknownSourceIsNamed() {
    Cli.Result r =
        Cli.usageError(
            "replay",
            "--source",
            "nope",
            "--landing",
            "x",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02");
    assertThat(r.err()).contains("--source: unknown source 'nope'", "road_speed");
  }

  @Test
  void theSourceAndLandingAreRequired() {
    assertThat(Cli.usageError("replay", "--date", "2026-11-01", "--landing", "x").err())
        .contains("--source");
    assertThat(Cli.usageError("replay", "--date", "2026-11-01", "--source", "road_speed").err())
        .contains("--landing");
  }

  @Test
  void aBadDateIsNamed() {
    Cli.Result r =
        Cli.usageError(
            "replay",
            "--source",
            "road_speed",
            "--landing",
            "x",
            "--from",
            "2026-11-31",
            "--to",
            "2026-12-01");
    assertThat(r.err()).contains("--from: '2026-11-31' is not a date");
  }
}
