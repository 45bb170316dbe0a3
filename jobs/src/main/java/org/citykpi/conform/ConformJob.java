package org.citykpi.conform;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.citykpi.economy.EconomyMonthly;
import org.citykpi.environment.AirDaily;
import org.citykpi.health.HealthDaily;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.ops.TableSpec;
import org.citykpi.pipeline.Pipeline;
import org.citykpi.traffic.TrafficDaily;

/** silver → gold: one aggregation per gold fact table, over the run's interval. */
public final class ConformJob {
  /** A gold table, the silver tables it reads, and its transformation. */
  record Fact(
      String table, List<String> inputs, Function<List<Dataset<Row>>, Dataset<Row>> build) {}

  private ConformJob() {}

  static List<Fact> facts(RunContext ctx) {
    List<String> indicators = List.copyOf(ctx.reference().indicators().keySet());
    return List.of(
        new Fact(
            "gold.city_day_air",
            List.of("silver.air_station_hourly"),
            in -> AirDaily.toCityDay(AirDaily.toStationDay(in.get(0)))),
        new Fact(
            "gold.city_day_traffic",
            List.of("silver.road_speed", "silver.transit_trip"),
            in -> TrafficDaily.toCityDay(in.get(0), in.get(1))),
        new Fact(
            "gold.city_day_health",
            List.of("silver.outpatient_visit"),
            in -> HealthDaily.toCityDay(in.get(0), population(ctx))),
        new Fact(
            "gold.city_month_vehicles",
            List.of("silver.vehicle_registry"),
            in -> TrafficDaily.toCityMonthVehicles(in.get(0))),
        new Fact(
            "gold.city_month_indicators",
            List.of("silver.city_monthly_stat"),
            in -> EconomyMonthly.toCityMonth(in.get(0), indicators)));
  }

  /** city_code, resident_population of every reference city with a population (census 2020). */
  static Dataset<Row> population(RunContext ctx) {
    List<Row> rows =
        ctx.reference().cities().values().stream()
            .filter(c -> c.population() != null)
            .map(c -> RowFactory.create(c.code(), c.population().doubleValue()))
            .toList();
    return ctx.spark()
        .createDataFrame(
            rows,
            new StructType()
                .add("city_code", "string", false)
                .add("resident_population", "double", false));
  }

  /** Builds every gold table whose inputs exist, concurrently; returns how many were written. */
  public static int run(RunContext ctx) {
    List<Fact> todo =
        facts(ctx).stream()
            .filter(f -> f.inputs().stream().anyMatch(t -> ctx.tables().exists(ctx.spark(), t)))
            .toList();
    return Pipeline.inParallel(todo, f -> build(ctx, f)).size();
  }

  /** Builds one gold table over the run's interval and logs rows read and written. */
  private static String build(RunContext ctx, Fact f) {
    var started = ctx.now();
    TableSpec spec = ctx.tables().spec(f.table());
    Interval eff = ctx.interval().forGrain(spec.grain());
    String where = eff.predicate(spec.intervalColumn());
    List<Dataset<Row>> inputs =
        f.inputs().stream().map(t -> ctx.tables().read(ctx.spark(), t).where(where)).toList();
    long in = 0;
    for (Dataset<Row> d : inputs) {
      in += d.count();
    }
    long version = ctx.tables().replace(ctx.spark(), f.table(), f.build().apply(inputs), where);
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
