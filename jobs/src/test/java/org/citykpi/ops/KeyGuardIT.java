package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.testing.Folders;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The key guard on real Delta tables, on a warehouse named as the CLI's default is: relative. */
@ExtendWith(SparkExtension.class)
class KeyGuardIT {
  static final List<String> TABLES = List.of("ops.quarantine", "silver.transit_trip");
  static final String KEY = "1111aaaa2222bbbb";

  /** Relative to the working folder, like the default {@code --warehouse warehouse}. */
  final String relative = "target/keyguard-it-" + System.nanoTime();

  @AfterEach
  void removeWarehouse() throws IOException {
    Folders.deleteRecursively(Paths.get(relative));
  }

  @Test
  void aNewRelativeWarehouseIsCreatedStampedAndThenRefusesAnotherKey(SparkSession spark) {
    Tables tables =
        Tables.load(relative, Paths.get("schemas"), Contracts.load(Paths.get("schemas")));
    assertThat(Paths.get(relative)).doesNotExist();

    KeyGuard.guard(spark, tables, TABLES, KEY);

    for (String t : TABLES) {
      assertThat(tables.exists(spark, t)).as(t).isTrue();
      assertThat(KeyGuard.property(spark, tables, t)).as(t).isEqualTo(KEY);
    }
    assertThatThrownBy(() -> KeyGuard.guard(spark, tables, TABLES, "9999ffff8888eeee"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith(
            "Pseudonymisation key mismatch: [ops.quarantine, silver.transit_trip] hold hashes of"
                + " key "
                + KEY);
    KeyGuard.guard(spark, tables, TABLES, KEY); // the same key again: nothing to do
  }
}
