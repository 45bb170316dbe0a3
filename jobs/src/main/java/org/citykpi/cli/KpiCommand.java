package org.citykpi.cli;

import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import picocli.CommandLine.Command;

/** gold → kpi: every catalog KPI observed and judged against its targets. */
@Command(
    name = "kpi",
    mixinStandardHelpOptions = true,
    description =
        "gold -> kpi.observation and kpi.attainment for every period overlapping the interval, "
            + "and kpi.info_consumption for its months.")
final class KpiCommand extends StageCommands.IntervalJob {
  @Override
  void work(RunContext ctx) {
    Pipeline.kpi(ctx);
  }
}
