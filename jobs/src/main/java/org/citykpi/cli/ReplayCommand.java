package org.citykpi.cli;

import java.util.List;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.contract.SourceContract;
import org.citykpi.ingest.ReplayJob;
import org.citykpi.ops.Interval;
import org.citykpi.ops.KeyGuard;
import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Quarantine replay after a contract fix: the quarantined rows of an interval that today's contract
 * accepts move to bronze ({@link ReplayJob}), then clean, conform and kpi run over the interval.
 * Nothing moves, and nothing is written but the run log, when nothing passes now.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Re-validate a source's quarantined rows of an interval against today's contract (after a"
            + " fix), re-reading their landing lines; move those that pass into bronze and on"
            + " through clean, conform and kpi. A second replay changes nothing.")
final class ReplayCommand extends JobCommand {
  @Mixin IntervalOptions when;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "NAME",
      description = "The source whose quarantined rows to replay.")
  String source;

  @Option(
      names = "--rule",
      paramLabel = "ID",
      description = "Only rows that failed this rule (e.g. speed_kmh.range); default: every rule.")
  String rule;

  @Option(
      names = "--landing",
      required = true,
      paramLabel = "DIR",
      description = "The landing folder the rows were ingested from (their lines are re-read).")
  String landing;

  @ArgGroup(exclusive = false)
  StageCommands.KeyOptions key = new StageCommands.KeyOptions();

  @Override
  Interval interval() {
    Interval iv = when.interval(spec.commandLine());
    if (!contracts.containsKey(source)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--source: unknown source '" + source + "'; known: " + contracts.keySet());
    }
    return iv;
  }

  /**
   * The key, found before Spark starts like every job command's (rows moved to bronze must reach
   * silver in the same command); none for a source without personal columns.
   */
  @Override
  Pseudonymizer key() {
    return hashTables().isEmpty() ? null : key.pseudonymizer();
  }

  /**
   * The replay re-cleans the source into its silver table: for a personal source, that table and
   * ops.quarantine are checked against the warehouse's key fingerprint before anything moves, as
   * for clean ({@link KeyGuard}).
   */
  @Override
  List<String> hashTables() {
    return KeyGuard.hashTables(List.of(contracts.get(source)));
  }

  @Override
  void work(RunContext ctx) {
    SourceContract c = contracts.get(source);
    ReplayJob.Result[] r = new ReplayJob.Result[1];
    Pipeline.step(
        ctx,
        "replay",
        c.source(),
        () -> {
          r[0] = ReplayJob.run(ctx, landing, c, rule);
          return true;
        });
    if (r[0].moved() == 0) {
      return;
    }
    Pipeline.clean(ctx, resolvedKey, List.of(c));
    Pipeline.conform(ctx);
    Pipeline.kpi(ctx);
  }
}
