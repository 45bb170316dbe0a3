package org.citykpi.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.KeyGuard;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;
import org.citykpi.testing.Cli;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pseudonymisation keys never mix in one warehouse: a run with another key stops before it
 * writes and names the tables and both fingerprints; the right key proceeds; {@code rekey} moves
 * the warehouse to the new key, after which the new key runs and the old one stops.
 */
@ExtendWith(SparkExtension.class)
class KeyRotationIT {
  static final Path SCHEMAS = Paths.get("schemas");
  static final String DAY = "2026-09-15";
  static final String NEW_KEY = "a-rotated-key-for-the-key-test";

  @Test
  void anotherKeyStopsBeforeWritingAndRekeyMovesTheWarehouseToIt(
      SparkSession spark, @TempDir Path dir) throws Exception {
    String warehouse = dir.resolve("warehouse").toString();
    Path keyFile = Files.writeString(dir.resolve("new.key"), NEW_KEY + "\n");
    String demoFp = Pseudonymizer.fromEnvironment(Map.of(), true).fingerprint();
    String newFp = new Pseudonymizer(NEW_KEY.getBytes(UTF_8), false).fingerprint();
    Tables tables = Tables.load(warehouse, SCHEMAS, Contracts.load(SCHEMAS));

    // ingest and clean make the hash tables; only rekey needs conform and kpi (the slow stages)
    Cli.Result ingest = stage("ingest", warehouse, "--landing", "data-samples", "--demo-key");
    assertThat(ingest.code()).as("ingest: %s", ingest.err()).isZero();
    Cli.Result first = stage("clean", warehouse, "--demo-key");
    assertThat(first.code()).as("first clean: %s", first.err()).isZero();
    assertThat(property(spark, tables, "silver.transit_trip")).isEqualTo(demoFp);
    assertThat(property(spark, tables, "ops.quarantine")).isEqualTo(demoFp);
    Map<String, Long> before = versions(spark, tables);

    Cli.Result other = run(warehouse, "--key-file", keyFile.toString());

    assertThat(other.code()).isEqualTo(1);
    assertThat(other.err().lines().toList())
        .as("one line")
        .hasSize(1)
        .first()
        .asString()
        .startsWith("citykpi run: Pseudonymisation key mismatch: ")
        .contains("[ops.quarantine, silver.transit_trip] hold hashes of key " + demoFp)
        .contains("this run's key is " + newFp)
        .doesNotContain(NEW_KEY);
    assertThat(versions(spark, tables)).as("no table but the run log changed").isEqualTo(before);

    Cli.Result again = stage("clean", warehouse, "--demo-key");
    assertThat(again.code()).as("the right key proceeds: %s", again.err()).isZero();

    Cli.Result rekey = Cli.run("rekey", "--warehouse", warehouse, "--key-file", keyFile.toString());
    assertThat(rekey.code()).as("rekey: %s", rekey.err()).isZero();
    assertThat(rekey.out()).contains("now hold hashes of key " + newFp + " over " + DAY);
    for (String t : KeyGuard.hashTables(Contracts.load(SCHEMAS).values())) {
      if (tables.exists(spark, t)) {
        assertThat(property(spark, tables, t)).as(t).isEqualTo(newFp);
      }
    }
    String card =
        tables.read(spark, "bronze.transit_trip").selectExpr("min(card_id)").head().getString(0);
    assertThat(
            tables
                .read(spark, "silver.transit_trip")
                .where(org.apache.spark.sql.functions.col("card_key").equalTo(hmac(NEW_KEY, card)))
                .count())
        .as("silver holds the card's hash under the new key")
        .isPositive();
    assertThat(
            tables
                .read(spark, "silver.transit_trip")
                .where(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .col("card_key")
                        .equalTo(hmac(Pseudonymizer.DEMO_KEY, card)))
                .count())
        .as("and no longer the old key's")
        .isZero();

    Cli.Result withNew = stage("clean", warehouse, "--key-file", keyFile.toString());
    assertThat(withNew.code()).as("after rekey the new key runs: %s", withNew.err()).isZero();
    Cli.Result withOld = stage("clean", warehouse, "--demo-key");
    assertThat(withOld.code()).as("and the old one stops").isEqualTo(1);
    assertThat(withOld.err())
        .startsWith("citykpi clean: Pseudonymisation key mismatch")
        .contains("hold hashes of key " + newFp);
  }

  static Cli.Result stage(String verb, String warehouse, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(verb, "--warehouse", warehouse, "--source", "transit_trip", "--date", DAY));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  static Cli.Result run(String warehouse, String... key) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--landing",
                "data-samples",
                "--warehouse",
                warehouse,
                "--source",
                "transit_trip",
                "--date",
                DAY));
    args.addAll(List.of(key));
    return Cli.run(args.toArray(String[]::new));
  }

  static String hmac(String key, String id) throws java.security.GeneralSecurityException {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(id.getBytes(UTF_8)));
  }

  static String property(SparkSession spark, Tables tables, String table) {
    Map<String, String> p =
        DeltaTable.forPath(spark, tables.path(table))
            .detail()
            .select("properties")
            .head()
            .getJavaMap(0);
    return p.get(KeyGuard.PROPERTY);
  }

  static Map<String, Long> versions(SparkSession spark, Tables tables) {
    Map<String, Long> out = new TreeMap<>();
    for (TableSpec s : tables.specs().values()) {
      if (!s.table().equals("ops.run_log") && tables.exists(spark, s.table())) {
        out.put(s.table(), tables.version(spark, s.table()));
      }
    }
    return out;
  }
}
