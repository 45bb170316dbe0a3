package org.citykpi.kpi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.Parallel;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;

/**
 * Computes {@code kpi.observation} and {@code kpi.attainment} for every period (of every grain)
 * that overlaps the run interval. It reads the gold rows of those whole periods (from the earlier
 * of the year start and the ISO-week start of the interval to the later of the year end and week
 * end), so a re-run over any part of a period gives the same rows. Attainment then reads
 * kpi.observation for the history it needs (baseline year, previous periods, the 12-month trend).
 * Beside those two it writes the months of the interval of {@code kpi.info_consumption} ({@link
 * #writeInfoConsumption}), which reads gold only.
 */
public final class KpiJob {
  public static final String JOB = "kpi";

  private KpiJob() {}

  /** Delta versions written. */
  public record Result(
      long observationVersion, long attainmentVersion, long observationRows, long attainmentRows) {}

  /** Decimal places of every published KPI figure (see {@link Tables#stable}). */
  static final int DECIMALS = 6;

  public static Result run(RunContext ctx) {
    Programmes programmes = Programmes.load(ctx.schemas());
    Catalog catalog = Catalog.load(ctx.schemas(), ctx.tables().specs(), programmes);
    Dataset<Row> geo = KpiFrames.geo(ctx.spark(), ctx.reference());
    // kpi.info_consumption reads gold only, not kpi.observation: it is written beside the other
    // two, whose planning and commits on the driver leave a core idle in a small run (0015)
    List<Object> written =
        Parallel.map(
            List.<Supplier<Object>>of(
                () -> observationAndAttainment(ctx, catalog, programmes, geo),
                () -> writeInfoConsumption(ctx, catalog, geo)),
            Supplier::get);
    return (Result) written.get(0);
  }

  /** kpi.observation, then kpi.attainment from it; their versions and rows. */
  private static Result observationAndAttainment(
      RunContext ctx, Catalog catalog, Programmes programmes, Dataset<Row> geo) {
    SparkSession spark = ctx.spark();
    Instant started = ctx.now();
    Interval run = ctx.interval();
    Interval read = Periods.coverage(run);
    String where = Periods.overlapping(run);
    // the periods the next run replaces again: files of their own (Tables.replace)
    String open = Periods.overlapping(new Interval(run.to(), run.to()));

    Dataset<Row> meta = KpiFrames.meta(spark, catalog.kpis());
    Dataset<Row> cities = null;
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String table : catalog.tables()) {
      TableSpec spec = ctx.tables().spec(table);
      Dataset<Row> gold =
          ctx.tables()
              .read(spark, table)
              .where(read.forGrain(spec.grain()).predicate(spec.intervalColumn()));
      boolean monthly = "month".equals(spec.grain());
      Dataset<Row> stacked =
          Observations.stack(
              gold,
              catalog.forTable(table),
              spec.intervalColumn(),
              spec.quality() == null ? null : spec.quality().rule());
      Dataset<Row> agg =
          Observations.aggregateCities(
              Observations.withPeriods(
                  stacked, monthly ? Periods.MONTHLY_GRAINS : Periods.DAILY_GRAINS, run),
              meta,
              monthly);
      cities = cities == null ? agg : cities.unionByName(agg);
      if (ctx.tables().exists(spark, table)) {
        versions.put(table, ctx.tables().version(spark, table));
      }
    }
    cities = cities.where(where).persist();
    try {
      Dataset<Row> all = cities.unionByName(Observations.rollUp(cities, geo));
      Dataset<Row> observation = Observations.toObservation(all, meta, ctx.runId());
      long obsVersion =
          ctx.tables()
              .replace(
                  spark, Observations.TABLE, Tables.stable(observation, DECIMALS), where, open);
      long obsRows = ctx.tables().rowsWritten(spark, Observations.TABLE, obsVersion);
      versions.put(Observations.TABLE, obsVersion);
      ctx.log()
          .add(
              new RunLog.Entry(
                  JOB,
                  Observations.TABLE,
                  obsRows,
                  obsRows,
                  0,
                  obsRows,
                  "succeeded",
                  catalog.kpis().size()
                      + " KPIs from "
                      + catalog.tables().size()
                      + " gold tables, periods overlapping "
                      + run,
                  started,
                  ctx.now(),
                  Map.copyOf(versions)));

      Instant attStarted = ctx.now();
      Dataset<Row> attainment =
          Attainment.compute(
              ctx.tables().read(spark, Observations.TABLE),
              meta,
              KpiFrames.targets(spark, catalog.kpis(), programmes),
              geo,
              run,
              ctx.runId());
      long attVersion =
          ctx.tables()
              .replace(spark, Attainment.TABLE, Tables.stable(attainment, DECIMALS), where, open);
      long attRows = ctx.tables().rowsWritten(spark, Attainment.TABLE, attVersion);
      ctx.log()
          .add(
              new RunLog.Entry(
                  JOB,
                  Attainment.TABLE,
                  obsRows,
                  obsRows,
                  0,
                  attRows,
                  "succeeded",
                  "periods overlapping " + run,
                  attStarted,
                  ctx.now(),
                  Map.of(Observations.TABLE, obsVersion, Attainment.TABLE, attVersion)));
      return new Result(obsVersion, attVersion, obsRows, attRows);
    } finally {
      cities.unpersist();
    }
  }

  /**
   * Writes kpi.info_consumption for the months of the run interval, from the gold monthly rows of
   * those months and of the history before them ({@link InfoConsumption#history}: YoY and YTD need
   * the previous year), replacing exactly those months. Returns the Delta version written.
   */
  static long writeInfoConsumption(RunContext ctx, Catalog catalog, Dataset<Row> geo) {
    SparkSession spark = ctx.spark();
    Instant started = ctx.now();
    Interval history = InfoConsumption.history(ctx.interval());
    Interval span = InfoConsumption.span(ctx.interval());
    Dataset<Row> gold =
        ctx.tables().read(spark, InfoConsumption.SOURCE).where(history.predicate("month"));
    long rowsIn = gold.count();
    Dataset<Row> rows =
        InfoConsumption.compute(
            gold, geo, InfoConsumption.Targets.from(catalog), span, ctx.runId());
    long version =
        ctx.tables()
            .replace(
                spark,
                InfoConsumption.TABLE,
                Tables.stable(rows, DECIMALS),
                span.predicate("month"),
                InfoConsumption.span(new Interval(ctx.interval().to(), ctx.interval().to()))
                    .predicate("month"));
    long rowsOut = ctx.tables().rowsWritten(spark, InfoConsumption.TABLE, version);
    Map<String, Long> versions = new LinkedHashMap<>();
    if (ctx.tables().exists(spark, InfoConsumption.SOURCE)) {
      versions.put(InfoConsumption.SOURCE, ctx.tables().version(spark, InfoConsumption.SOURCE));
    }
    versions.put(InfoConsumption.TABLE, version);
    ctx.log()
        .add(
            new RunLog.Entry(
                JOB,
                InfoConsumption.TABLE,
                rowsIn,
                rowsIn,
                0,
                rowsOut,
                "succeeded",
                "months " + span + " from " + rowsIn + " gold rows of " + history,
                started,
                ctx.now(),
                Map.copyOf(versions)));
    return version;
  }
}
