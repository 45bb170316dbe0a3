package org.citykpi.clean;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.citykpi.contract.SourceContract;

/**
 * The source-specific part of bronze → silver: given the deduplicated bronze rows of one source,
 * produce the silver entity's columns. Runs after deduplication; must keep one row per input row.
 */
@FunctionalInterface
public interface SilverEntity {
  Dataset<Row> toSilver(Dataset<Row> kept, SourceContract contract, Pseudonymizer pseudonymizer);
}
