package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  /** Files at every depth, with the size and modification time on disk; folders are not files. */
  @Test
  void filesBelowAFolderAtEveryDepth(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("2026/11/empty"));
    Files.writeString(dir.resolve("top.csv"), "a,b\n");
    Files.writeString(dir.resolve("2026/11/deep.csv"), "");
    Files.setLastModifiedTime(
        dir.resolve("2026/11/deep.csv"), FileTime.fromMillis(1_700_000_000_000L));
    FileSystem fs = FileSystem.getLocal(new Configuration());

    var found = Landing.filesBelow(fs, new org.apache.hadoop.fs.Path(dir.toUri()));

    assertThat(found)
        .extracting(f -> f.getPath().getName(), FileStatus::getLen)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("top.csv", 4L),
            org.assertj.core.groups.Tuple.tuple("deep.csv", 0L));
    assertThat(found)
        .filteredOn(f -> f.getPath().getName().equals("deep.csv"))
        .extracting(FileStatus::getModificationTime)
        .containsExactly(1_700_000_000_000L);
  }

  @Test
  void anEmptyFolderHasNoFiles(@TempDir Path dir) throws IOException {
    assertThat(
            Landing.filesBelow(
                FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(dir.toUri())))
        .isEmpty();
  }
}
