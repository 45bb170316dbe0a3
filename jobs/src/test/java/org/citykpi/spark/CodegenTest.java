package org.citykpi.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citykpi.ops.Interval;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkExtension.class)
class CodegenTest {
  @AfterEach
  void compiledAgain(SparkSession spark) {
    Codegen.forInput(spark, Codegen.SMALL_INPUT_BYTES);
  }

  @Test
  void aRunBelowTheThresholdIsEvaluatedAndOneAtItCompiled(SparkSession spark) {
    Codegen.forInput(spark, Codegen.SMALL_INPUT_BYTES - 1);
    assertThat(Codegen.evaluated(spark)).isTrue();
    assertThat(executedPlan(spark)).doesNotContainPattern(COMPILED_STAGE);

    Codegen.forInput(spark, Codegen.SMALL_INPUT_BYTES);
    assertThat(Codegen.evaluated(spark)).isFalse();
    assertThat(executedPlan(spark)).containsPattern(COMPILED_STAGE);
  }

  /** How a physical plan marks an operator of a compiled (whole-stage) stage: "*(1) Filter". */
  private static final String COMPILED_STAGE = "\\*\\(\\d+\\) ";

  private static String executedPlan(SparkSession spark) {
    var df = spark.range(10).where(col("id").gt(3)).selectExpr("id * 2 AS twice");
    df.collectAsList();
    return df.queryExecution().executedPlan().toString();
  }

  @Test
  void aStageOfUpToEightDaysIsEvaluatedAndOfNineCompiled(SparkSession spark) {
    Codegen.forInterval(spark, Interval.of("2026-11-09", "2026-11-16"));
    assertThat(Codegen.evaluated(spark)).as("a day and its 7-day lookback").isTrue();

    Codegen.forInterval(spark, Interval.of("2026-11-08", "2026-11-16"));
    assertThat(Codegen.evaluated(spark)).isFalse();
  }

  @Test
  void noIntervalLeavesTheSessionAsItIs(SparkSession spark) {
    Codegen.forInput(spark, 0);
    Codegen.forInterval(spark, null);
    assertThat(Codegen.evaluated(spark)).isTrue();
  }

  @Test
  void anEmptyRunIsEvaluated(SparkSession spark) {
    Codegen.forInput(spark, 0);
    assertThat(Codegen.evaluated(spark)).isTrue();
  }

  /** The same query, nulls and all, gives the same rows evaluated as compiled. */
  @Test
  void evaluatedAndCompiledGiveTheSameRows(SparkSession spark) {
    StructType schema =
        new StructType().add("city", DataTypes.StringType).add("speed", DataTypes.DoubleType);
    List<Row> rows =
        List.of(
            RowFactory.create("a", 10.0),
            RowFactory.create("a", null),
            RowFactory.create(null, 30.0),
            RowFactory.create("b", 0.0));
    var df =
        spark
            .createDataFrame(rows, schema)
            .where(col("speed").isNull().or(col("speed").geq(0)))
            .groupBy("city")
            .agg(
                org.apache.spark.sql.functions.avg("speed").as("avg"),
                org.apache.spark.sql.functions.count("*").as("n"))
            .orderBy(col("city").asc_nulls_first());
    Codegen.forInput(spark, 0);
    List<Row> evaluated = df.collectAsList();
    Codegen.forInput(spark, Codegen.SMALL_INPUT_BYTES);
    List<Row> compiled = df.collectAsList();
    assertThat(evaluated)
        .isEqualTo(compiled)
        .containsExactly(
            RowFactory.create(null, 30.0, 1L),
            RowFactory.create("a", 10.0, 2L),
            RowFactory.create("b", 0.0, 1L));
  }
}
