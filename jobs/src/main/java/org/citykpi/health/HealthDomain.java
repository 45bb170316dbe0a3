package org.citykpi.health;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.citykpi.domain.Domain;
import org.citykpi.domain.Entity;
import org.citykpi.domain.Fact;
import org.citykpi.ops.RunContext;

/** Outpatient visits and the city-day health fact; daily disease counts from cumulative ones. */
public final class HealthDomain implements Domain {
  @Override
  public String name() {
    return "health";
  }

  @Override
  public List<Entity> entities() {
    return List.of(
        Entity.declared("outpatient_visit"), new Entity("disease_daily", DiseaseSilver::toSilver));
  }

  @Override
  public List<Fact> facts() {
    return List.of(
        new Fact(
            "gold.city_day_health",
            List.of("silver.outpatient_visit"),
            (in, ctx) -> HealthDaily.toCityDay(in.get(0), population(ctx))));
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
}
