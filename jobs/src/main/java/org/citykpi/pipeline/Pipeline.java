package org.citykpi.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
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
import org.citykpi.ops.Interval;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.ops.SourceFiles;
import org.citykpi.spark.Codegen;
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
    all(ctx, landing, sourceNames, p, false, Stage.kpi);
  }

  /** The stages in the order {@link #all} runs them. */
  public enum Stage {
    ingest,
    clean,
    conform,
    kpi
  }

  /**
   * {@link #all(RunContext, String, Collection, Pseudonymizer)} up to and including the stage
   * {@code until}: the later stages are not run (their tables are left as they are). With {@code
   * skipUnchanged} (the {@code run} command without {@code --force}) a source whose landing files
   * for its interval are those the last ingest (and clean) of that interval read is not ingested
   * (cleaned) again.
   */
  public static void all(
      RunContext ctx,
      String landing,
      Collection<String> sourceNames,
      Pseudonymizer p,
      boolean skipUnchanged,
      Stage until) {
    Ingested ingested = ingestStage(ctx, landing, sources(ctx, sourceNames), p, skipUnchanged);
    if (until == Stage.ingest) {
      return;
    }
    cleanStage(ctx, p, sources(ctx, ingested.done()), ingested, skipUnchanged);
    if (until == Stage.clean) {
      return;
    }
    conform(ctx);
    if (until == Stage.conform) {
      return;
    }
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
    return ingest(ctx, landing, sources, p, false);
  }

  /**
   * {@link #ingest(RunContext, String, List, Pseudonymizer)}; with {@code skipUnchanged}, sources
   * whose files for the interval did not change since they were ingested are skipped (logged with
   * zero rows and a note) and still returned.
   */
  public static List<String> ingest(
      RunContext ctx,
      String landing,
      List<SourceContract> sources,
      Pseudonymizer p,
      boolean skipUnchanged) {
    return ingestStage(ctx, landing, sources, p, skipUnchanged).done();
  }

  /**
   * What the ingest stage saw: the sources with a landing folder, the fingerprint of the files each
   * read (or would have read), those skipped as unchanged, and the bytes each reads.
   */
  record Ingested(
      List<String> done,
      Map<String, String> fingerprints,
      Set<String> skipped,
      Map<String, Long> bytes,
      Map<String, Integer> files,
      Map<String, Map<Interval, IngestJob.Plan>> units,
      Map<String, Map<Interval, String>> unitPrints) {}

  /**
   * Records what an ingest read: for its interval and, when that spans several days (months), for
   * each of them, so that a later run of one day (of the month, for a monthly source) after a
   * backfill skips what the backfill already read. {@code units} keeps the per-day prints for
   * clean.
   */
  private static void record(
      RunContext ctx,
      String landing,
      String salt,
      SourceFiles.Stage seen,
      IngestJob.Plan plan,
      String fp,
      Map<String, Map<Interval, IngestJob.Plan>> units,
      Map<String, Map<Interval, String>> unitPrints) {
    String source = plan.contract().source();
    seen.record(ctx, source, plan.eff(), fp, plan.files().size(), plan.bytes());
    Map<Interval, IngestJob.Plan> byUnit = new LinkedHashMap<>();
    Map<Interval, String> prints = new LinkedHashMap<>();
    for (IngestJob.Plan u : IngestJob.units(plan)) {
      String ufp = SourceFiles.fingerprint(salt, u.eff(), IngestJob.facts(ctx, landing, u));
      byUnit.put(u.eff(), u);
      prints.put(u.eff(), ufp);
      seen.record(ctx, source, u.eff(), ufp, u.files().size(), u.bytes());
    }
    units.put(source, byUnit);
    unitPrints.put(source, prints);
  }

  static Ingested ingestStage(
      RunContext ctx,
      String landing,
      List<SourceContract> sources,
      Pseudonymizer p,
      boolean skipUnchanged) {
    Landing.check(ctx.spark().sparkContext().hadoopConfiguration(), landing);
    ctx.tables().ensure(ctx.spark(), Quarantine.TABLE);
    // each folder is listed once, here: the listing orders the steps and feeds the fingerprint
    Map<String, IngestJob.Plan> plans = new LinkedHashMap<>();
    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, Integer> files = new LinkedHashMap<>();
    for (SourceContract c : sources) {
      IngestJob.Plan plan = IngestJob.plan(ctx, landing, c);
      plans.put(c.source(), plan);
      bytes.put(c.source(), plan == null ? 0L : plan.bytes());
      files.put(c.source(), plan == null ? 0 : plan.files().size());
    }
    // a run's size is known from here: a small one is evaluated, not compiled (decision 0009)
    Codegen.forInput(ctx.spark(), bytes.values().stream().mapToLong(Long::longValue).sum());
    String salt = salt(ctx);
    SourceFiles.Stage seen = SourceFiles.Stage.load(ctx, "ingest", !skipUnchanged);
    Map<String, String> fingerprints = new ConcurrentHashMap<>();
    Map<String, Map<Interval, IngestJob.Plan>> units = new ConcurrentHashMap<>();
    Map<String, Map<Interval, String>> unitPrints = new ConcurrentHashMap<>();
    Set<String> skipped = ConcurrentHashMap.newKeySet();
    Quarantine.Batch q = new Quarantine.Batch("ingest");
    List<String> ran =
        withQuarantine(
            ctx,
            q,
            () ->
                inParallel(
                    ctx,
                    largestFirst(sources, bytes),
                    c ->
                        step(
                                ctx,
                                "ingest",
                                c.source(),
                                () -> {
                                  IngestJob.Plan plan = plans.get(c.source());
                                  if (plan == null) {
                                    return false;
                                  }
                                  String fp =
                                      SourceFiles.fingerprint(
                                          salt, plan.eff(), IngestJob.facts(ctx, landing, plan));
                                  fingerprints.put(c.source(), fp);
                                  if (seen.unchanged(c.source(), plan.eff(), fp)) {
                                    skipped.add(c.source());
                                    logSkipped(
                                        ctx,
                                        "ingest",
                                        c.source(),
                                        "skipped: its "
                                            + plan.files().size()
                                            + " landing files for "
                                            + plan.eff()
                                            + " are unchanged since they were ingested"
                                            + " (--force to ingest them again)");
                                    return true;
                                  }
                                  boolean done = IngestJob.run(ctx, landing, plan, p, q);
                                  if (done) {
                                    record(ctx, landing, salt, seen, plan, fp, units, unitPrints);
                                  }
                                  return done;
                                })
                            ? c.source()
                            : null));
    seen.commit(ctx);
    if (ran.isEmpty()) {
      throw new CityKpiException(
          "--landing "
              + landing
              + " holds no folder <domain>/<source> for "
              + sources.stream().map(s -> s.domain() + "/" + s.source()).toList());
    }
    // in the contracts' order, as before
    List<String> done = sources.stream().map(SourceContract::source).filter(ran::contains).toList();
    return new Ingested(done, fingerprints, skipped, bytes, files, units, unitPrints);
  }

  /**
   * What, besides the landing files, decides a source's bronze and silver rows: every file under
   * schemas/ (contracts, tables, reference data) and the CityKPI build.
   */
  static String salt(RunContext ctx) {
    String version = Pipeline.class.getPackage().getImplementationVersion();
    return SourceFiles.schemasHash(ctx.schemas())
        + "/"
        + (version == null ? "dev" : version)
        + "/"
        + buildTime();
  }

  /** When this class was compiled (its entry in the jar, or its class file): a new build redoes. */
  static long buildTime() {
    try {
      java.net.URL self = Pipeline.class.getResource("Pipeline.class");
      return self == null ? 0 : self.openConnection().getLastModified();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /**
   * The items in descending order of their bytes (unknown: 0), ties in their given order: the
   * largest source starts first instead of ending its stage alone.
   */
  static List<SourceContract> largestFirst(List<SourceContract> sources, Map<String, Long> bytes) {
    List<SourceContract> out = new ArrayList<>(sources);
    out.sort(
        Comparator.comparingLong(
                (SourceContract c) -> bytes == null ? 0L : bytes.getOrDefault(c.source(), 0L))
            .reversed());
    return out;
  }

  private static void logSkipped(RunContext ctx, String job, String source, String note) {
    Instant now = ctx.now();
    ctx.log().add(new RunLog.Entry(job, source, 0, 0, 0, 0, "succeeded", note, now, now, Map.of()));
  }

  /**
   * bronze → silver for each source with a bronze table. Sources of one entity write the same
   * silver table, so they run one after the other; different entities run at once.
   */
  public static void clean(RunContext ctx, Pseudonymizer p, List<SourceContract> sources) {
    cleanStage(ctx, p, sources, null, false);
  }

  /**
   * {@link #clean}; after an ingest stage of the same run ({@code ingested} not null) it records
   * what each source's silver rows were made from, and with {@code skipUnchanged} skips a source
   * whose ingest was skipped and whose last clean of the interval read the same files (sources
   * whose clean reads days before the interval, {@code lookback_days}, are always cleaned).
   */
  static void cleanStage(
      RunContext ctx,
      Pseudonymizer p,
      List<SourceContract> sources,
      Ingested ingested,
      boolean skipUnchanged) {
    ctx.tables().ensure(ctx.spark(), Quarantine.TABLE);
    Map<String, List<SourceContract>> byEntity = new LinkedHashMap<>();
    sources.forEach(c -> byEntity.computeIfAbsent(c.entity(), e -> new ArrayList<>()).add(c));
    List<List<SourceContract>> groups = new ArrayList<>(byEntity.values());
    if (ingested != null) {
      groups.sort(
          Comparator.comparingLong(
                  (List<SourceContract> g) ->
                      g.stream()
                          .mapToLong(c -> ingested.bytes().getOrDefault(c.source(), 0L))
                          .sum())
              .reversed());
    }
    SourceFiles.Stage seen =
        SourceFiles.Stage.load(ctx, "clean", ingested == null || !skipUnchanged);
    Quarantine.Batch q = new Quarantine.Batch("clean");
    withQuarantine(
        ctx,
        q,
        () ->
            inParallel(
                ctx,
                groups,
                group -> {
                  for (SourceContract c : group) {
                    step(ctx, "clean", c.source(), () -> cleanOne(ctx, p, c, q, ingested, seen));
                  }
                  return group;
                }));
    seen.commit(ctx);
  }

  private static boolean cleanOne(
      RunContext ctx,
      Pseudonymizer p,
      SourceContract c,
      Quarantine.Batch q,
      Ingested ingested,
      SourceFiles.Stage seen) {
    String fp = ingested == null ? null : ingested.fingerprints().get(c.source());
    Interval eff = ctx.interval().forGrain(c.grain());
    Integer lookback = ctx.tables().spec("silver." + c.entity()).lookbackDays();
    if (fp != null
        && ingested.skipped().contains(c.source())
        && (lookback == null || lookback == 0)
        && seen.unchanged(c.source(), eff, fp)) {
      logSkipped(
          ctx,
          "clean",
          c.source(),
          "skipped: its landing files for "
              + eff
              + " are unchanged since it was cleaned (--force to clean it again)");
      return true;
    }
    boolean done = CleanJob.run(ctx, c, p, q);
    if (done && fp != null) {
      seen.record(
          ctx,
          c.source(),
          eff,
          fp,
          ingested.files().getOrDefault(c.source(), 0),
          ingested.bytes().getOrDefault(c.source(), 0L));
      // a source without lookback: each day's silver rows come from that day's bronze rows
      if (lookback == null || lookback == 0) {
        Map<Interval, IngestJob.Plan> plans = ingested.units().getOrDefault(c.source(), Map.of());
        ingested
            .unitPrints()
            .getOrDefault(c.source(), Map.of())
            .forEach(
                (u, ufp) ->
                    seen.record(
                        ctx,
                        c.source(),
                        u,
                        ufp,
                        plans.get(u).files().size(),
                        plans.get(u).bytes()));
      }
    }
    return done;
  }

  /**
   * Runs a stage's steps, then writes what they quarantined in one commit (also when a step failed:
   * the steps that succeeded have written their tables, their rejected rows belong beside them). A
   * failure of the steps goes up first; one of the commit after it.
   */
  static <R> R withQuarantine(RunContext ctx, Quarantine.Batch q, Supplier<R> steps) {
    R result = null;
    RuntimeException failure = null;
    try {
      result = steps.get();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      q.commit(ctx);
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /**
   * Runs independent per-source steps on threads of the one session ({@link Parallel#map}), as many
   * at once as the run's size calls for ({@link Codegen#stepsAtOnce}): each step writes its own
   * tables; the shared ops.quarantine is written once per stage, after the steps ({@link
   * #withQuarantine}). Waits for all; then rethrows the first failure. Returns the non-null results
   * in input order.
   */
  public static <T, R> List<R> inParallel(RunContext ctx, List<T> items, Function<T, R> work) {
    return Parallel.map(items, Codegen.stepsAtOnce(ctx.spark()), work);
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
