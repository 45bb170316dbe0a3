package org.citykpi.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Schemas;
import org.citykpi.geo.Reference;
import org.citykpi.kpi.Programmes;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.report.Filter;
import org.citykpi.report.Format;
import org.citykpi.report.Lang;
import org.citykpi.report.Manifest;
import org.citykpi.report.ReportKind;
import org.citykpi.report.Reports;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reports for planners: weekly, quarterly brief, annual self-evaluation, and rebuilds. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a planners' report from the KPI tables as HTML, PDF and XLSX, in Chinese or English,",
      "with report.json recording the Delta version of every table read.",
      "Files: <reports>/<kind>/<period>[/<filters>]/report.<lang>.{html,pdf,xlsx} and report.json."
    },
    subcommands = {
      ReportCommand.Weekly.class,
      ReportCommand.Quarterly.class,
      ReportCommand.Annual.class,
      ReportCommand.Rebuild.class
    })
final class ReportCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The options the three report kinds share. */
  abstract static class Kind extends JobCommand {
    @Option(
        names = "--lang",
        defaultValue = "zh",
        paramLabel = "zh|en",
        description = "Language(s), comma-separated (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(
        names = "--format",
        defaultValue = "html,pdf,xlsx",
        paramLabel = "LIST",
        description =
            "Files to write, comma-separated from html, pdf, xlsx (default: ${DEFAULT-VALUE}). PDF"
                + " prints the HTML with headless Chromium, installed with fonts-noto-cjk by"
                + " scripts/report-tools where missing.")
    String format;

    @Option(
        names = "--programme",
        split = ",",
        paramLabel = "ID",
        description = "Only cities of these programmes (e.g. HB-2014); repeat or comma-separate.")
    List<String> programmes = new ArrayList<>();

    @Option(
        names = "--city",
        split = ",",
        paramLabel = "CODE",
        description = "Only these cities (GB/T 2260 codes, e.g. 420100); repeat or comma-separate.")
    List<String> cities = new ArrayList<>();

    @Option(
        names = "--reports",
        defaultValue = "reports",
        paramLabel = "DIR",
        description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path reports;

    private Reports.Request request;

    abstract ReportKind kind();

    abstract String period();

    @Override
    Interval interval() {
      ReportKind.Period p;
      List<Lang> langs;
      Set<Format> formats;
      try {
        p = kind().period(period());
      } catch (CityKpiException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try {
        langs = Lang.list(lang);
        formats = Format.set(format);
        checkFilter(spec, common, programmes, cities);
      } catch (CityKpiException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      request =
          new Reports.Request(
              kind(), p.label(), langs, formats, new Filter(programmes, cities), reports);
      return p.span();
    }

    @Override
    void work(RunContext ctx) {
      Reports.Written w = Reports.write(ctx, request);
      print(w);
    }
  }

  /** Unknown programmes or cities stop before Spark starts, naming the flag. */
  static void checkFilter(
      CommandLine.Model.CommandSpec spec,
      CommonOptions common,
      List<String> programmes,
      List<String> cities) {
    if (programmes.isEmpty() && cities.isEmpty()) {
      return;
    }
    Path schemas = Schemas.locate(common.schemas);
    Programmes known = Programmes.load(schemas);
    Reference ref = Reference.load(schemas);
    for (String p : programmes) {
      if (!known.byId().containsKey(p)) {
        throw new CityKpiException(
            "--programme: unknown programme '" + p + "' (known: " + known.byId().keySet() + ")");
      }
    }
    for (String c : cities) {
      if (!ref.cities().containsKey(c)) {
        throw new CityKpiException(
            "--city: unknown city code '" + c + "' (see schemas/reference/cities.yaml)");
      }
    }
  }

  static void print(Reports.Written w) {
    System.out.println("report: " + w.dir().toAbsolutePath());
    for (Path f : w.files()) {
      System.out.println("  " + f.toAbsolutePath());
    }
    System.out.println("  " + w.manifest().toAbsolutePath());
  }

  @Command(
      name = "weekly",
      mixinStandardHelpOptions = true,
      description = {
        "Every pilot city, one page each: counts by status, status changes since last week,",
        "largest movers, the week's data quality, then its KPIs by indicator group with",
        "sparklines. Daily KPIs for the ISO week, monthly KPIs for the month of its Sunday."
      })
  static final class Weekly extends Kind {
    @Option(
        names = "--week",
        required = true,
        paramLabel = "YYYY-Www",
        description = "ISO week, e.g. 2026-W46.")
    String week;

    @Override
    ReportKind kind() {
      return ReportKind.WEEKLY;
    }

    @Override
    String period() {
      return week;
    }
  }

  @Command(
      name = "quarterly",
      mixinStandardHelpOptions = true,
      description = {
        "A brief per programme (HB-2014's 季度工作动态简报): roll-ups, a city x KPI status heat",
        "map, rankings, trends of the KPIs at risk, and the quarter's data-quality annex."
      })
  static final class Quarterly extends Kind {
    @Option(
        names = "--quarter",
        required = true,
        paramLabel = "YYYY-Qn",
        description = "Calendar quarter, e.g. 2026-Q3.")
    String quarter;

    @Override
    ReportKind kind() {
      return ReportKind.QUARTERLY;
    }

    @Override
    String period() {
      return quarter;
    }
  }

  @Command(
      name = "annual",
      mixinStandardHelpOptions = true,
      description = {
        "A self-evaluation per city (年度自评价报告): every target of its programmes with the",
        "year's value, clause, attainment and status, a weighted score out of 100 over indicator",
        "groups modelled on GB/T 33356 (weights proposed, schemas/kpi/evaluation.yaml), the",
        "maturity band and the change on the year before."
      })
  static final class Annual extends Kind {
    @Option(
        names = "--year",
        required = true,
        paramLabel = "YYYY",
        description = "Calendar year, e.g. 2025.")
    String year;

    @Override
    ReportKind kind() {
      return ReportKind.ANNUAL;
    }

    @Override
    String period() {
      return year;
    }
  }

  @Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      description = {
        "Regenerate the report a report.json describes, reading every table at the Delta version",
        "it recorded (time travel), with its parameters and generation time: the HTML comes out",
        "byte for byte the same, even after later runs changed the tables. Fails (exit 1) naming",
        "the files when it does not. The warehouse is the manifest's unless --warehouse is given."
      })
  static final class Rebuild extends JobCommand {
    @Parameters(index = "0", paramLabel = "MANIFEST", description = "A report.json.")
    Path manifest;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Write here instead of the manifest's folder.")
    Path out;

    @Option(
        names = "--format",
        paramLabel = "LIST",
        description = "Files to write (default: the manifest's formats).")
    String format;

    private Manifest m;
    private Set<Format> formats;

    @Override
    Interval interval() {
      if (!Files.isRegularFile(manifest)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "MANIFEST: no file " + manifest);
      }
      try {
        m = Manifest.read(manifest);
        formats = format == null ? null : Format.set(format);
      } catch (CityKpiException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (!spec.commandLine().getParseResult().hasMatchedOption("--warehouse")) {
        common.warehouse = m.warehouse();
      }
      return ReportKind.of(m.kind()).period(m.period()).span();
    }

    @Override
    void work(RunContext ctx) {
      Reports.Written w = Reports.rebuild(ctx, manifest, out, formats);
      print(w);
      System.out.println("identical: the HTML matches the digests in " + manifest);
    }
  }
}
