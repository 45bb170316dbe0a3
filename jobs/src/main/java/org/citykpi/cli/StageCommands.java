package org.citykpi.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.KeyGuard;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import picocli.CommandLine;
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
      Interval i = when.interval(spec.commandLine());
      if (sources != null) {
        for (String s : sources) {
          if (!contracts.containsKey(s)) {
            throw new CommandLine.ParameterException(
                spec.commandLine(),
                "--source: unknown source '"
                    + s
                    + "'; valid sources: "
                    + String.join(", ", new TreeSet<>(contracts.keySet())));
          }
        }
      }
      return i;
    }

    /** The contracts of the selected sources (all when none is named). */
    List<SourceContract> selected() {
      return sources == null || sources.isEmpty()
          ? List.copyOf(contracts.values())
          : sources.stream().map(contracts::get).toList();
    }
  }

  /** An interval verb that may hash the personal columns of the sources it selects. */
  abstract static class KeyedIntervalJob extends IntervalJob {
    @ArgGroup(exclusive = false)
    KeyOptions key = new KeyOptions();

    @Override
    Pseudonymizer key() {
      return key.pseudonymizer();
    }

    @Override
    List<String> hashTables() {
      return KeyGuard.hashTables(selected());
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

    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description =
            "Read the pseudonymisation key from FILE (kept outside git); wins over "
                + Pseudonymizer.KEY_ENV
                + " and "
                + Pseudonymizer.KEY_FILE_ENV
                + ".")
    Path keyFile;

    Pseudonymizer pseudonymizer() {
      return Pseudonymizer.fromEnvironment(System.getenv(), keyFile, demoKey);
    }
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "landing -> bronze: validate every record against its contract; rejects go to ops.quarantine.")
  static final class Ingest extends KeyedIntervalJob {
    @Option(
        names = "--landing",
        required = true,
        paramLabel = "DIR",
        description = "Raw files as <domain>/<source>/<files>.")
    String landing;

    @Option(names = "--force", description = FORCE)
    boolean force;

    // The key hashes personal fields of quarantined raw text; sources without any need none.
    @Override
    Pseudonymizer key() {
      return KeyGuard.hashTables(selected()).isEmpty() ? null : key.pseudonymizer();
    }

    @Override
    List<String> hashTables() {
      return KeyGuard.hashTables(selected()).isEmpty() ? List.of() : List.of(Quarantine.TABLE);
    }

    @Override
    void work(RunContext ctx) {
      Pipeline.ingest(ctx, landing, selected(), resolvedKey, !force);
    }
  }

  @Command(
      name = "clean",
      mixinStandardHelpOptions = true,
      description =
          "bronze -> silver: deduplicate, pseudonymise personal ids, UTC times, hourly AQI.")
  static final class Clean extends KeyedIntervalJob {
    @Override
    void work(RunContext ctx) {
      Pipeline.clean(ctx, resolvedKey, selected());
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
