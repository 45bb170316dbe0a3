package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.citykpi.kpi.KpiJob;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.TableSpec;
import org.citykpi.testing.SparkExtension;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three reports over a small warehouse built here (four cities of three programmes, two years
 * of monthly indicators, four weeks of daily health data, then the real KPI stage): the figures on
 * the pages and in the spreadsheets are checked against kpi.attainment and kpi.observation read
 * with Spark SQL, not against the report's own model; the status counts add up; a missing value is
 * shown as missing; and a rebuild from report.json after a later KPI run gives the same bytes.
 */
@ExtendWith(SparkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsIT {
  static final String YANCHENG = "320900"; // YC-2015
  static final String SHIJIAZHUANG = "130100"; // HE-2019
  static final String WUHAN = "420100"; // HB-2014: no targets of its own, benchmark rows
  static final String XIANGYANG = "420600"; // HB-2014
  static final List<String> CITIES = List.of(YANCHENG, SHIJIAZHUANG, WUHAN, XIANGYANG);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T02:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path tmp;
  SparkSession spark;
  RunContext ctx;
  Reports.Written weekly;
  byte[] weeklyZh;
  byte[] weeklyManifest;

  RunContext context(String from, String to) {
    return new RunContext(
        spark, tmp.resolve("wh").toString(), Fixtures.SCHEMAS, Interval.of(from, to), CLOCK);
  }

  /** A row of a declared table: the named columns, others null or (not nullable) 0 / "x". */
  static Row row(TableSpec spec, Map<String, Object> values) {
    List<Object> out = new ArrayList<>();
    for (TableSpec.Col c : spec.columns()) {
      Object v = values.get(c.name());
      if (v == null && !c.isNullable()) {
        v =
            switch (c.type()) {
              case "bigint" -> 0L;
              case "int" -> 0;
              case "double" -> 0.0;
              case "date" -> Date.valueOf("2025-12-01");
              case "timestamp" -> Timestamp.from(CLOCK.instant());
              case "timestamp_ntz" -> java.time.LocalDateTime.of(2025, 12, 22, 8, 0);
              case "boolean" -> false;
              default ->
                  c.type().startsWith("array")
                      ? scala.jdk.javaapi.CollectionConverters.asScala(List.<String>of()).toList()
                      : "x";
            };
      }
      out.add(v);
    }
    return RowFactory.create(out.toArray());
  }

  /**
   * A plausible monthly value of a gold indicator column for month number k (1 = Jan 2024) and the
   * city's index i: totals 1000, their parts rising towards them, shares in percent, speeds in
   * Mbps, amounts in 亿元.
   */
  static double indicator(String col, int k, int i) {
    if (col.equals("resident_population")) {
      return 1.0e6 * (i + 1);
    }
    if (col.equals("internet_users") || col.equals("citizen_card_holders")) {
      return 0.8e6 * (i + 1) + 2000.0 * k;
    }
    if (col.endsWith("_total")
        || col.endsWith("_planned")
        || col.endsWith("_important")
        || col.equals("gov_open_info_items")
        || col.equals("large_enterprises")
        || col.equals("cable_tv_households")
        || col.equals("households")) {
      return 1000.0;
    }
    if (col.endsWith("_pct")) {
      return 60.0 + k + 3 * i;
    }
    if (col.endsWith("_mbps")) {
      return 50.0 + 10 * k + 5 * i;
    }
    if (col.startsWith("info_consumption")
        || col.equals("online_retail_sales")
        || col.equals("smart_industry_revenue")) {
      return 20.0 + i + 0.5 * k;
    }
    if (col.equals("open_datasets_published")) {
      return 10.0 + k;
    }
    if (col.equals("data_exchanges")) {
      return 100.0 + k;
    }
    return 600.0 + 10 * k + 50 * i; // the counted part of a total of 1000
  }

  void write(String table, List<Row> rows) {
    TableSpec spec = ctx.tables().spec(table);
    ctx.tables().replace(spark, table, spark.createDataFrame(rows, spec.schema()), "true");
  }

  @BeforeAll
  void warehouse(SparkSession spark) {
    this.spark = spark;
    ctx = context("2024-01-01", "2025-12-31");
    TableSpec monthly = ctx.tables().spec("gold.city_month_indicators");
    List<Row> months = new ArrayList<>();
    for (int i = 0; i < CITIES.size(); i++) {
      String city = CITIES.get(i);
      for (LocalDate m = LocalDate.of(2024, 1, 1); m.getYear() < 2026; m = m.plusMonths(1)) {
        int k = (m.getYear() - 2024) * 12 + m.getMonthValue();
        double households = WUHAN.equals(city) && m.equals(LocalDate.of(2025, 12, 1)) ? 0 : 1000.0;
        Map<String, Object> v = new HashMap<>();
        for (TableSpec.Col c : monthly.columns()) {
          if (c.type().equals("double")) {
            v.put(c.name(), indicator(c.name(), k, i));
          }
        }
        v.put("city_code", city);
        v.put("month", Date.valueOf(m));
        v.put("indicators_reported", 40);
        v.put("households", households);
        months.add(row(monthly, v));
      }
    }
    write("gold.city_month_indicators", months);
    TableSpec health = ctx.tables().spec("gold.city_day_health");
    List<Row> days = new ArrayList<>();
    for (int i = 0; i < CITIES.size(); i++) {
      for (LocalDate d = LocalDate.of(2025, 12, 1);
          !d.isAfter(LocalDate.of(2025, 12, 28));
          d = d.plusDays(1)) {
        long visits = 1000 + 10L * d.getDayOfMonth();
        days.add(
            row(
                health,
                Fixtures.m(
                    "city_code",
                    CITIES.get(i),
                    "local_date",
                    Date.valueOf(d),
                    "hospitals",
                    3,
                    "visits",
                    visits,
                    "online_booked_visits",
                    visits * (20 + 5 * i + d.getDayOfMonth() / 7) / 100,
                    "ehr_shared_visits",
                    visits * (60 + 8 * i) / 100,
                    "telemedicine_visits",
                    4L + i,
                    "resident_population",
                    1.0e6 * (i + 1))));
      }
    }
    write("gold.city_day_health", days);
    // data quality: three accepted rows (one in a file delivered late), three quarantined
    TableSpec bronze = ctx.tables().spec("bronze.outpatient_visit");
    write(
        "bronze.outpatient_visit",
        List.of(
            row(
                bronze,
                Fixtures.m(
                    "local_date",
                    Date.valueOf("2025-12-22"),
                    "_source_file",
                    "in/2025-12-22.csv",
                    "_line_no",
                    2L)),
            row(
                bronze,
                Fixtures.m(
                    "local_date",
                    Date.valueOf("2025-12-22"),
                    "_source_file",
                    "in/2025-12-22.csv",
                    "_line_no",
                    3L)),
            row(
                bronze,
                Fixtures.m(
                    "local_date",
                    Date.valueOf("2025-12-23"),
                    "_source_file",
                    "in/2025-12-26_late.csv",
                    "_line_no",
                    2L))));
    TableSpec q = ctx.tables().spec("ops.quarantine");
    scala.collection.immutable.Seq<String> rule =
        scala.jdk.javaapi.CollectionConverters.asScala(List.of("visit_ts.required")).toList();
    write(
        "ops.quarantine",
        List.of(
            row(
                q,
                Fixtures.m(
                    "source",
                    "outpatient_visit",
                    "stage",
                    "ingest",
                    "placed_on",
                    Date.valueOf("2025-12-23"),
                    "rule_ids",
                    rule,
                    "reasons",
                    "visit_ts is required")),
            row(
                q,
                Fixtures.m(
                    "source",
                    "outpatient_visit",
                    "stage",
                    "ingest",
                    "placed_on",
                    Date.valueOf("2025-12-24"),
                    "rule_ids",
                    rule,
                    "reasons",
                    "visit_ts is required")),
            row(
                q,
                Fixtures.m(
                    "source",
                    "outpatient_visit",
                    "stage",
                    "clean",
                    "placed_on",
                    Date.valueOf("2025-12-24"),
                    "rule_ids",
                    scala.jdk.javaapi.CollectionConverters.asScala(List.of("duplicate")).toList(),
                    "reasons",
                    "duplicate")),
            row(
                q,
                Fixtures.m(
                    "source",
                    "outpatient_visit",
                    "stage",
                    "ingest",
                    "placed_on",
                    Date.valueOf("2025-11-02"),
                    "rule_ids",
                    rule,
                    "reasons",
                    "another week"))));
    // ops.dq_metrics: a jump in the week, one judged no jump, one jump of another month
    TableSpec dq = ctx.tables().spec("ops.dq_metrics");
    write(
        "ops.dq_metrics",
        List.of(
            row(dq, jump("2025-12-23", 200L, 30L, 0.15, true)),
            row(dq, jump("2025-12-24", 200L, 2L, 0.01, false)),
            row(dq, jump("2025-11-02", 200L, 40L, 0.2, true))));
    KpiJob.run(ctx);
    ctx.log().flush(spark, ctx.tables());
  }

  static Map<String, Object> jump(String day, long checked, long failed, double rate, boolean is) {
    return Fixtures.m(
        "stage",
        "ingest",
        "source",
        "outpatient_visit",
        "rule_id",
        "visit_ts.required",
        "placed_on",
        Date.valueOf(day),
        "rows_checked",
        checked,
        "rows_failed",
        failed,
        "failure_rate",
        rate,
        "baseline_days",
        20,
        "baseline_mean",
        0.01,
        "baseline_sd",
        0.002,
        "is_jump",
        is);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * A value as the report shows it, written by Spark SQL: format_number of the value rounded to its
   * unit's decimals (Fmt.DECIMALS, the display rule), null when the value is null.
   */
  static String shownSql() {
    StringBuilder d = new StringBuilder("CASE unit");
    Fmt.DECIMALS.forEach((u, n) -> d.append(" WHEN '").append(u).append("' THEN ").append(n));
    d.append(" ELSE ").append(Fmt.DEFAULT_DECIMALS).append(" END");
    StringBuilder b = new StringBuilder("CASE WHEN value IS NULL THEN NULL");
    for (int n = 0; n <= 2; n++) {
      b.append(" WHEN ").append(d).append(" = ").append(n);
      b.append(" THEN format_number(round(value, ").append(n).append("), ").append(n).append(")");
    }
    return b.append(" END").toString();
  }

  /**
   * The value of each attainment row matching {@code where}, as Spark SQL formats it (format_number
   * of the value rounded to the unit's decimals); key city|kpi|comparison|programme.
   */
  Map<String, Optional<String>> expected(String where) {
    Map<String, Optional<String>> out = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT city_code, kpi_id, comparison, coalesce(programme, '') AS programme, "
                    + shownSql()
                    + " AS shown FROM delta.`"
                    + ctx.tables().path("kpi.attainment")
                    + "` WHERE "
                    + where)
            .collectAsList()) {
      out.put(
          r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3),
          Optional.ofNullable(r.getString(4)));
    }
    return out;
  }

  static final Pattern NUMBER = Pattern.compile("^-?[0-9,]+(\\.[0-9]+)?");

  /** The number at the start of a value cell; empty when the cell shows the missing mark. */
  static Optional<String> shown(Element td) {
    if (td.selectFirst("abbr.na") != null) {
      assertThat(td.text()).as("a missing value cell").isEqualTo("—");
      return Optional.empty();
    }
    Matcher m = NUMBER.matcher(td.text());
    assertThat(m.find()).as("a number in '%s'", td.text()).isTrue();
    return Optional.of(m.group());
  }

  static String text(org.dhatim.fastexcel.reader.Row r, int i) {
    return r.getOptionalCell(i).map(Cell::getText).orElse("");
  }

  static Document html(Path f) throws IOException {
    return Jsoup.parse(f.toFile(), "UTF-8");
  }

  // ------------------------------------------------------------------ tests

  @Test
  @Order(1)
  void weeklyShowsEveryAttainmentRowWithItsValueAndCountsAddUp() throws IOException {
    weekly =
        Reports.write(
            ctx,
            new Reports.Request(
                ReportKind.WEEKLY,
                "2025-W52",
                List.of(Lang.ZH, Lang.EN),
                EnumSet.of(Format.HTML, Format.XLSX),
                Filter.ALL,
                tmp.resolve("out")));
    assertThat(weekly.dir()).isEqualTo(tmp.resolve("out/weekly/2025-W52"));
    weeklyZh = Files.readAllBytes(weekly.file(Lang.ZH, Format.HTML));
    weeklyManifest = Files.readAllBytes(weekly.manifest());
    // daily KPIs at the week, monthly KPIs at the month of its Sunday (2025-12-28)
    Map<String, Optional<String>> want =
        expected(
            "(period_type = 'week' AND period = '2025-W52' AND kpi_id IN ('Q02','Q02b','Q02c','Q03'))"
                + " OR (period_type = 'month' AND period = '2025-12' AND kpi_id NOT IN"
                + " ('Q02','Q02b','Q02c','Q03'))");
    assertThat(want).hasSizeGreaterThan(20);
    Document d = html(weekly.file(Lang.ZH, Format.HTML));
    Map<String, Optional<String>> got = new HashMap<>();
    int missing = 0;
    for (String city : CITIES) {
      Element page = d.getElementById("city-" + city);
      assertThat(page).as("page of %s", city).isNotNull();
      int lines = 0;
      for (Element tr : page.select("tr[data-kpi]")) {
        String key =
            city
                + "|"
                + tr.attr("data-kpi")
                + "|"
                + tr.attr("data-comparison")
                + "|"
                + tr.attr("data-programme");
        Optional<String> v = shown(tr.selectFirst("td.value"));
        missing += v.isEmpty() ? 1 : 0;
        assertThat(got.put(key, v)).as("one line per attainment row: %s", key).isNull();
        lines++;
      }
      int tiles = page.select(".tiles b").stream().mapToInt(b -> Integer.parseInt(b.text())).sum();
      assertThat(tiles).as("status counts of %s add up to its lines", city).isEqualTo(lines);
    }
    assertThat(got).isEqualTo(want);
    // Wuhan has no households in December: T02 is missing there, and shown as missing
    assertThat(missing).isPositive();
    assertThat(got.get(WUHAN + "|T02|benchmark|YC-2015")).isEmpty();
    int overall =
        d.select("#overview .tiles b").stream().mapToInt(b -> Integer.parseInt(b.text())).sum();
    assertThat(overall).isEqualTo(want.size());
    long met =
        spark
            .sql(
                "SELECT * FROM delta.`"
                    + ctx.tables().path("kpi.attainment")
                    + "` WHERE status = 'met' AND ("
                    + "(period_type = 'week' AND period = '2025-W52' AND kpi_id IN ('Q02','Q02b','Q02c','Q03'))"
                    + " OR (period_type = 'month' AND period = '2025-12' AND kpi_id NOT IN ('Q02','Q02b','Q02c','Q03')))")
            .count();
    assertThat(d.select("#overview tfoot td").get(0).text()).isEqualTo(Long.toString(met));
  }

  @Test
  @Order(2)
  void weeklyDataQualityComesFromBronzeAndQuarantine() throws IOException {
    Document d = html(weekly.file(Lang.EN, Format.HTML));
    Element ov =
        d.select("#quality tbody tr").stream()
            .filter(tr -> tr.text().startsWith("outpatient_visit"))
            .findFirst()
            .orElseThrow();
    // rows in, accepted, quarantined, removed at clean, files, late files
    assertThat(ov.select("td").eachText()).containsExactly("5", "3", "2", "1", "2", "1");
    assertThat(d.select("#quality").text()).contains("visit_ts.required");
    assertThat(d.text())
        .contains(
            "5 rows in, 3 quarantined (2 by contract rules, 1 duplicates removed at clean), 1 late files");
  }

  @Test
  @Order(2)
  void weeklyDataQualityListsTheRulesDqMetricsFlaggedInTheWeek() throws IOException {
    Document d = html(weekly.file(Lang.EN, Format.HTML));
    List<Row> flagged =
        ctx.tables()
            .read(spark, "ops.dq_metrics")
            .where("is_jump AND placed_on BETWEEN DATE'2025-12-22' AND DATE'2025-12-28'")
            .collectAsList();
    assertThat(flagged).hasSize(1);
    Row f = flagged.get(0);
    List<Element> rows = d.select("#dq-jumps tbody tr");
    assertThat(rows).hasSize(1);
    // day, source, stage, rule, rows checked, failed, rate, history mean, sd, days
    assertThat(rows.get(0).select("td").eachText().subList(1, 10))
        .containsExactly(
            f.<String>getAs("source"),
            f.<String>getAs("stage"),
            f.<String>getAs("rule_id"),
            String.valueOf(f.<Long>getAs("rows_checked")),
            String.valueOf(f.<Long>getAs("rows_failed")),
            "15.0%",
            "1.0%",
            "0.2%",
            "20");
    assertThat(d.text()).contains("1 rule(s) jumped beyond their history");
  }

  @Test
  @Order(3)
  void spreadsheetHoldsTypedValuesEqualToTheTable() throws IOException {
    Map<String, Double> values = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT city_code, kpi_id, comparison, coalesce(programme, ''), value FROM delta.`"
                    + ctx.tables().path("kpi.attainment")
                    + "`"
                    + " WHERE period = '2025-12' AND period_type = 'month'")
            .collectAsList()) {
      values.put(
          r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3),
          r.isNullAt(4) ? null : r.getDouble(4));
    }
    try (InputStream in = Files.newInputStream(weekly.file(Lang.EN, Format.XLSX));
        ReadableWorkbook wb = new ReadableWorkbook(in)) {
      assertThat(wb.getSheets().map(s -> s.getName()).toList())
          .contains("KPIs", "Provenance", "Quality - sources");
      List<org.dhatim.fastexcel.reader.Row> rows = wb.findSheet("KPIs").orElseThrow().read();
      List<String> header = rows.get(0).stream().map(c -> c == null ? "" : c.getText()).toList();
      int city = header.indexOf("City code");
      int id = header.indexOf("Id");
      int type = header.indexOf("Period type");
      int value = header.indexOf("Value");
      int cmp = header.indexOf("Comparison");
      int prog = header.indexOf("Programme");
      int clause = header.indexOf("Programme and original clause");
      int checked = 0;
      boolean sawMissing = false;
      for (org.dhatim.fastexcel.reader.Row r : rows.subList(1, rows.size())) {
        if (!"month".equals(text(r, type))) {
          continue;
        }
        String key = text(r, city) + "|" + text(r, id) + "|" + text(r, cmp) + "|" + text(r, prog);
        assertThat(values).containsKey(key);
        Cell v = r.getOptionalCell(value).orElse(null);
        Double want = values.get(key);
        if (want == null) {
          assertThat(v == null || v.getType() == CellType.EMPTY)
              .as("missing value %s is an empty cell", key)
              .isTrue();
          sawMissing = true;
        } else {
          assertThat(v.getType()).as(key).isEqualTo(CellType.NUMBER);
          assertThat(v.asNumber().doubleValue()).as(key).isEqualTo(want);
        }
        Cell c = r.getOptionalCell(clause).orElse(null);
        if (c != null && c.getType() != CellType.EMPTY) {
          assertThat(c.getType()).isEqualTo(CellType.STRING);
        }
        checked++;
      }
      assertThat(checked).isGreaterThan(20);
      assertThat(sawMissing).isTrue();
      List<org.dhatim.fastexcel.reader.Row> prov = wb.findSheet("Provenance").orElseThrow().read();
      long attVersion = ctx.tables().version(spark, "kpi.attainment");
      assertThat(
              prov.stream()
                  .filter(r -> "kpi.attainment".equals(text(r, 0)))
                  .findFirst()
                  .orElseThrow()
                  .getCell(1)
                  .asNumber()
                  .longValue())
          .isEqualTo(attVersion);
    }
  }

  @Test
  @Order(4)
  void quarterlyRollupsAreTheProgrammeObservations() throws IOException {
    Reports.Written q =
        Reports.write(
            ctx,
            new Reports.Request(
                ReportKind.QUARTERLY,
                "2025-Q4",
                List.of(Lang.ZH),
                EnumSet.of(Format.HTML),
                Filter.ALL,
                tmp.resolve("out")));
    Document d = html(q.file(Lang.ZH, Format.HTML));
    Map<String, Optional<String>> want = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT geo_code, kpi_id, "
                    + shownSql()
                    + " FROM delta.`"
                    + ctx.tables().path("kpi.observation")
                    + "`"
                    + " WHERE geo_level = 'programme' AND period_type = 'quarter' AND period = '2025-Q4'")
            .collectAsList()) {
      want.put(r.getString(0) + "|" + r.getString(1), Optional.ofNullable(r.getString(2)));
    }
    int checked = 0;
    for (String p : List.of("YC-2015", "HE-2019", "HB-2014")) {
      Element sec = d.getElementById("p-" + p);
      assertThat(sec).as("section of %s", p).isNotNull();
      for (Element tr : sec.select("table.rollups tr[data-kpi]")) {
        String key = p + "|" + tr.attr("data-kpi");
        assertThat(want).containsKey(key);
        assertThat(shown(tr.selectFirst("td.value"))).as(key).isEqualTo(want.get(key));
        checked++;
      }
      assertThat(sec.select("svg.heat title").first().text()).contains(p);
    }
    assertThat(checked).isGreaterThan(20);
    // HB-2014 sets no target: two cities ranked against benchmark targets
    assertThat(d.getElementById("p-HB-2014").select("svg.bars")).isNotEmpty();
  }

  @Test
  @Order(5)
  void annualScoreIsComputedFromTheYearsAttainmentRows() throws IOException {
    Reports.Written a =
        Reports.write(
            ctx,
            new Reports.Request(
                ReportKind.ANNUAL,
                "2025",
                List.of(Lang.EN),
                EnumSet.of(Format.HTML),
                new Filter(List.of(), List.of(YANCHENG)),
                tmp.resolve("out")));
    assertThat(a.dir()).isEqualTo(tmp.resolve("out/annual/2025/" + YANCHENG));
    Document d = html(a.file(Lang.EN, Format.HTML));
    assertThat(d.select("section.city")).hasSize(1);
    Evaluation ev = Fixtures.refs().evaluation();
    Map<String, Row> rows = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT kpi_id, value, attainment_pct, status FROM delta.`"
                    + ctx.tables().path("kpi.attainment")
                    + "` WHERE period_type = 'year' AND period = '2025' AND city_code = '"
                    + YANCHENG
                    + "' AND comparison = 'programme' AND programme = 'YC-2015'")
            .collectAsList()) {
      rows.put(r.getString(0), r);
    }
    // every YC-2015 target of the catalog is an indicator; one without a row is missing
    Map<String, List<Double>> byGroup = new HashMap<>();
    int indicators = 0;
    int missing = 0;
    int noValue = 0;
    for (org.citykpi.kpi.Kpi k : Fixtures.refs().catalog().kpis()) {
      if (k.targetList().stream().noneMatch(t -> t.programme().equals("YC-2015"))) {
        continue;
      }
      indicators++;
      Row r = rows.get(k.id());
      noValue += r == null || r.isNullAt(1) ? 1 : 0;
      if (r == null
          || r.isNullAt(1)
          || r.isNullAt(2)
          || "insufficient data".equals(r.getString(3))) {
        missing++;
        continue;
      }
      byGroup
          .computeIfAbsent(ev.groupOf(k.id()).id(), g -> new ArrayList<>())
          .add(Math.max(0, Math.min(100, r.getDouble(2))));
    }
    // the fixture leaves T16 (no vehicles table) and Q04 (no traffic) without a row, and the daily
    // Q02, Q03 with four weeks of the year: values, but insufficient data
    assertThat(missing).isEqualTo(4);
    assertThat(noValue).isEqualTo(2);
    assertThat(100.0 * missing / indicators).isLessThanOrEqualTo(ev.maxMissingPct());
    assertThat(d.select("table.targets tr[data-kpi] td.value abbr.na")).hasSize(noValue);
    assertThat(d.select("table.targets tr[data-kpi]")).hasSize(indicators);
    double weights = 0;
    double sum = 0;
    for (Evaluation.Group g : ev.groups()) {
      List<Double> s = byGroup.get(g.id());
      if (s != null) {
        weights += g.weight();
        sum += g.weight() * s.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      }
    }
    Element score = d.selectFirst("[data-score]");
    assertThat(Double.parseDouble(score.attr("data-score")))
        .isCloseTo(sum / weights, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  @Order(6)
  void rebuildAfterALaterRunReproducesTheFirstReport() throws IOException {
    long before = ctx.tables().version(spark, "kpi.attainment");
    // a later run corrects Yancheng's week: kpi.attainment gets a new version with other values
    String week = "city_code = '" + YANCHENG + "' AND period_type = 'week' AND period = '2025-W52'";
    org.apache.spark.sql.Dataset<Row> corrected =
        ctx.tables()
            .read(spark, "kpi.attainment")
            .where(week)
            .withColumn("value", org.apache.spark.sql.functions.expr("value + 1"))
            .localCheckpoint();
    ctx.tables().replace(spark, "kpi.attainment", corrected, week);
    RunContext later = context("2025-12-01", "2025-12-31");
    Reports.Written now =
        Reports.write(
            later,
            new Reports.Request(
                ReportKind.WEEKLY,
                "2025-W52",
                List.of(Lang.ZH),
                EnumSet.of(Format.HTML),
                Filter.ALL,
                tmp.resolve("now")));
    assertThat(Files.readAllBytes(now.file(Lang.ZH, Format.HTML)))
        .as("a fresh report sees the change")
        .isNotEqualTo(weeklyZh);

    Path again = tmp.resolve("again");
    Reports.Written re = Reports.rebuild(later, weekly.manifest(), again, null);
    assertThat(Files.readAllBytes(re.file(Lang.ZH, Format.HTML))).isEqualTo(weeklyZh);
    assertThat(Files.readAllBytes(again.resolve(Manifest.FILE))).isEqualTo(weeklyManifest);
    assertThat(re.file(Lang.EN, Format.XLSX)).isNotNull();
  }
}
