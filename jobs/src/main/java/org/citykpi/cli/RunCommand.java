package org.citykpi.cli;

import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** All stages over an interval: what a scheduler calls, and what a backfill is. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run every stage (ingest, clean, conform, kpi) over an interval; re-running replaces the interval.")
final class RunCommand extends StageCommands.KeyedIntervalJob {
  @Option(
      names = "--landing",
      required = true,
      paramLabel = "DIR",
      description =
          "Raw files as <domain>/<source>/<files> (e.g. data-samples or ../shared/datasets).")
  String landing;

  @Option(names = "--force", description = StageCommands.FORCE)
  boolean force;

  @Override
  void work(RunContext ctx) {
    Pipeline.all(ctx, landing, sources, resolvedKey, !force);
  }
}
