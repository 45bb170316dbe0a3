package org.citykpi.kpi;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citykpi.geo.Reference;

/**
 * Small driver-built frames (tens of rows) of the catalog and reference data, joined by broadcast.
 */
public final class KpiFrames {
  private KpiFrames() {}

  /**
   * One row per KPI: kpi_id, unit, scale, aggregation, has_denominator, direction, frequency,
   * names.
   */
  public static Dataset<Row> meta(SparkSession spark, List<Kpi> kpis) {
    StructType schema =
        new StructType()
            .add("kpi_id", DataTypes.StringType, false)
            .add("unit", DataTypes.StringType, false)
            .add("scale", DataTypes.DoubleType, false)
            .add("aggregation", DataTypes.StringType, false)
            .add("has_denominator", DataTypes.BooleanType, false)
            .add("direction", DataTypes.StringType, false)
            .add("frequency", DataTypes.StringType, false)
            .add("kpi_name_zh", DataTypes.StringType, true)
            .add("kpi_name_en", DataTypes.StringType, true);
    List<Row> rows = new ArrayList<>();
    for (Kpi k : kpis) {
      rows.add(
          RowFactory.create(
              k.id(),
              k.unit(),
              k.scaleOrOne(),
              k.aggregation(),
              k.denominator() != null && !k.denominator().isBlank(),
              k.direction(),
              k.frequency(),
              k.nameZh(),
              k.nameEn()));
    }
    return spark.createDataFrame(rows, schema);
  }

  /**
   * One row per KPI target: kpi_id, target_order (1 = the KPI's primary target, used as benchmark
   * for cities outside every programme of the KPI), programme, comparator, target_value,
   * is_annual_total, is_proposed, baseline_period, deadline, pilot_start, doc_id, clause_zh,
   * target_growth_pct.
   */
  public static Dataset<Row> targets(SparkSession spark, List<Kpi> kpis, Programmes programmes) {
    StructType schema =
        new StructType()
            .add("kpi_id", DataTypes.StringType, false)
            .add("target_order", DataTypes.IntegerType, false)
            .add("programme", DataTypes.StringType, false)
            .add("comparator", DataTypes.StringType, false)
            .add("target_full", DataTypes.DoubleType, false)
            .add("is_annual_total", DataTypes.BooleanType, false)
            .add("is_proposed", DataTypes.BooleanType, false)
            .add("baseline_period", DataTypes.StringType, true)
            .add("deadline", DataTypes.DateType, false)
            .add("pilot_start", DataTypes.DateType, false)
            .add("doc_id", DataTypes.StringType, false)
            .add("clause_zh", DataTypes.StringType, false)
            .add("target_growth_pct", DataTypes.DoubleType, true);
    List<Row> rows = new ArrayList<>();
    for (Kpi k : kpis) {
      int i = 0;
      for (Kpi.Target t : k.targetList()) {
        rows.add(
            RowFactory.create(
                k.id(),
                ++i,
                t.programme(),
                t.comparator(),
                t.value(),
                t.annual(),
                t.proposal(),
                t.baselinePeriod(),
                Date.valueOf(LocalDate.parse(t.deadline())),
                Date.valueOf(programmes.get(t.programme()).start()),
                t.docId(),
                t.clauseZh(),
                t.growthPctPerYear()));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  /** One row per city: city_code, city_name_zh, province_code, level, programmes (array). */
  public static Dataset<Row> geo(SparkSession spark, Reference reference) {
    StructType schema =
        new StructType()
            .add("city_code", DataTypes.StringType, false)
            .add("city_name_zh", DataTypes.StringType, true)
            .add("province_code", DataTypes.StringType, true)
            .add("level", DataTypes.StringType, true)
            .add("programmes", DataTypes.createArrayType(DataTypes.StringType, false), false);
    List<Row> rows = new ArrayList<>();
    for (Reference.City c : reference.cities().values()) {
      rows.add(
          RowFactory.create(
              c.code(),
              c.nameZh(),
              c.provinceCode(),
              c.level(),
              scala.jdk.javaapi.CollectionConverters.asScala(c.programmeList()).toSeq()));
    }
    return spark.createDataFrame(rows, schema);
  }
}
