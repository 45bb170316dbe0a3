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
        "Run every stage (ingest, clean, conform, kpi; --until stops earlier) over an interval;"
            + " re-running replaces the interval.")
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

  @Option(
      names = "--until",
      paramLabel = "STAGE",
      description =
          "Stop after this stage, one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE},"
              + " every stage). The later stages' tables are left as they are.")
  Pipeline.Stage until = Pipeline.Stage.kpi;

  @Override
  void work(RunContext ctx) {
    Pipeline.all(ctx, landing, sources, resolvedKey, !force, until);
  }
}
