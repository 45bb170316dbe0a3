package org.citykpi.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.KeyGuard;
import org.citykpi.ops.RunContext;
import org.citykpi.pipeline.Pipeline;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rotates the pseudonymisation key on purpose: re-hashes every personal id from bronze (which keeps
 * the ids as received) with the new key, then rebuilds gold and kpi over the same span, and records
 * the new key's fingerprint. While it works the hash tables are marked as being re-keyed, so an
 * interrupted rekey stops other runs until it is run again to the end.
 */
@Command(
    name = "rekey",
    mixinStandardHelpOptions = true,
    description =
        "After rotating the pseudonymisation key on purpose: re-hash the whole bronze history of"
            + " the personal sources with the new key (clean, conform, kpi; with --landing also"
            + " ingest, which re-hashes quarantined raw text), and record its fingerprint.")
final class RekeyCommand extends JobCommand {
  /** The interval a rekey holds its lock over: all of time, as it rewrites the whole history. */
  static final Interval ALL_TIME =
      new Interval(LocalDate.of(1900, 1, 1), LocalDate.of(2999, 12, 31));

  @ArgGroup(exclusive = false)
  StageCommands.KeyOptions key = new StageCommands.KeyOptions();

  @Option(
      names = "--landing",
      paramLabel = "DIR",
      description =
          "Also re-ingest the personal sources from these raw files, so that quarantined rows show"
              + " the new key's hashes too (without it they keep the old key's).")
  String landing;

  @Override
  Interval interval() {
    return ALL_TIME;
  }

  @Override
  Pseudonymizer key() {
    return key.pseudonymizer();
  }

  @Override
  List<String> hashTables() {
    return KeyGuard.hashTables(contracts.values());
  }

  /** No refusal: the old key's fingerprint is what a rekey replaces. */
  @Override
  void guardKey(RunContext ctx) {
    KeyGuard.stamp(
        ctx.spark(), ctx.tables(), hashTables(), KeyGuard.REKEYING + resolvedKey.fingerprint());
  }

  @Override
  void work(RunContext ctx) {
    List<SourceContract> personal =
        contracts.values().stream().filter(c -> !c.piiColumns().isEmpty()).toList();
    Interval span = bronzeSpan(ctx, personal);
    if (span != null) {
      RunContext over = ctx.over(span);
      if (landing != null) {
        Pipeline.all(
            over, landing, personal.stream().map(SourceContract::source).toList(), resolvedKey);
      } else {
        Pipeline.clean(over, resolvedKey, personal);
        Pipeline.conform(over);
        Pipeline.kpi(over);
      }
    }
    KeyGuard.stamp(ctx.spark(), ctx.tables(), hashTables(), resolvedKey.fingerprint());
    System.out.println(
        "citykpi rekey: "
            + String.join(", ", hashTables())
            + " now hold hashes of key "
            + resolvedKey.fingerprint()
            + (span == null ? " (no bronze rows of personal sources)" : " over " + span));
  }

  /** First to last partition date in the bronze tables of these sources; null if they are empty. */
  private static Interval bronzeSpan(RunContext ctx, List<SourceContract> sources) {
    LocalDate from = null;
    LocalDate to = null;
    for (SourceContract c : sources) {
      // read() gives an empty frame for a table never written, whose min and max are null
      Row r =
          ctx.tables()
              .read(ctx.spark(), "bronze." + c.source())
              .agg(min(col(c.partitionColumn())), max(col(c.partitionColumn())))
              .head();
      if (r.isNullAt(0)) {
        continue;
      }
      LocalDate f = r.getDate(0).toLocalDate();
      LocalDate l = r.getDate(1).toLocalDate();
      from = from == null || f.isBefore(from) ? f : from;
      to = to == null || l.isAfter(to) ? l : to;
    }
    return from == null ? null : new Interval(from, to);
  }
}
