package org.citykpi.cli;

import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** All stages over an interval: what a scheduler calls, and what a backfill is. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run every stage (ingest, clean, conform, kpi) over an interval; re-running replaces the interval.")
final class RunCommand extends StageCommands.IntervalJob {
  @Option(
      names = "--landing",
      required = true,
      paramLabel = "DIR",
      description =
          "Raw files as <domain>/<source>/<files> (e.g. data-samples or ../shared/datasets).")
  String landing;

  @ArgGroup(exclusive = false)
  StageCommands.KeyOptions key = new StageCommands.KeyOptions();

  @Override
  void work(RunContext ctx) {
    var p = key.pseudonymizer();
    var sources = Pipeline.sources(ctx, this.sources);
    var ingested = Pipeline.ingest(ctx, landing, sources, p);
    Pipeline.clean(ctx, p, Pipeline.sources(ctx, ingested));
    Pipeline.conform(ctx);
    Pipeline.kpi(ctx);
  }
}
