package org.citykpi.common;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Locates the contracts folder: {@code --schemas DIR} or the system property {@code
 * citykpi.schemas}, else {@code ./schemas} when run from the repository, else the copy packed
 * inside the jar (so that spark-submit on a cluster needs no extra files).
 */
public final class Schemas {
  private Schemas() {}

  public static Path locate(Path explicit) {
    if (explicit != null) {
      if (!Files.isDirectory(explicit)) {
        throw new CityKpiException("--schemas: " + explicit + " is not a directory");
      }
      return explicit;
    }
    String prop = System.getProperty("citykpi.schemas");
    if (prop != null) {
      return locate(Paths.get(prop));
    }
    String repo = System.getProperty("citykpi.repo");
    if (repo != null && Files.isDirectory(Paths.get(repo, "schemas"))) {
      return Paths.get(repo, "schemas");
    }
    if (Files.isDirectory(Paths.get("schemas", "sources"))) {
      return Paths.get("schemas");
    }
    return packed();
  }

  private static Path packed() {
    URL url = Schemas.class.getClassLoader().getResource("schemas/sources");
    if (url == null) {
      throw new CityKpiException(
          "No schemas/ folder here and none packed in the jar; pass --schemas DIR");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return fs.getPath("/schemas");
      }
      return Paths.get(uri).getParent();
    } catch (URISyntaxException | IOException e) {
      throw new CityKpiException("Cannot open the schemas packed in the jar: " + e.getMessage(), e);
    }
  }
}
