package org.citykpi.clean;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.SqlExpr;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.SourceContract;
import org.citykpi.contract.Validation;
import org.citykpi.domain.Domain;
import org.citykpi.domain.Domains;
import org.citykpi.domain.Entity;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;

/**
 * How one source's deduplicated bronze rows become rows of its silver entity, driven by the
 * contract and the silver declaration: each {@code hash_of} column gets the keyed hash of its
 * contract column, {@code derive} columns the event's UTC instant ({@code event_time.zone}), local
 * hour or vintage, {@code expr} columns their SQL; personal columns are dropped; then the entity's
 * domain logic runs, and the {@code source} column is set.
 *
 * <p>{@link #of} refuses, naming the contract file and the column, a pairing that would let a
 * personal column reach silver in clear, an entity no domain declares, or a declaration that does
 * not fit the contract.
 */
public final class SilverPlan {
  /** The values of a silver column's {@code derive}. */
  public static final List<String> DERIVED =
      List.of("event_utc", "local_hour", "vintage", "is_latest_vintage");

  private final SourceContract contract;
  private final TableSpec silver;
  private final Entity entity;

  private SilverPlan(SourceContract contract, TableSpec silver, Entity entity) {
    this.contract = contract;
    this.silver = silver;
    this.entity = entity;
  }

  /**
   * The plan of a contract, or a failure naming the contract file (under {@code schemas}) and each
   * key at fault.
   */
  public static SilverPlan of(SourceContract c, Tables tables, Domains domains, Path schemas) {
    List<String> problems = problems(c, tables.specs(), domains);
    if (!problems.isEmpty()) {
      Path file =
          (schemas == null ? Path.of("schemas") : schemas)
              .resolve("sources")
              .resolve(c.source() + ".yaml");
      throw new CityKpiException(
          "Invalid contract "
              + file
              + " for silver."
              + c.entity()
              + ": "
              + String.join("; ", problems));
    }
    return new SilverPlan(
        c, tables.specs().get("silver." + c.entity()), domains.entity(c.entity()));
  }

  /** Everything that keeps a contract from feeding its silver entity safely. */
  static List<String> problems(SourceContract c, Map<String, TableSpec> specs, Domains domains) {
    List<String> out = new ArrayList<>();
    Entity e = domains.entity(c.entity());
    if (e == null) {
      out.add(
          "entity: unknown entity '"
              + c.entity()
              + "' (declared by the domains: "
              + new TreeSet<>(domains.entities().keySet())
              + ")");
      return out;
    }
    Domain owner = domains.owner(c.entity());
    if (!owner.name().equals(c.domain())) {
      out.add(
          "domain: entity "
              + c.entity()
              + " belongs to domain "
              + owner.name()
              + ", not "
              + c.domain());
    }
    TableSpec s = specs.get("silver." + c.entity());
    if (s == null) {
      out.add("entity: no declaration schemas/tables/silver/" + c.entity() + ".yaml");
      return out;
    }
    String at = "schemas/tables/silver/" + c.entity() + ".yaml";
    if (s.column("source") == null || s.key() == null || !s.key().contains("source")) {
      out.add(
          at + " must declare a source column and key on it, so a feed replaces only its own rows");
    }
    Set<String> personal = new HashSet<>(c.piiColumns());
    Set<String> readable = new HashSet<>();
    c.columns().forEach(col -> readable.add(col.name()));
    readable.add(c.partitionColumn());
    for (TableSpec.Col col : s.columns()) {
      String where = at + " column " + col.name();
      if (personal.contains(col.name())) {
        out.add(
            "columns."
                + col.name()
                + " is personal, but "
                + where
                + " is a plain column: it would reach silver in clear; declare a keyed hash"
                + " instead, e.g. {name: "
                + col.name()
                + "_key, type: string, hash_of: "
                + col.name()
                + "}");
      }
      int ways =
          (col.hashOf() == null ? 0 : 1)
              + (col.derive() == null ? 0 : 1)
              + (col.expr() == null ? 0 : 1);
      if (ways > 1) {
        out.add(where + ": give at most one of hash_of, derive, expr");
      }
      if (col.hashOf() != null && !readable.contains(col.hashOf()) && !col.isNullable()) {
        out.add(where + " hashes " + col.hashOf() + ", which the contract does not declare");
      }
      if (col.derive() != null) {
        checkDerive(c, col, where, out);
      }
      if (col.expr() != null) {
        try {
          Set<String> used = SqlExpr.columns(col.expr());
          Set<String> unknown = new TreeSet<>(used);
          unknown.removeAll(readable);
          if (!unknown.isEmpty()) {
            out.add(where + " expr names column(s) " + unknown + " the contract does not declare");
          }
          used.retainAll(personal);
          if (!used.isEmpty()) {
            out.add(where + " expr reads personal column(s) " + new TreeSet<>(used));
          }
        } catch (IllegalArgumentException ex) {
          out.add(where + " expr: " + ex.getMessage());
        }
      }
    }
    if (c.hasVintages() && s.columns().stream().noneMatch(col -> "vintage".equals(col.derive()))) {
      out.add(
          "vintages: "
              + at
              + " has no column with derive: vintage, so vintages of one key would collide");
    }
    return out;
  }

  private static void checkDerive(
      SourceContract c, TableSpec.Col col, String where, List<String> out) {
    if (!DERIVED.contains(col.derive())) {
      out.add(where + ": unknown derive '" + col.derive() + "' (one of " + DERIVED + ")");
    } else if (List.of("event_utc", "local_hour").contains(col.derive())) {
      String type = c.column(c.eventTime().column()).map(ColumnSpec::type).orElse("?");
      if (!"timestamp".equals(type)) {
        out.add(
            where
                + ": derive "
                + col.derive()
                + " needs a timestamp event time; event_time.column "
                + c.eventTime().column()
                + " is a "
                + type);
      }
    }
  }

  /**
   * Silver rows of the source: needs the deduplicated bronze columns; one row per input row, with
   * the declared columns (nullable ones the source does not deliver as typed nulls) and no personal
   * column but as its keyed hash.
   */
  public Dataset<Row> toSilver(Dataset<Row> kept, Pseudonymizer p) {
    List<String> have = List.of(kept.columns());
    Map<String, Column> made = new LinkedHashMap<>();
    for (TableSpec.Col col : silver.columns()) {
      if (col.hashOf() != null) {
        made.put(
            col.name(),
            have.contains(col.hashOf())
                ? p.hash(col(col.hashOf()).cast("string"))
                : lit(null).cast(DataTypes.StringType));
      } else if (col.derive() != null) {
        made.put(col.name(), derive(col.derive(), kept, have));
      } else if (col.expr() != null) {
        made.put(col.name(), expr(col.expr()));
      }
    }
    Dataset<Row> df = kept.withColumns(made).drop(contract.piiColumns().toArray(String[]::new));
    df = entity.logic().apply(df, contract).withColumn("source", lit(contract.source()));
    return withDeclaredNulls(silver, df);
  }

  private Column derive(String what, Dataset<Row> kept, List<String> have) {
    Column event = col(contract.eventTime().column());
    return switch (what) {
      case "event_utc" ->
          have.contains(Validation.EVENT_UTC)
              ? col(Validation.EVENT_UTC)
              : Times.utc(event, contract.eventTime().zone());
      case "local_hour" -> hour(event);
      case "vintage" ->
          have.contains(Dedup.VINTAGE) ? col(Dedup.VINTAGE) : lit(null).cast(DataTypes.StringType);
      case "is_latest_vintage" -> {
        if (!have.contains(Dedup.VINTAGE)) {
          yield lit(true);
        }
        List<Column> key = new ArrayList<>(Dedup.key(kept, contract));
        key.remove(key.size() - 1); // the vintage itself
        yield col(Dedup.VINTAGE)
            .equalTo(max(col(Dedup.VINTAGE)).over(Window.partitionBy(key.toArray(Column[]::new))));
      }
      default -> throw new IllegalStateException("unknown derive " + what);
    };
  }

  /**
   * Adds each nullable declared column the source does not deliver as a typed null (the Beijing
   * data have no humidity, the city feed publishes no AQI of its own).
   */
  static Dataset<Row> withDeclaredNulls(TableSpec spec, Dataset<Row> df) {
    List<String> have = List.of(df.columns());
    for (TableSpec.Col c : spec.columns()) {
      if (!have.contains(c.name()) && c.isNullable()) {
        df = df.withColumn(c.name(), lit(null).cast(DataType.fromDDL(c.type())));
      }
    }
    return df;
  }

  public TableSpec silver() {
    return silver;
  }
}
