package org.citykpi.conform;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.common.Parallel;
import org.citykpi.domain.Domains;
import org.citykpi.domain.Fact;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.ops.TableSpec;
import org.citykpi.spark.Codegen;

/**
 * silver → gold: every gold fact the domains declare ({@link Domains}), over the run's interval.
 */
public final class ConformJob {
  private ConformJob() {}

  /** Builds every gold table whose inputs exist, concurrently; returns how many were written. */
  public static int run(RunContext ctx) {
    return run(ctx, Domains.all().facts());
  }

  static int run(RunContext ctx, List<Fact> facts) {
    List<Fact> todo =
        facts.stream()
            .filter(f -> f.inputs().stream().anyMatch(t -> ctx.tables().exists(ctx.spark(), t)))
            .toList();
    return Parallel.map(todo, Codegen.stepsAtOnce(ctx.spark()), f -> build(ctx, f)).size();
  }

  /** Builds one gold table over the run's interval and logs rows read and written. */
  private static String build(RunContext ctx, Fact f) {
    var started = ctx.now();
    TableSpec spec = ctx.tables().spec(f.table());
    Interval eff = ctx.interval().forGrain(spec.grain());
    String where = eff.predicate(spec.intervalColumn());
    List<Dataset<Row>> inputs =
        f.inputs().stream().map(t -> ctx.tables().read(ctx.spark(), t).where(where)).toList();
    // rows read, for the run log: from the inputs' Delta logs (silver is partitioned by the
    // interval's column), by a query only where a log cannot tell
    long in = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Long logged = ctx.tables().countFromLog(ctx.spark(), f.inputs().get(i), where);
      in += logged != null ? logged : inputs.get(i).count();
    }
    // a monthly table's last month is replaced again by the next day's run: files of its own
    // (Tables.replace); a daily table's next run writes a new day, which no file holds yet
    String open =
        "month".equals(spec.grain())
            ? new Interval(ctx.interval().to(), ctx.interval().to())
                .forGrain(spec.grain())
                .predicate(spec.intervalColumn())
            : null;
    long version =
        ctx.tables().replace(ctx.spark(), f.table(), f.build().apply(inputs, ctx), where, open);
    long rowsOut = ctx.tables().rowsWritten(ctx.spark(), f.table(), version);
    ctx.log()
        .add(
            new RunLog.Entry(
                "conform",
                f.table(),
                in,
                in,
                0,
                rowsOut,
                "succeeded",
                null,
                started,
                ctx.now(),
                Map.of(f.table(), version)));
    return f.table();
  }
}
