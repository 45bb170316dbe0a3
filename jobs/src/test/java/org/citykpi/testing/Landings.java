package org.citykpi.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.citykpi.contract.SourceContract;
import org.citykpi.ingest.FileText;

/** Facts about a landing folder, counted without the pipeline's readers. */
public final class Landings {
  private Landings() {}

  /**
   * Non-blank lines after the header in every file under {@code dir}, read with no project code but
   * the decoder (gzip, UTF-8 or GBK as the contract allows).
   */
  public static long dataLines(Path dir, SourceContract c) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = FileText.decode(f.toString(), Files.readAllBytes(f), c.encodingList()).text();
        n += text.lines().filter(l -> !l.isBlank()).count() - 1;
      }
    }
    return n;
  }
}
