package org.citykpi.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.Snapshot;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.SourceContract;

/**
 * Keeps two pseudonymisation keys from mixing in one warehouse. Every table that holds keyed hashes
 * (the silver table of each source with personal columns, and {@code ops.quarantine}, whose raw
 * text shows personal fields as hashes) carries the Delta table property {@value #PROPERTY}: the
 * fingerprint of the key its hashes were made with (see {@code Pseudonymizer#fingerprint}). A run
 * whose key has another fingerprint stops before it writes anything; {@code citykpi rekey}
 * re-hashes from bronze when the key is rotated on purpose, marking the tables {@value
 * #REKEYING}{@code <new fingerprint>} while it works so that an interrupted rekey is not mistaken
 * for either key.
 */
public final class KeyGuard {
  public static final String PROPERTY = "citykpi.keyFingerprint";
  public static final String REKEYING = "rekeying-to:";

  private KeyGuard() {}

  /** The tables that hold keyed hashes of these sources, sorted; empty if none is personal. */
  public static List<String> hashTables(Collection<SourceContract> sources) {
    TreeSet<String> out = new TreeSet<>();
    for (SourceContract c : sources) {
      if (!c.piiColumns().isEmpty()) {
        out.add("silver." + c.entity());
        out.add(Quarantine.TABLE);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Why a run with the key of fingerprint {@code key} must not write these tables, or null if it
   * may. {@code recorded}: each existing table's recorded fingerprint (null when none was recorded,
   * e.g. a table written before fingerprints: it is adopted). A rekey may write over any recorded
   * key; a normal run only over its own.
   */
  static String refusal(Map<String, String> recorded, String key, boolean rekey) {
    if (rekey) {
      return null;
    }
    Map<String, List<String>> byOther = new LinkedHashMap<>();
    recorded.forEach(
        (table, fp) -> {
          if (fp != null && !fp.equals(key)) {
            byOther.computeIfAbsent(fp, f -> new ArrayList<>()).add(table);
          }
        });
    if (byOther.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    boolean interrupted = false;
    for (var e : byOther.entrySet()) {
      if (e.getKey().startsWith(REKEYING)) {
        interrupted = true;
        parts.add(
            e.getValue()
                + " are half re-hashed by an interrupted rekey to key "
                + e.getKey().substring(REKEYING.length()));
      } else {
        parts.add(e.getValue() + " hold hashes of key " + e.getKey());
      }
    }
    return "Pseudonymisation key mismatch: "
        + String.join("; ", parts)
        + "; this run's key is "
        + key
        + " (fingerprints, not keys). Nothing was written. Run with the key those tables were"
        + " made with"
        + (interrupted
            ? ", or finish the rekey: `citykpi rekey` again with the new key."
            : ", or, to rotate the key on purpose, re-hash them from bronze with `citykpi rekey`"
                + " (docs/operations.md).");
  }

  /** The recorded fingerprint of every existing table among {@code tables} (null if none). */
  public static Map<String, String> recorded(
      SparkSession spark, Tables tables, List<String> names) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String t : names) {
      Snapshot s = tables.snapshot(spark, t);
      if (s.version() >= 0) {
        out.put(t, property(s));
      }
    }
    return out;
  }

  /**
   * Stops (before any write) when a table among {@code names} holds another key's hashes; else
   * records {@code key} on them, creating the ones that do not exist yet, so that a run killed
   * midway has already said which key its hashes are made with.
   */
  public static void guard(SparkSession spark, Tables tables, List<String> names, String key) {
    Map<String, String> recorded = recorded(spark, tables, names);
    String why = refusal(recorded, key, false);
    if (why != null) {
      throw new CityKpiException(why);
    }
    stamp(spark, tables, names, key, recorded);
  }

  /** Records {@code value} as {@value #PROPERTY} of each table, creating missing ones empty. */
  public static void stamp(SparkSession spark, Tables tables, List<String> names, String value) {
    stamp(spark, tables, names, value, recorded(spark, tables, names));
  }

  /**
   * {@code recorded}: what {@link #recorded} found (each table's property is read once, not again
   * after the check); a table missing from it does not exist yet and is created.
   */
  private static void stamp(
      SparkSession spark,
      Tables tables,
      List<String> names,
      String value,
      Map<String, String> recorded) {
    for (String t : names) {
      if (!recorded.containsKey(t)) {
        tables.ensure(spark, t);
      }
      if (!value.equals(recorded.get(t))) {
        // qualified: Delta takes delta.`path` for a path only when it is absolute, and the
        // default --warehouse is the relative "warehouse"
        spark.sql(
            "ALTER TABLE delta.`"
                + tables.qualifiedPath(spark, t)
                + "` SET TBLPROPERTIES ('"
                + PROPERTY
                + "' = '"
                + value
                + "')");
      }
    }
  }

  static String property(SparkSession spark, Tables tables, String table) {
    return property(tables.snapshot(spark, table));
  }

  private static String property(Snapshot s) {
    scala.Option<String> v = s.metadata().configuration().get(PROPERTY);
    return v.isDefined() ? v.get() : null;
  }
}
