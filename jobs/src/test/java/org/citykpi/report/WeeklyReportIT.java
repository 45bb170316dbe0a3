package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.TableSpec;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkExtension.class)
class WeeklyReportIT {
  static final Path SCHEMAS = Paths.get(System.getProperty("citykpi.repo"), "schemas");

  static RunContext context(SparkSession spark, Path dir) {
    return new RunContext(
        spark,
        dir.resolve("wh").toString(),
        SCHEMAS,
        Interval.of("2026-11-09", "2026-11-15"),
        Clock.fixed(Instant.parse("2026-11-16T01:00:00Z"), ZoneOffset.UTC));
  }

  /**
   * An attainment row with the given columns; the rest null (or a placeholder when not nullable).
   */
  static Row row(TableSpec spec, Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (TableSpec.Col c : spec.columns()) {
      Object v = values.get(c.name());
      if (v == null && !c.isNullable()) {
        v = c.type().equals("date") ? Date.valueOf("2026-11-09") : "x";
      }
      out.add(v);
    }
    return RowFactory.create(out.toArray());
  }

  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  @Test
  void rendersEachCityWithStatusAndEscapesHtml(SparkSession spark, @TempDir Path dir)
      throws Exception {
    RunContext ctx = context(spark, dir);
    TableSpec spec = ctx.tables().spec("kpi.attainment");
    List<Row> rows =
        List.of(
            row(
                spec,
                m(
                    "kpi_id",
                    "Q02",
                    "kpi_name_zh",
                    "网上预约就诊比例",
                    "city_code",
                    "320900",
                    "period_type",
                    "week",
                    "period",
                    "2026-W46",
                    "value",
                    31.5,
                    "unit",
                    "pct",
                    "comparator",
                    ">=",
                    "target_value",
                    30.0,
                    "attainment_pct",
                    105.0,
                    "status",
                    "met",
                    "comparison",
                    "programme")),
            row(
                spec,
                m(
                    "kpi_id",
                    "Q05",
                    "city_code",
                    "130100",
                    "period_type",
                    "week",
                    "period",
                    "2026-W46",
                    "unit",
                    "pct",
                    "status",
                    "insufficient data",
                    "comparison",
                    "benchmark",
                    "programme",
                    "HE-2019",
                    "clause_zh",
                    "<script>alert(1)</script> & 宜居",
                    "doc_id",
                    "HE-2019")),
            // another week: must not appear
            row(
                spec,
                m(
                    "kpi_id",
                    "Q02",
                    "city_code",
                    "330100",
                    "period_type",
                    "week",
                    "period",
                    "2026-W45",
                    "unit",
                    "pct",
                    "status",
                    "met",
                    "comparison",
                    "benchmark")));
    ctx.tables()
        .replace(spark, "kpi.attainment", spark.createDataFrame(rows, spec.schema()), "true");

    Path file = WeeklyReport.write(ctx, "2026-W46", dir.resolve("out"));

    assertThat(file).isEqualTo(dir.resolve("out/weekly/2026-W46/report.html"));
    String html = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(html)
        .contains("<title>CityKPI weekly report 2026-W46</title>")
        .contains("盐城市")
        .contains("石家庄市")
        .doesNotContain("杭州市")
        .contains("31.50 pct")
        .contains("&gt;= 30.00")
        .contains("105.00 %")
        .contains("class=\"status met\"")
        .contains("class=\"status insufficient-data\"")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 宜居")
        .doesNotContain("<script>")
        .contains("kpi.attainment v0")
        .doesNotContain("http://")
        .doesNotContain("https://");
  }

  @Test
  void badWeekIsNamed(SparkSession spark, @TempDir Path dir) {
    RunContext ctx = context(spark, dir);
    assertThatThrownBy(() -> WeeklyReport.write(ctx, "2026-46", dir))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("'2026-46'");
    // 2025 has 52 ISO weeks
    assertThatThrownBy(() -> WeeklyReport.write(ctx, "2025-W53", dir))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("'2025-W53'");
  }
}
