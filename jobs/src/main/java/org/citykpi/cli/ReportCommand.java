package org.citykpi.cli;

import java.nio.file.Path;
import org.citykpi.common.CityKpiException;
import org.citykpi.kpi.Periods;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.report.WeeklyReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Reports for planners. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write a report from the KPI tables.",
    subcommands = ReportCommand.Weekly.class)
final class ReportCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(
      name = "weekly",
      mixinStandardHelpOptions = true,
      description =
          "Self-contained HTML: each city's KPIs with value, target, attainment and status for an ISO week.")
  static final class Weekly extends JobCommand {
    @Option(
        names = "--week",
        required = true,
        paramLabel = "YYYY-Www",
        description = "ISO week, e.g. 2026-W46.")
    String week;

    @Option(
        names = "--reports",
        defaultValue = "reports",
        paramLabel = "DIR",
        description =
            "Output folder (default: ${DEFAULT-VALUE}); the report goes to DIR/weekly/<week>/report.html.")
    Path reports;

    @Override
    Interval interval() {
      try {
        return Periods.parseIsoWeek(week);
      } catch (CityKpiException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--week: " + e.getMessage());
      }
    }

    @Override
    void work(RunContext ctx) {
      Path out = WeeklyReport.write(ctx, week, reports);
      System.out.println("report: " + out.toAbsolutePath());
    }
  }
}
