package org.citykpi.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Temporary copies of schemas/, to add or break contracts without touching the repository. */
public final class SchemaCopies {
  /** Fixture landings and their contracts (tests run from the repository root). */
  public static final Path FIXTURES = Paths.get("jobs", "src", "test", "resources", "fixtures");

  private SchemaCopies() {}

  /**
   * Copies the repository's schemas/ to {@code to}, then each {@code extraSources} folder's
   * contracts.
   */
  public static Path copy(Path to, Path... extraSources) throws IOException {
    Path from = Paths.get("schemas");
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    for (Path dir : extraSources) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          Files.copy(
              f,
              to.resolve("sources").resolve(f.getFileName()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return to;
  }
}
