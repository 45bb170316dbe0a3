package org.citykpi.clean;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;
import org.citykpi.contract.ColumnSpec;
import org.citykpi.contract.SourceContract;
import org.citykpi.economy.ProvinceAnnual;
import org.citykpi.environment.AirSilver;
import org.citykpi.health.DiseaseSilver;
import org.citykpi.health.HealthSilver;
import org.citykpi.ops.Interval;
import org.citykpi.ops.Quarantine;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.ops.TableSpec;
import org.citykpi.traffic.TrafficSilver;

/**
 * bronze → silver for one source: keep one row per natural key (duplicates to quarantine), replace
 * personal ids by keyed hashes, convert times to UTC, then the entity's own transformation.
 */
public final class CleanJob {
  /**
   * The transformation of each silver entity. Several sources may feed one entity (the city air
   * feed, the Beijing UCI data and the CNEMC release all give air_station_hourly): the silver table
   * then has a {@code source} column and a run replaces only its own source's rows.
   */
  static final Map<String, SilverEntity> ENTITIES =
      Map.of(
          "air_station_hourly", AirSilver::toSilver,
          "road_speed", TrafficSilver::roadSpeed,
          "transit_trip", TrafficSilver::transitTrip,
          "vehicle_registry", TrafficSilver::vehicleRegistry,
          "outpatient_visit", HealthSilver::outpatientVisit,
          "city_monthly_stat", (kept, c, p) -> kept,
          "disease_daily", DiseaseSilver::toSilver,
          "province_annual_stat", ProvinceAnnual::toSilver);

  /**
   * Days of bronze before the interval an entity reads (not writes): daily new cases are today's
   * cumulative count minus the previous report's, which may lie before the interval.
   */
  static final Map<String, Integer> LOOKBACK_DAYS = Map.of("disease_daily", 31);

  private CleanJob() {}

  public static boolean handles(SourceContract c) {
    return ENTITIES.containsKey(c.entity());
  }

  /**
   * Cleans one source over the run's interval; false (nothing touched) if it has no bronze table.
   */
  public static boolean run(RunContext ctx, SourceContract c, Pseudonymizer p) {
    var started = ctx.now();
    String bronzeTable = "bronze." + c.source();
    if (!ctx.tables().exists(ctx.spark(), bronzeTable)) {
      return false;
    }
    Interval eff = ctx.interval().forGrain(c.grain());
    String silverTable = "silver." + c.entity();
    String where = eff.predicate(c.partitionColumn());
    int back = LOOKBACK_DAYS.getOrDefault(c.entity(), 0);
    String readWhere =
        back == 0
            ? where
            : new Interval(eff.from().minusDays(back), eff.to()).predicate(c.partitionColumn());
    Dataset<Row> bronze = ctx.tables().read(ctx.spark(), bronzeTable).where(readWhere);
    Dataset<Row> marked =
        Dedup.withDuplicateMarks(bronze, c).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> inInterval = marked.where(where);
      Row n = inInterval.selectExpr("count(*)", "count_if(_dedup_rule IS NOT NULL)").head();
      long in = n.getLong(0);
      long dups = n.getLong(1);
      Dataset<Row> kept = marked.where(col(Dedup.RULE).isNull());
      TableSpec silverSpec = ctx.tables().spec(silverTable);
      Dataset<Row> silver =
          withDeclaredNulls(
                  silverSpec,
                  ENTITIES
                      .get(c.entity())
                      .toSilver(kept, c, p)
                      .withColumn("source", lit(c.source())))
              .where(where);
      boolean shared = silverSpec.column("source") != null;
      long silverVersion =
          ctx.tables()
              .replace(
                  ctx.spark(),
                  silverTable,
                  silver,
                  shared ? "source = '" + c.source() + "' AND " + where : where);
      long qVersion =
          Quarantine.replace(ctx, c.source(), "clean", eff, duplicates(inInterval, c, p));
      ctx.log()
          .add(
              new RunLog.Entry(
                  "clean",
                  c.source(),
                  in,
                  in - dups,
                  dups,
                  in - dups,
                  "succeeded",
                  null,
                  started,
                  ctx.now(),
                  Map.of(silverTable, silverVersion, Quarantine.TABLE, qVersion)));
      return true;
    } finally {
      marked.unpersist();
    }
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

  /** Quarantine rows for duplicates; their text shows personal ids only as keyed hashes. */
  static Dataset<Row> duplicates(Dataset<Row> marked, SourceContract c, Pseudonymizer p) {
    List<Column> fields = new ArrayList<>();
    for (ColumnSpec s : c.columns()) {
      Column v =
          c.piiColumns().contains(s.name()) ? p.hash(col(s.name()).cast("string")) : col(s.name());
      fields.add(v.as(s.name()));
    }
    return marked
        .where(col(Dedup.RULE).isNotNull())
        .select(
            lit(c.source()).as("source"), lit("clean").as("stage"),
            col(c.partitionColumn()).as("placed_on"), col("_source_file").as("source_file"),
            col("_line_no").as("line_no"),
                to_json(struct(fields.toArray(Column[]::new))).as("raw_text"),
            array(col(Dedup.RULE)).as("rule_ids"), col(Dedup.REASON).as("reasons"));
  }
}
