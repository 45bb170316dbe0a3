package org.citykpi.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;
import org.junit.jupiter.api.Test;

class CatalogTest {
  static final Path SCHEMAS = Paths.get(System.getProperty("citykpi.repo"), "schemas");
  static final Map<String, TableSpec> TABLES =
      Tables.load("/tmp/unused", SCHEMAS, Contracts.load(SCHEMAS)).specs();
  static final Programmes PROGRAMMES = Programmes.load(SCHEMAS);

  /** A valid one-KPI catalog; each failure test breaks one field of it. */
  static String kpi(
      String id, String unit, String numerator, String denominator, String scale, String target) {
    return """
        kpis:
          - id: %s
            name_zh: 光纤入户率
            name_en: FTTH rate
            definition_en: ftth / households
            unit: %s
            table: gold.city_month_indicators
            numerator: "%s"
            %s
            scale: %s
            direction: higher
            frequency: month
            aggregation: last
            targets:
              - %s
        """
        .formatted(
            id,
            unit,
            numerator,
            denominator == null ? "" : "denominator: \"" + denominator + "\"",
            scale,
            target);
  }

  static final String TARGET =
      "{programme: YC-2015, comparator: \">=\", value: 85, baseline_period: \"2014\","
          + " deadline: \"2017-12-31\", doc_id: YC-2015, clause_zh: \"光纤入户率达到85%以上\"}";

  static Catalog parse(String yaml) {
    return Catalog.parse(yaml, TABLES, PROGRAMMES);
  }

  @Test
  void theShippedCatalogHasAll34IdsEachTargetWithAClause() {
    Catalog c = Catalog.load(SCHEMAS, TABLES, PROGRAMMES);
    List<String> ids =
        Stream.concat(
                IntStream.rangeClosed(1, 27).mapToObj(i -> String.format("T%02d", i)),
                IntStream.rangeClosed(1, 7).mapToObj(i -> "Q0" + i))
            .toList();
    assertThat(ids).hasSize(34);
    for (String id : ids) {
      assertThat(c.contains(id)).as("KPI %s in catalog", id).isTrue();
      assertThat(c.kpi(id).targetList()).as("targets of %s", id).isNotEmpty();
      c.kpi(id)
          .targetList()
          .forEach(t -> assertThat(t.clauseZh()).as("clause of %s", id).isNotBlank());
    }
    assertThat(c.kpi("Q05").targetList()).allMatch(Kpi.Target::proposal);
    assertThat(c.kpi("T02").targetList().get(0).clauseZh()).isEqualTo("光纤入户率达到85%以上");
  }

  @Test
  void aValidKpiParses() {
    Catalog c = parse(kpi("T02", "pct", "ftth_households", "households", "100", TARGET));
    assertThat(c.kpi("T02").scaleOrOne()).isEqualTo(100.0);
  }

  @Test
  void unknownTableIsNamed() {
    String yaml =
        kpi("T02", "pct", "ftth_households", "households", "100", TARGET)
            .replace("gold.city_month_indicators", "gold.city_month_nothing");
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(
            "KPI T02: table 'gold.city_month_nothing' is not a declared gold table");
  }

  @Test
  void unknownColumnIsNamedWithItsField() {
    assertThatThrownBy(
            () -> parse(kpi("T02", "pct", "ftth_households", "household_count", "100", TARGET)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T02: denominator refers to unknown column(s) [household_count]");
  }

  @Test
  void aGoldQualityRuleOnAnUnknownColumnIsNamed() {
    Map<String, TableSpec> tables = new HashMap<>(TABLES);
    TableSpec s = TABLES.get("gold.city_month_indicators");
    tables.put(
        s.table(),
        new TableSpec(
            s.table(),
            s.description(),
            s.grain(),
            s.partitionBy(),
            s.intervalColumn(),
            s.key(),
            s.columns(),
            new TableSpec.Quality("indicators_reported >= 1 AND reported_share > 0.5", "why")));
    assertThatThrownBy(
            () ->
                Catalog.parse(
                    kpi("T02", "pct", "ftth_households", "households", "100", TARGET),
                    tables,
                    PROGRAMMES))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(
            "table gold.city_month_indicators: quality rule refers to unknown column(s) [reported_share]");
  }

  @Test
  void theShippedQualityRulesParse() {
    assertThat(TABLES.get("gold.city_day_air").quality().rule()).contains("station_hours");
    assertThat(TABLES.get("gold.city_day_traffic").quality().rule()).contains("peak_readings");
    Catalog.load(
        SCHEMAS, TABLES, PROGRAMMES); // validates every quality rule of a table a KPI reads
  }

  @Test
  void aGrowthPromiseWithoutBaselineIsNamed() {
    String target =
        "{programme: YC-2015, comparator: \">\", value: 700, growth_pct_per_year: 30,"
            + " deadline: \"2017-12-31\", doc_id: YC-2015, clause_zh: \"年均增长30%\"}";
    assertThatThrownBy(
            () -> parse(kpi("T02", "pct", "ftth_households", "households", "100", target)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(
            "KPI T02 target 1 (YC-2015): growth_pct_per_year needs a baseline_period");
  }

  @Test
  void unparsableExpressionIsNamed() {
    assertThatThrownBy(
            () -> parse(kpi("T02", "pct", "ftth_households +", "households", "100", TARGET)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T02: numerator 'ftth_households +'");
  }

  @Test
  void pctOfDifferentUnitsIsAUnitMismatch() {
    // households / persons is not a dimensionless share
    assertThatThrownBy(
            () -> parse(kpi("T02", "pct", "ftth_households", "resident_population", "100", TARGET)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T02: unit pct (scale 100) does not follow")
        .hasMessageContaining("households·persons^-1");
  }

  @Test
  void moneyKpiMustSumAMoneyColumn() {
    assertThatThrownBy(() -> parse(kpi("T17", "yuan_100m", "households", null, "1", TARGET)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T17: unit yuan_100m");
    assertThat(
            parse(kpi("T17", "yuan_100m", "info_consumption_total", null, "1", TARGET))
                .kpi("T17")
                .unit())
        .isEqualTo("yuan_100m");
  }

  @Test
  void addingDifferentUnitsIsAUnitMismatch() {
    assertThatThrownBy(
            () ->
                parse(
                    kpi(
                        "T02",
                        "pct",
                        "ftth_households + internet_users",
                        "households",
                        "100",
                        TARGET)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T02: unit mismatch");
  }

  @Test
  void intensiveUnitWithoutDenominatorIsRefused() {
    // Mbps of two cities cannot be summed: a weight is required
    assertThatThrownBy(
            () -> parse(kpi("T01", "Mbps", "avg_household_bandwidth_mbps", null, "1", TARGET)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T01: unit Mbps cannot be summed");
  }

  @Test
  void targetWithoutClauseIsRefused() {
    String noClause = TARGET.replace("clause_zh: \"光纤入户率达到85%以上\"", "clause_zh: \"\"");
    assertThatThrownBy(
            () -> parse(kpi("T02", "pct", "ftth_households", "households", "100", noClause)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T02 target 1 (YC-2015): clause_zh is empty");
  }

  @Test
  void duplicateIdIsRefused() {
    String one = kpi("T02", "pct", "ftth_households", "households", "100", TARGET);
    String twice = one + one.substring(one.indexOf("  - id:"));
    assertThatThrownBy(() -> parse(twice))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("KPI T02: duplicate id");
  }

  @Test
  void unknownProgrammeIsRefused() {
    String t = TARGET.replace("programme: YC-2015", "programme: XX-2099");
    assertThatThrownBy(() -> parse(kpi("T02", "pct", "ftth_households", "households", "100", t)))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(
            "KPI T02 target 1 (XX-2099): programme 'XX-2099' is not in programmes.yaml");
  }
}
