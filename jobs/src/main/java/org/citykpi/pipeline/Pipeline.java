package org.citykpi.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.citykpi.clean.CleanJob;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Parallel;
import org.citykpi.conform.ConformJob;
import org.citykpi.contract.SourceContract;
import org.citykpi.ingest.IngestJob;
import org.citykpi.ingest.Landing;
import org.citykpi.kpi.KpiJob;
import org.citykpi.ops.DeltaRetry;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages and their order, each over the run's interval. {@link #all} is the one place that says
 * in which order they run (the {@code run} and {@code demo} commands call it); the single-stage
 * verbs call one stage each. A stage that fails is logged as failed in the run log with its message
 * before the error goes up.
 */
public final class Pipeline {
  /** Stack traces of failed steps: to the run's log file only (see cli.RunLogFile). */
  private static final Logger TRACE = LoggerFactory.getLogger("citykpi.trace");

  private Pipeline() {}

  /** Contracts for the named sources (all when empty), failing on an unknown name. */
  public static List<SourceContract> sources(RunContext ctx, Collection<String> names) {
    if (names == null || names.isEmpty()) {
      return List.copyOf(ctx.contracts().values());
    }
    List<SourceContract> out = new ArrayList<>();
    for (String n : names) {
      SourceContract c = ctx.contracts().get(n);
      if (c == null) {
        throw new CityKpiException(
            "--source: unknown source '" + n + "'; known: " + ctx.contracts().keySet());
      }
      out.add(c);
    }
    return out;
  }

  /**
   * Every stage over the run's interval, in order: landing → bronze (the named sources, all when
   * empty; {@code p} hashes the personal fields of quarantined raw text), bronze → silver (the
   * sources ingested), silver → gold, gold → kpi. A stage that fails stops the run; what it logged
   * stays in the run log.
   */
  public static void all(
      RunContext ctx, String landing, Collection<String> sourceNames, Pseudonymizer p) {
    List<String> ingested = ingest(ctx, landing, sources(ctx, sourceNames), p);
    clean(ctx, p, sources(ctx, ingested));
    conform(ctx);
    kpi(ctx);
  }

  /**
   * landing → bronze for sources without personal columns (a source with one needs the key: see
   * {@link #ingest(RunContext, String, List, Pseudonymizer)}).
   */
  public static List<String> ingest(RunContext ctx, String landing, List<SourceContract> sources) {
    return ingest(ctx, landing, sources, null);
  }

  /**
   * landing → bronze for each source that has a landing folder; returns the sources ingested.
   * {@code p} hashes the personal fields of quarantined raw text.
   */
  public static List<String> ingest(
      RunContext ctx, String landing, List<SourceContract> sources, Pseudonymizer p) {
    Landing.check(ctx.spark().sparkContext().hadoopConfiguration(), landing);
    ctx.tables().ensure(ctx.spark(), Quarantine.TABLE);
    List<String> done =
        inParallel(
            sources,
            c ->
                step(ctx, "ingest", c.source(), () -> IngestJob.run(ctx, landing, c, p))
                    ? c.source()
                    : null);
    if (done.isEmpty()) {
      throw new CityKpiException(
          "--landing "
              + landing
              + " holds no folder <domain>/<source> for "
              + sources.stream().map(s -> s.domain() + "/" + s.source()).toList());
    }
    return done;
  }

  /**
   * bronze → silver for each source with a bronze table. Sources of one entity write the same
   * silver table, so they run one after the other; different entities run at once.
   */
  public static void clean(RunContext ctx, Pseudonymizer p, List<SourceContract> sources) {
    ctx.tables().ensure(ctx.spark(), Quarantine.TABLE);
    Map<String, List<SourceContract>> byEntity = new LinkedHashMap<>();
    sources.forEach(c -> byEntity.computeIfAbsent(c.entity(), e -> new ArrayList<>()).add(c));
    inParallel(
        List.copyOf(byEntity.values()),
        group -> {
          for (SourceContract c : group) {
            step(ctx, "clean", c.source(), () -> CleanJob.run(ctx, c, p));
          }
          return group;
        });
  }

  /**
   * Runs independent per-source steps on a few threads of the one session ({@link Parallel#map}):
   * each step writes its own tables, and the shared ops.quarantine only in its own source
   * partition. Waits for all; then rethrows the first failure. Returns the non-null results in
   * input order.
   */
  public static <T, R> List<R> inParallel(List<T> items, Function<T, R> work) {
    return Parallel.map(items, work);
  }

  /** silver → gold. */
  public static void conform(RunContext ctx) {
    step(ctx, "conform", "gold", () -> ConformJob.run(ctx) >= 0);
  }

  /** gold → kpi.observation, kpi.attainment and kpi.info_consumption. */
  public static void kpi(RunContext ctx) {
    step(ctx, "kpi", "kpi", () -> KpiJob.run(ctx) != null);
  }

  /**
   * Runs one step; on failure adds a failed run-log entry, then rethrows. Catches Exception, not
   * only RuntimeException: Spark throws its checked SparkException (a failed task) undeclared.
   */
  public static boolean step(RunContext ctx, String job, String source, BooleanSupplier s) {
    Instant started = ctx.now();
    try {
      // A step replaces its own interval, so repeating one that lost a Delta commit race is safe.
      return DeltaRetry.onConflict(job + " " + source, s::getAsBoolean);
    } catch (Exception e) {
      TRACE.error(job + " " + source + " failed", e);
      ctx.log()
          .add(
              new RunLog.Entry(
                  job, source, 0, 0, 0, 0, "failed", rootMessage(e), started, ctx.now(), Map.of()));
      throw e;
    }
  }

  /** The operator-facing message of a failure: the first CityKpiException in the cause chain. */
  public static String rootMessage(Throwable t) {
    return CityKpiException.operatorMessage(t);
  }
}
