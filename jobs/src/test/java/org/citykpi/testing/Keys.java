package org.citykpi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;

/** Executes the tables' declared {@code key:}: no two rows of a table share one. */
public final class Keys {
  private Keys() {}

  /**
   * Asserts that each named table that declares a key has no two rows with the same key (nulls
   * compare equal); returns the tables checked.
   */
  public static List<String> assertUnique(
      SparkSession spark, Tables tables, Collection<String> names) {
    List<String> checked = new ArrayList<>();
    for (String name : names) {
      TableSpec s = tables.spec(name);
      if (s.key() == null || s.key().isEmpty() || !tables.exists(spark, name)) {
        continue;
      }
      Column[] key =
          s.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
      long dups = tables.read(spark, name).groupBy(key).count().where("count > 1").count();
      assertThat(dups)
          .as("keys " + s.key() + " of " + name + " held by more than one row")
          .isZero();
      checked.add(name);
    }
    return checked;
  }
}
