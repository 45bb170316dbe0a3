package org.citykpi.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;

/**
 * Writes reports: pins the tables it reads ({@link Snapshot}), builds the kind's model once,
 * renders it in each language as HTML, then PDF (Chromium, from that HTML) and XLSX, and records
 * {@code report.json}. Files go to {@code <out>/<kind>/<period>[/<filters>]/report.<lang>.<ext>}.
 */
public final class Reports {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Reports.class);
  public static final String JOB = "report";

  private Reports() {}

  /**
   * What to write.
   *
   * @param period the period label (2026-W46, 2026-Q3, 2025)
   */
  public record Request(
      ReportKind kind,
      String period,
      List<Lang> langs,
      Set<Format> formats,
      Filter filter,
      Path outDir) {}

  /** What was written: the folder, the manifest and every file. */
  public record Written(Path dir, Path manifest, List<Path> files, long rowsRead) {
    /** The file of a language and format (null if not written). */
    public Path file(Lang lang, Format format) {
      Path p = dir.resolve(name(lang, format));
      return files.contains(p) ? p : null;
    }
  }

  static String name(Lang lang, Format format) {
    return "report." + lang.code() + "." + format.ext();
  }

  /** The folder a request writes to. */
  public static Path folder(Request r) {
    Path dir = r.outDir().resolve(r.kind().code()).resolve(r.period());
    String slug = r.filter().slug();
    return slug.isEmpty() ? dir : dir.resolve(slug);
  }

  /** Writes a report from the tables as they are now. */
  public static Written write(RunContext ctx, Request req) {
    ReportKind.Period period = req.kind().period(req.period());
    ReportRefs refs = refs(ctx);
    req.filter().check(refs);
    QualitySource quality = quality(ctx);
    Snapshot snap = Snapshot.latest(ctx.spark(), ctx.tables(), tables(quality));
    Instant generatedAt = ctx.now();
    Manifest m = manifest(req, period, generatedAt, ctx.tables().warehouse(), snap, ctx.schemas());
    return generate(ctx, req, period, refs, quality, snap, m, folder(req));
  }

  /**
   * Regenerates the report a manifest describes, reading every table at its recorded version, with
   * its recorded parameters and generation time. Writes to {@code out} (default: the manifest's
   * folder), then fails, naming the files, if an HTML file differs from the one recorded.
   *
   * @param formats the formats to write, or null for the manifest's
   */
  public static Written rebuild(RunContext ctx, Path manifestFile, Path out, Set<Format> formats) {
    Manifest m = Manifest.read(manifestFile);
    ReportKind kind = ReportKind.of(m.kind());
    ReportKind.Period period = kind.period(m.period());
    List<Lang> langs = m.langs().stream().map(Lang::of).toList();
    Set<Format> f = formats != null ? formats : Format.set(String.join(",", m.formats()));
    Path dir = out != null ? out : manifestFile.toAbsolutePath().getParent();
    Request req =
        new Request(kind, m.period(), langs, f, new Filter(m.programmes(), m.cities()), dir);
    ReportRefs refs = refs(ctx);
    req.filter().check(refs);
    QualitySource quality = quality(ctx);
    Snapshot snap = Snapshot.pinned(ctx.spark(), ctx.tables(), m.tables());
    String schemas = Manifest.schemasSha256(ctx.schemas());
    Written w = generate(ctx, req, period, refs, quality, snap, m, dir);
    List<String> differ = new ArrayList<>();
    for (Lang l : langs) {
      Path html = w.file(l, Format.HTML);
      String want = m.htmlSha256().get(name(l, Format.HTML));
      if (html != null && want != null) {
        try {
          if (!want.equals(Manifest.sha256(Files.readAllBytes(html)))) {
            differ.add(html.getFileName().toString());
          }
        } catch (IOException e) {
          throw new CityKpiException("Cannot read " + html + ": " + e.getMessage(), e);
        }
      }
    }
    if (!differ.isEmpty()) {
      throw new CityKpiException(
          "rebuilt "
              + differ
              + " in "
              + dir
              + " differ from the report "
              + manifestFile
              + " recorded"
              + (schemas.equals(m.schemasSha256())
                  ? " (same contracts: the CityKPI code changed since version "
                      + m.citykpiVersion()
                      + ")"
                  : " (the contracts in schemas/ changed since)"));
    }
    return w;
  }

  /**
   * Whether PDFs can be printed here: installs Chromium and the CJK fonts through the repository's
   * script where missing. False (with the reason on stderr) when that fails.
   */
  public static boolean pdfAvailable() {
    try {
      ChromiumPdf.browser();
      return true;
    } catch (CityKpiException e) {
      System.err.println("citykpi: no PDF reports: " + e.getMessage());
      return false;
    }
  }

  static ReportRefs refs(RunContext ctx) {
    return ReportRefs.load(ctx.schemas(), ctx.tables().specs(), ctx.reference());
  }

  /**
   * Where the data-quality section's figures come from: bronze, quarantine and run log, plus the
   * jumps flagged in ops.dq_metrics.
   */
  static QualitySource quality(RunContext ctx) {
    return new DqMetricsQuality(new RunLogQuality(ctx.contracts()), ctx.contracts());
  }

  /** Every table a report may read: the KPI tables and the data-quality source's. */
  static List<String> tables(QualitySource quality) {
    Set<String> out = new LinkedHashSet<>(List.of(AttRow.TABLE, ObsRow.TABLE));
    out.addAll(quality.tables());
    return List.copyOf(out);
  }

  private static Manifest manifest(
      Request req,
      ReportKind.Period period,
      Instant generatedAt,
      String warehouse,
      Snapshot snap,
      Path schemas) {
    String wh = warehouse;
    if (!wh.contains("://")) {
      wh = Paths.get(wh).toAbsolutePath().normalize().toString();
    }
    return new Manifest(
        Manifest.VERSION,
        Manifest.CITYKPI_VERSION,
        req.kind().code(),
        period.label(),
        req.langs().stream().map(Lang::code).toList(),
        req.formats().stream().map(Format::ext).toList(),
        req.filter().programmes(),
        req.filter().cities(),
        generatedAt.toString(),
        wh,
        new TreeMap<>(snap.versions()),
        Manifest.schemasSha256(schemas),
        new TreeMap<>());
  }

  private static Written generate(
      RunContext ctx,
      Request req,
      ReportKind.Period period,
      ReportRefs refs,
      QualitySource quality,
      Snapshot snap,
      Manifest manifest,
      Path dir) {
    Instant started = ctx.now();
    long t0 = System.nanoTime();
    Instant generatedAt = Instant.parse(manifest.generatedAt());
    TableReader reader = new TableReader(snap, req.filter().scope(refs));
    Object model;
    Cover cover;
    switch (req.kind()) {
      case WEEKLY -> {
        WeeklyModel w = WeeklyModel.build(period, reader, refs, req.filter(), quality, generatedAt);
        model = w;
        cover = w.cover();
      }
      case QUARTERLY -> {
        QuarterlyModel q =
            QuarterlyModel.build(period, reader, refs, req.filter(), quality, generatedAt);
        model = q;
        cover = q.cover();
      }
      default -> {
        AnnualModel a = AnnualModel.build(period, reader, refs, req.filter(), quality, generatedAt);
        model = a;
        cover = a.cover();
      }
    }
    long tRead = System.nanoTime();
    long pdfNanos = 0;
    long xlsxNanos = 0;
    List<Path> files = new ArrayList<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    try {
      Files.createDirectories(dir);
      Path browser = req.formats().contains(Format.PDF) ? ChromiumPdf.browser() : null;
      for (Lang lang : req.langs()) {
        String html = HtmlRenderer.render(req.kind(), model, cover, lang, refs);
        Path htmlFile = dir.resolve(name(lang, Format.HTML));
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        Files.write(htmlFile, bytes);
        hashes.put(htmlFile.getFileName().toString(), Manifest.sha256(bytes));
        if (req.formats().contains(Format.HTML)) {
          files.add(htmlFile);
        }
        if (browser != null) {
          Path pdf = dir.resolve(name(lang, Format.PDF));
          long t = System.nanoTime();
          ChromiumPdf.print(browser, htmlFile, pdf);
          pdfNanos += System.nanoTime() - t;
          files.add(pdf);
        }
        if (!req.formats().contains(Format.HTML)) {
          Files.delete(htmlFile); // printed from it, not asked for
          hashes.remove(htmlFile.getFileName().toString());
        }
        if (req.formats().contains(Format.XLSX)) {
          Path xlsx = dir.resolve(name(lang, Format.XLSX));
          long t = System.nanoTime();
          XlsxWriter.write(xlsx, req.kind(), model, cover, lang, refs);
          xlsxNanos += System.nanoTime() - t;
          files.add(xlsx);
        }
      }
    } catch (IOException e) {
      throw new CityKpiException("Cannot write the report in " + dir + ": " + e.getMessage(), e);
    }
    // a rebuild keeps the digests it is checked against; a new report records its own
    Manifest m = manifest.htmlSha256().isEmpty() ? manifest.withHtmlSha256(hashes) : manifest;
    Path manifestFile = dir.resolve(Manifest.FILE);
    m.write(manifestFile);
    long total = System.nanoTime() - t0;
    LOG.info(
        String.format(
            "report %s %s: %.1f s (tables read %.1f s, PDF %.1f s, XLSX %.1f s, HTML %.1f s)",
            req.kind().code(),
            period.label(),
            total / 1e9,
            (tRead - t0) / 1e9,
            pdfNanos / 1e9,
            xlsxNanos / 1e9,
            (total - (tRead - t0) - pdfNanos - xlsxNanos) / 1e9));
    long rows = reader.provenance(refs, List.of()).tables().stream().mapToLong(t -> t.rows()).sum();
    ctx.log()
        .add(
            new RunLog.Entry(
                JOB,
                req.kind().code() + " " + period.label(),
                rows,
                rows,
                0,
                files.size(),
                "succeeded",
                String.join(",", req.langs().stream().map(Lang::code).toList())
                    + " "
                    + String.join(",", req.formats().stream().map(Format::ext).toList())
                    + " -> "
                    + dir,
                started,
                ctx.now(),
                Map.of()));
    return new Written(dir, manifestFile, files, rows);
  }
}
