package org.citykpi.kpi;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.TableSpec;

/** A temp warehouse with small gold tables written through the real writer. */
final class Warehouse {
  static final Path SCHEMAS = Paths.get(System.getProperty("citykpi.repo"), "schemas");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-05T02:00:00Z"), ZoneOffset.UTC);

  private Warehouse() {}

  static RunContext context(SparkSession spark, Path dir, String from, String to) {
    return new RunContext(spark, dir.toString(), SCHEMAS, Interval.of(from, to), CLOCK);
  }

  /**
   * One gold row: city, date, and the named columns; every other column null (or 0 when not
   * nullable).
   */
  static Row row(TableSpec spec, String city, String date, Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (TableSpec.Col c : spec.columns()) {
      Object v;
      if (c.name().equals("city_code")) {
        v = city;
      } else if (c.type().equals("date")) {
        v = Date.valueOf(LocalDate.parse(date));
      } else if (values.containsKey(c.name())) {
        v = values.get(c.name());
      } else if (!c.isNullable()) {
        v = c.type().equals("bigint") ? (Object) 0L : (Object) 0;
      } else {
        v = null;
      }
      out.add(v);
    }
    return RowFactory.create(out.toArray());
  }

  static void write(RunContext ctx, String table, List<Row> rows) {
    TableSpec spec = ctx.tables().spec(table);
    ctx.tables()
        .replace(ctx.spark(), table, ctx.spark().createDataFrame(rows, spec.schema()), "true");
  }
}
