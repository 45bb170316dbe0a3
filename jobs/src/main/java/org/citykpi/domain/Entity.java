package org.citykpi.domain;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.contract.SourceContract;

/**
 * A silver entity and its domain logic. Everything a contract and the silver declaration can say
 * (deduplication, keyed hashes of personal columns, UTC time, declared expressions, the source
 * column) is done by the clean stage for every entity; {@code logic} adds only what is truly the
 * domain's (the hourly AQI, daily new cases from cumulative counts).
 *
 * @param name the entity, i.e. the table {@code silver.<name>}
 * @param logic applied after the generic clean steps; identity for an entity without domain logic
 */
public record Entity(String name, Logic logic) {

  /** Domain logic of an entity: one row out per row in (the grain stays). */
  @FunctionalInterface
  public interface Logic {
    /**
     * @param rows one source's deduplicated rows over the interval (and the declared lookback
     *     days), with the contract's columns (personal ones already replaced by their keyed hashes)
     *     and the silver declaration's derived columns
     */
    Dataset<Row> apply(Dataset<Row> rows, SourceContract contract);
  }

  /** An entity whose silver rows need nothing beyond the contract and its declaration. */
  public static Entity declared(String name) {
    return new Entity(name, (rows, c) -> rows);
  }
}
