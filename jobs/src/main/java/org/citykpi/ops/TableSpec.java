package org.citykpi.ops;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The declared schema of a warehouse table ({@code schemas/tables/<layer>/<name>.yaml}).
 *
 * @param partitionBy Delta partition columns
 * @param intervalColumn the date column that a job's interval selects ({@code replaceWhere})
 * @param quality for a gold table, the rule a row must meet to count toward a final KPI period;
 *     null when presence of the row is the only requirement
 * @param lookbackDays for a silver table, days of bronze before the interval its domain logic reads
 *     (not writes), e.g. the previous report a daily difference needs; null for none
 * @param indicatorColumns for a gold table, the type of one column per indicator of {@code
 *     schemas/reference/indicators.yaml}, appended to the declared columns in that file's order
 *     (with its unit and names); null for none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TableSpec(
    String table,
    String description,
    String grain,
    List<String> partitionBy,
    String intervalColumn,
    List<String> key,
    List<Col> columns,
    Quality quality,
    Integer lookbackDays,
    String indicatorColumns) {

  /** A declaration without the silver and gold extras. */
  public TableSpec(
      String table,
      String description,
      String grain,
      List<String> partitionBy,
      String intervalColumn,
      List<String> key,
      List<Col> columns,
      Quality quality) {
    this(table, description, grain, partitionBy, intervalColumn, key, columns, quality, null, null);
  }

  /**
   * A gold row's quality threshold: {@code rule} is a Spark SQL boolean expression over the row's
   * columns (e.g. {@code station_hours >= 20 * stations}); a row for which it is not true keeps its
   * values but leaves its KPI periods provisional.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Quality(String rule, String description) {}

  /**
   * One declared column: name, Spark SQL type, nullability, unit and meaning. A silver column may
   * say how the clean stage makes it (at most one of):
   *
   * @param hashOf the contract column whose keyed hash (HMAC-SHA256, hex) this column holds; the
   *     personal column itself never reaches silver
   * @param derive {@code event_utc} (the UTC instant of the contract's event time, from its {@code
   *     event_time.zone}) or {@code local_hour} (the hour of the event in that zone)
   * @param expr a Spark SQL expression over the contract's columns (e.g. {@code mode IN ('bus',
   *     'metro')})
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Col(
      String name,
      String type,
      Boolean nullable,
      String unit,
      String description,
      String hashOf,
      String derive,
      String expr) {

    public Col(String name, String type, Boolean nullable, String unit, String description) {
      this(name, type, nullable, unit, description, null, null, null);
    }

    public boolean isNullable() {
      return nullable == null || nullable;
    }
  }

  public String layer() {
    return table.substring(0, table.indexOf('.'));
  }

  public String name() {
    return table.substring(table.indexOf('.') + 1);
  }

  public List<String> partitions() {
    return partitionBy == null ? List.of() : partitionBy;
  }

  public StructType schema() {
    StructType s = new StructType();
    for (Col c : columns) {
      s =
          s.add(
              new StructField(
                  c.name(), DataType.fromDDL(c.type()), c.isNullable(), Metadata.empty()));
    }
    return s;
  }

  public Col column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
