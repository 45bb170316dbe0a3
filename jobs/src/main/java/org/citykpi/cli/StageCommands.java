package org.citykpi.cli;

import java.util.List;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The single-stage verbs: ingest, clean, conform. */
final class StageCommands {
  private StageCommands() {}

  /** --force of run and ingest (docs/decisions/0007). */
  static final String FORCE =
      "Ingest (and clean) every source again, also one whose landing files for the interval are"
          + " unchanged since they were last ingested (such a source is otherwise skipped, logged"
          + " with zero rows and a note).";

  /** Options of verbs that take an interval and optionally a list of sources. */
  abstract static class IntervalJob extends JobCommand {
    @Mixin IntervalOptions when;

    @Option(
        names = "--source",
        split = ",",
        paramLabel = "NAME",
        description = "Only these sources (default: every source with a contract).")
    List<String> sources;

    @Override
    Interval interval() {
      return when.interval(spec.commandLine());
    }
  }

  /** Options of verbs that pseudonymise. */
  static final class KeyOptions {
    @Option(
        names = "--demo-key",
        description =
            "Pseudonymise with the published demo key (sample data only) when "
                + Pseudonymizer.KEY_ENV
                + " is not set.")
    boolean demoKey;

    Pseudonymizer pseudonymizer() {
      return Pseudonymizer.fromEnvironment(System.getenv(), demoKey);
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "landing -> bronze: validate every record against its contract; rejects go to ops.quarantine.")
  static final class Ingest extends IntervalJob {
    @ArgGroup(exclusive = false)
    KeyOptions key = new KeyOptions();

    @Option(
        names = "--landing",
        required = true,
        paramLabel = "DIR",
        description = "Raw files as <domain>/<source>/<files>.")
    String landing;

    @Option(names = "--force", description = FORCE)
    boolean force;

    @Override
    void work(RunContext ctx) {
      var selected = Pipeline.sources(ctx, sources);
      // The key hashes personal fields of quarantined raw text; sources without any need none.
      boolean personal = selected.stream().anyMatch(c -> !c.piiColumns().isEmpty());
      Pipeline.ingest(ctx, landing, selected, personal ? key.pseudonymizer() : null, !force);
    }
  }

  @Command(
      name = "clean",
      mixinStandardHelpOptions = true,
      description =
          "bronze -> silver: deduplicate, pseudonymise personal ids, UTC times, hourly AQI.")
  static final class Clean extends IntervalJob {
    @ArgGroup(exclusive = false)
    KeyOptions key = new KeyOptions();

    @Override
    void work(RunContext ctx) {
      Pipeline.clean(ctx, key.pseudonymizer(), Pipeline.sources(ctx, sources));
    }
  }

  @Command(
      name = "conform",
      mixinStandardHelpOptions = true,
      description = "silver -> gold: city x day and city x month facts per domain.")
  static final class Conform extends IntervalJob {
    @Override
    void work(RunContext ctx) {
      Pipeline.conform(ctx);
    }
  }
}
