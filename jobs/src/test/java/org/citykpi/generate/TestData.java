package org.citykpi.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Shared helpers: the repository's schemas folder, small configs, and reading generated files. */
final class TestData {

  static final Path SCHEMAS = Path.of(System.getProperty("citykpi.repo", ".")).resolve("schemas");

  private TestData() {}

  static GenerateConfig config(
      String cities, String from, String to, String monthlyFrom, int scale, long seed, Path out) {
    return GenerateConfig.parse(cities, from, to, monthlyFrom, scale, seed, out, SCHEMAS);
  }

  /** Every regular file under {@code dir}, sorted by path. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** Decompressed bytes of a file ({@code .gz} is gunzipped). */
  static byte[] bytes(Path file) throws IOException {
    if (!file.toString().endsWith(".gz")) {
      return Files.readAllBytes(file);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** Lines of a generated file, decoded as GB18030 for the one GB18030 file and UTF-8 otherwise. */
  static List<String> lines(Path file) throws IOException {
    Charset cs = isGbk(file) ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
    return Arrays.asList(new String(bytes(file), cs).split("\n", -1)).stream()
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** The GB18030 file is the only plain .csv in the outpatient_visit folder. */
  static boolean isGbk(Path file) {
    return file.getParent().getFileName().toString().equals(DeliveryPlan.GBK_SOURCE)
        && file.toString().endsWith(".csv");
  }
}
