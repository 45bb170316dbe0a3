package org.citykpi.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.citykpi.common.CityKpiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints a report's HTML to an A4 PDF with headless Chromium (ECOSYSTEM-NOTES: Chromium embeds the
 * CFF Noto CJK fonts, keeps text extractable, and prints the {@code @page} footers with page
 * numbers). Chromium comes from {@code CITYKPI_CHROMIUM} or the PATH; when run from the repository,
 * {@code scripts/report-tools} first installs Chromium and the fonts where missing.
 */
final class ChromiumPdf {
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumPdf.class);
  static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
  static final long TIMEOUT_SECONDS = 180;

  private ChromiumPdf() {}

  /**
   * The browser to print with, installing it (and the CJK fonts) through the repository's script.
   */
  static Path browser() {
    String repo = System.getProperty("citykpi.repo");
    Path script = repo == null ? null : Paths.get(repo, "scripts", "report-tools");
    if (script != null && Files.isExecutable(script)) {
      // shows its progress (an apt-get install the first time) on the command's stderr
      try {
        Process p =
            new ProcessBuilder(script.toString())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
          throw new CityKpiException(
              script + " could not install chromium and fonts-noto-cjk (see above)");
        }
      } catch (IOException e) {
        throw new CityKpiException("Cannot run " + script + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CityKpiException(script + " was interrupted", e);
      }
    }
    String env = System.getenv("CITYKPI_CHROMIUM");
    if (env != null && !env.isBlank()) {
      return Paths.get(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String n : NAMES) {
        Path p = Paths.get(dir, n);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new CityKpiException(
        "--format pdf needs Chromium: install the Debian packages chromium and fonts-noto-cjk"
            + " (scripts/report-tools does it), or set CITYKPI_CHROMIUM to a Chromium binary");
  }

  /** Prints {@code html} to {@code pdf} (A4, the page's own footers, no browser header). */
  static void print(Path browser, Path html, Path pdf) {
    Path profile;
    try {
      profile = Files.createTempDirectory("citykpi-chromium-");
    } catch (IOException e) {
      throw new CityKpiException("Cannot create a Chromium profile folder: " + e.getMessage(), e);
    }
    try {
      Files.deleteIfExists(pdf);
      List<String> cmd = new ArrayList<>();
      cmd.add(browser.toString());
      cmd.add("--headless");
      if ("root".equals(System.getProperty("user.name"))) {
        cmd.add("--no-sandbox"); // Chromium refuses to run as root with its sandbox
      }
      cmd.addAll(
          List.of(
              "--disable-gpu",
              "--no-first-run",
              "--no-default-browser-check",
              "--disable-background-networking",
              "--disable-component-update",
              "--disable-sync",
              "--disable-extensions",
              "--disable-default-apps",
              "--mute-audio",
              "--user-data-dir=" + profile,
              "--no-pdf-header-footer",
              "--print-to-pdf=" + pdf.toAbsolutePath(),
              html.toAbsolutePath().toUri().toString()));
      run(cmd, "chromium --print-to-pdf " + html.getFileName());
      if (!Files.isRegularFile(pdf) || Files.size(pdf) == 0) {
        throw new CityKpiException("Chromium wrote no PDF for " + html);
      }
    } catch (IOException e) {
      throw new CityKpiException("Cannot print " + html + ": " + e.getMessage(), e);
    } finally {
      delete(profile);
    }
  }

  /** Runs a command, failing with the end of its output when it fails or hangs. */
  private static void run(List<String> cmd, String what) {
    Path log = null;
    try {
      log = Files.createTempFile("citykpi-report-", ".log");
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new CityKpiException(what + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new CityKpiException(what + " failed (exit " + p.exitValue() + "): " + tail(log));
      }
      LOG.debug("{}: {}", what, tail(log));
    } catch (IOException e) {
      throw new CityKpiException("Cannot run " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CityKpiException(what + " was interrupted", e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a temp file
        }
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder; nothing to do
    }
  }
}
