package org.citykpi.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Schemas;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.citykpi.ingest.FileWindow;
import org.citykpi.ingest.Landing;
import org.citykpi.kpi.Periods;
import org.citykpi.ops.Interval;
import org.citykpi.ops.KeyGuard;
import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import org.citykpi.report.Filter;
import org.citykpi.report.Format;
import org.citykpi.report.Lang;
import org.citykpi.report.ReportKind;
import org.citykpi.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline on the committed samples, then the planners' reports in Chinese and English:
 * the weekly report of their last full week, the quarterly brief of the last full quarter before it
 * and the annual self-evaluation of the last full year.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run every stage on data-samples/ with the demo pseudonymisation key and write the "
            + "weekly report for the last full ISO week in the samples, the quarterly brief of the "
            + "last full quarter before it and the annual self-evaluation of the year before, in "
            + "zh and en, as HTML, PDF (when Chromium can be installed) and XLSX.")
final class DemoCommand extends JobCommand {
  @Option(
      names = "--landing",
      defaultValue = "data-samples",
      paramLabel = "DIR",
      description = "Sample feeds (default: ${DEFAULT-VALUE}).")
  String landing;

  @Option(
      names = "--reports",
      defaultValue = "reports",
      paramLabel = "DIR",
      description = "Where reports go (default: ${DEFAULT-VALUE}).")
  Path reports;

  private Interval span;
  private LocalDate lastDaily;

  @Override
  Interval interval() {
    return span == null ? new Interval(LocalDate.of(2000, 1, 1), LocalDate.of(2000, 1, 1)) : span;
  }

  @Override
  public Integer call() {
    measure(
        new Configuration(),
        Contracts.load(Schemas.locate(common.schemas)).values().stream().toList());
    return super.call();
  }

  /**
   * The samples' span: earliest to latest date in any file name; daily feeds fix the report week.
   */
  private void measure(Configuration conf, List<SourceContract> contracts) {
    Landing.check(conf, landing);
    LocalDate min = null;
    LocalDate max = null;
    for (SourceContract c : contracts) {
      for (String f : Landing.files(conf, landing, c)) {
        LocalDate d = RawRecords.fileDate(f);
        FileWindow w = FileWindow.of(f);
        if (d == null || w == null) {
          continue;
        }
        LocalDate end = w.to();
        min = min == null || d.isBefore(min) ? d : min;
        max = max == null || end.isAfter(max) ? end : max;
        if (!c.monthly() && (lastDaily == null || d.isAfter(lastDaily))) {
          lastDaily = d;
        }
      }
    }
    if (min == null || lastDaily == null) {
      throw new CityKpiException("--landing " + landing + " holds no dated sample files");
    }
    span = new Interval(min, max);
  }

  @Override
  Pseudonymizer key() {
    return Pseudonymizer.fromEnvironment(Map.of(), true);
  }

  @Override
  List<String> hashTables() {
    return KeyGuard.hashTables(contracts.values());
  }

  @Override
  void work(RunContext ctx) {
    Pipeline.all(ctx, landing, List.of(), resolvedKey);
    LocalDate sunday =
        lastDaily.getDayOfWeek() == DayOfWeek.SUNDAY
            ? lastDaily
            : lastDaily.with(TemporalAdjusters.previous(DayOfWeek.SUNDAY));
    String week = Periods.isoWeek(sunday);
    LocalDate quarterEnd =
        sunday.withDayOfMonth(1).minusMonths((sunday.getMonthValue() - 1) % 3).minusDays(1);
    String quarter = quarterEnd.getYear() + "-Q" + ((quarterEnd.getMonthValue() - 1) / 3 + 1);
    String year = Integer.toString(sunday.getYear() - 1);
    Set<Format> formats = EnumSet.of(Format.HTML, Format.XLSX);
    if (Reports.pdfAvailable()) {
      formats.add(Format.PDF);
    }
    List<Lang> langs = List.of(Lang.ZH, Lang.EN);
    Path report = null;
    for (ReportKind kind : ReportKind.values()) {
      String period =
          switch (kind) {
            case WEEKLY -> week;
            case QUARTERLY -> quarter;
            case ANNUAL -> year;
          };
      Reports.Written w =
          Reports.write(
              ctx, new Reports.Request(kind, period, langs, formats, Filter.ALL, reports));
      if (kind == ReportKind.WEEKLY) {
        report = w.file(Lang.ZH, Format.HTML);
      }
    }
    System.out.println();
    System.out.println("Demo finished (pseudonymised with the published DEMO key).");
    System.out.println("  warehouse: " + Paths.get(ctx.tables().warehouse()).toAbsolutePath());
    System.out.println("  report:    " + report.toAbsolutePath());
    System.out.println(
        "  reports:   "
            + reports.toAbsolutePath()
            + "/{weekly/"
            + week
            + ",quarterly/"
            + quarter
            + ",annual/"
            + year
            + "}/report.{zh,en}.{"
            + String.join(",", formats.stream().map(Format::ext).toList())
            + "}");
    System.out.println(
        "  try:       ./citykpi sql \"select source, sum(rows_in), sum(rows_accepted), "
            + "sum(rows_quarantined) from ops.run_log group by source\"");
  }
}
