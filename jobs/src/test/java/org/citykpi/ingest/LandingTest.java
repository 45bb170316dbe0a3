package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which names in a landing folder are data: hidden, marker, README, LICENSE and Markdown files are
 * not.
 */
class LandingTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-09-14.csv", "2026-09.csv.gz", "stations_readme.csv", "md.csv", "a"})
  void dataFiles(String name) {
    assertThat(Landing.isData(name)).as(name).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".hidden.csv",
        "_SUCCESS",
        "README",
        "Readme.txt",
        "LICENSE",
        "license.txt",
        "notes.md",
        "NOTES.MD"
      })
  void notDataFiles(String name) {
    assertThat(Landing.isData(name)).as(name).isFalse();
  }
}
