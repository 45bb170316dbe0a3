package org.citykpi.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.geo.Reference;
import org.citykpi.kpi.Attainment;
import org.citykpi.kpi.Periods;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;

/**
 * The planners' weekly report: one self-contained HTML page (inline CSS, no external assets)
 * listing, for each city, its KPIs with value, target, attainment, status, projection and the
 * policy clause. Daily KPIs are shown for the ISO week, monthly KPIs for the month that contains
 * the week's Sunday. The page is stamped with the Delta version of every table it read.
 */
public final class WeeklyReport {
  static final String TEMPLATE = "weekly.html";

  private WeeklyReport() {}

  /** One KPI line of a city. */
  public record Line(
      String kpiId,
      String name,
      String periodType,
      String period,
      String value,
      String unit,
      String target,
      String attainment,
      String status,
      String statusClass,
      String projection,
      String comparison,
      String programme,
      String docId,
      String clause) {}

  /** One city's section. */
  public record CitySection(String code, String name, List<Line> lines) {}

  /**
   * Writes {@code <outDir>/weekly/<isoWeek>/report.html} and returns its path.
   *
   * @throws CityKpiException when {@code isoWeek} is not an ISO week label such as 2026-W46
   */
  public static Path write(RunContext ctx, String isoWeek, Path outDir) {
    Interval week = Periods.parseIsoWeek(isoWeek);
    SparkSession spark = ctx.spark();
    String month = week.to().toString().substring(0, 7);
    Map<String, Long> versions = new LinkedHashMap<>();
    List<Row> rows = List.of();
    if (ctx.tables().exists(spark, Attainment.TABLE)) {
      versions.put(Attainment.TABLE, ctx.tables().version(spark, Attainment.TABLE));
      rows =
          ctx.tables()
              .read(spark, Attainment.TABLE)
              .where(
                  col("period_type")
                      .equalTo(lit(Periods.WEEK))
                      .and(col("period").equalTo(isoWeek))
                      .or(
                          col("period_type")
                              .equalTo(lit(Periods.MONTH))
                              .and(col("period").equalTo(month))))
              .orderBy("city_code", "kpi_id", "period_type", "programme")
              .collectAsList(); // ~ cities × KPIs × programmes rows of one week: small
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("week", isoWeek);
    model.put("from", week.from().toString());
    model.put("to", week.to().toString());
    model.put("month", month);
    model.put("cities", sections(rows, ctx.reference()));
    model.put("versions", versions);
    model.put("runId", ctx.runId());
    model.put("generatedAt", ctx.now().toString());
    Path file = outDir.resolve("weekly").resolve(isoWeek).resolve("report.html");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, render(model), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CityKpiException("Cannot write weekly report " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  static String render(Map<String, Object> model) {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("templates");
    PebbleEngine engine =
        new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(true).build();
    PebbleTemplate template = engine.getTemplate(TEMPLATE);
    StringWriter out = new StringWriter();
    try {
      template.evaluate(out, model);
    } catch (IOException e) {
      throw new CityKpiException("Cannot render " + TEMPLATE + ": " + e.getMessage(), e);
    }
    return out.toString();
  }

  static List<CitySection> sections(List<Row> rows, Reference reference) {
    Map<String, List<Line>> byCity = new TreeMap<>();
    for (Row r : rows) {
      byCity.computeIfAbsent(r.getAs("city_code"), c -> new ArrayList<>()).add(line(r));
    }
    List<CitySection> out = new ArrayList<>();
    byCity.forEach(
        (code, lines) -> {
          Reference.City c = reference.cities().get(code);
          out.add(new CitySection(code, c == null ? code : c.nameZh() + " " + c.nameEn(), lines));
        });
    return out;
  }

  static Line line(Row r) {
    String status = r.getAs("status");
    String comparator = r.getAs("comparator");
    Double target = r.getAs("target_value");
    Double projected = r.getAs("projected_value");
    Boolean meets = r.getAs("projection_meets_target");
    Object date = r.getAs("projection_date");
    String projection =
        projected == null
            ? "—"
            : num(projected)
                + " by "
                + date
                + (Boolean.TRUE.equals(meets) ? " ✓" : Boolean.FALSE.equals(meets) ? " ✗" : "");
    String name = r.getAs("kpi_name_zh");
    return new Line(
        r.getAs("kpi_id"),
        name == null ? "" : name,
        r.getAs("period_type"),
        r.getAs("period"),
        num(r.getAs("value")),
        r.getAs("unit"),
        target == null ? "—" : comparator + " " + num(target),
        r.getAs("attainment_pct") == null ? "—" : num(r.getAs("attainment_pct")) + " %",
        status,
        status.replace(' ', '-'),
        projection,
        r.getAs("comparison"),
        r.getAs("programme"),
        r.getAs("doc_id"),
        r.getAs("clause_zh"));
  }

  static String num(Double d) {
    if (d == null) {
      return "—";
    }
    return Math.abs(d) >= 1000
        ? String.format(Locale.ROOT, "%,.0f", d)
        : String.format(Locale.ROOT, "%.2f", d);
  }
}
