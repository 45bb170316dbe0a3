package org.citykpi.domain;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.ops.RunContext;

/**
 * A gold fact table and how a domain builds it from silver.
 *
 * @param table e.g. {@code gold.city_day_air}
 * @param inputs the silver tables it reads, each already restricted to the run's interval
 * @param build the aggregation; reference data (population, indicators) comes from the context
 */
public record Fact(String table, List<String> inputs, Build build) {

  /** The transformation of one gold fact; no I/O but what the context's reference data gives. */
  @FunctionalInterface
  public interface Build {
    Dataset<Row> apply(List<Dataset<Row>> inputs, RunContext ctx);
  }
}
