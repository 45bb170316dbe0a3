package org.citykpi.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;
import org.citykpi.contract.SourceContract;
import org.citykpi.domain.Domains;
import org.citykpi.testing.Plans;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bronze → silver by the contract and the declaration alone: personal columns become keyed hashes
 * (or the run is refused), times become UTC, declared expressions are evaluated, every row gets its
 * source; a second feed of an entity needs no code.
 */
@ExtendWith(SparkExtension.class)
class SilverPlanTest {
  static SourceContract contract(String yaml) {
    try {
      return Yaml.mapper().readValue(yaml, SourceContract.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static SilverPlan plan(SourceContract c) {
    return SilverPlan.of(c, Plans.TABLES, Domains.all(), Plans.SCHEMAS);
  }

  /** A second smart-card feed: a metro operator's gate export, in its own zone and units. */
  static final SourceContract GATES =
      contract(
          """
          source: metro_gates
          domain: traffic
          entity: transit_trip
          format: csv
          grain: day
          event_time: {column: boarding_time_local, format: "yyyy/MM/dd HH:mm:ss", zone: Asia/Shanghai}
          natural_key: [card_id, boarding_time_local]
          pii: [card_id]
          columns:
            - {name: card_id,             type: string, nullable: false}
            - {name: city_code,           constant: "420100", type: string}
            - {name: mode,                constant: metro, type: string}
            - {name: line_name,           type: string}
            - {name: boarding_time_local, type: timestamp, nullable: false}
            - {name: fare_cny,            type: double, scale: 0.01}
          """);

  @Test
  void aSecondFeedNeedsOnlyItsContract(SparkSession spark) {
    LocalDateTime t = LocalDateTime.parse("2026-10-05T08:00");
    Dataset<Row> bronze =
        frame(
            spark,
            "card_id STRING, city_code STRING, mode STRING, line_name STRING, "
                + "boarding_time_local TIMESTAMP_NTZ, fare_cny DOUBLE, local_date DATE",
            row("8800112233", "420100", "metro", "2号线", t, 2.0, t.toLocalDate()),
            row(
                "8800112234",
                "420100",
                "metro",
                null,
                t.plusHours(16),
                null,
                LocalDate.parse("2026-10-06")));

    Dataset<Row> silver =
        Plans.TABLES.conform("silver.transit_trip", plan(GATES).toSilver(bronze, Plans.KEY));

    assertRows(
        silver,
        List.of(
            row(
                "metro_gates",
                Plans.hash("8800112233"),
                "420100",
                "metro",
                true,
                "2号线",
                Instant.parse("2026-10-05T00:00:00Z"),
                LocalDate.parse("2026-10-05"),
                2.0),
            row(
                "metro_gates",
                Plans.hash("8800112234"),
                "420100",
                "metro",
                true,
                null,
                Instant.parse("2026-10-05T16:00:00Z"),
                LocalDate.parse("2026-10-06"),
                null)));
    assertThat(silver.columns()).doesNotContain("card_id");
  }

  @Test
  void aPersonalColumnTheDeclarationKeepsInClearIsRefused() {
    // A road feed whose segment ids are plates (浙A12345): road_speed keeps segment_id as it is.
    SourceContract plates =
        contract(
            """
            source: plate_speeds
            domain: traffic
            entity: road_speed
            format: csv
            grain: day
            event_time: {column: interval_start_local, format: "yyyy-MM-dd HH:mm", zone: Asia/Shanghai}
            natural_key: [segment_id, interval_start_local]
            pii: [segment_id]
            columns:
              - {name: segment_id,           type: string}
              - {name: city_code,            type: string}
              - {name: interval_start_local, type: timestamp}
              - {name: speed_kmh,            type: double}
              - {name: free_flow_kmh,        type: double}
            """);

    assertThatThrownBy(() -> plan(plates))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith(
            "Invalid contract schemas/sources/plate_speeds.yaml for silver.road_speed: ")
        .hasMessageContaining(
            "columns.segment_id is personal, but schemas/tables/silver/road_speed.yaml column"
                + " segment_id is a plain column: it would reach silver in clear");
  }

  @Test
  void aColumnMarkedPersonalIsGuardedLikeAPiiOne() {
    SourceContract marked =
        contract(
            """
                source: marked
                domain: traffic
                entity: transit_trip
                format: csv
                grain: day
                event_time: {column: boarding_time_local, zone: Asia/Shanghai}
                natural_key: [card_id, boarding_time_local]
                columns:
                  - {name: card_id,             type: string}
                  - {name: mode,                type: string, personal: true}
                  - {name: boarding_time_local, type: timestamp}
                """);

    assertThat(marked.piiColumns()).containsExactly("mode");
    assertThatThrownBy(() -> plan(marked))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("columns.mode is personal")
        .hasMessageContaining("transit_trip.yaml column mode is a plain column");
  }

  @Test
  void anEntityNoDomainDeclaresIsRefused() {
    SourceContract unknown =
        contract(
            """
            source: bikes
            domain: traffic
            entity: bike_trip
            format: csv
            grain: day
            event_time: {column: t, zone: Asia/Shanghai}
            natural_key: [t]
            columns:
              - {name: t, type: timestamp}
            """);

    assertThatThrownBy(() -> plan(unknown))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining("entity: unknown entity 'bike_trip' (declared by the domains: [");
  }

  @Test
  void theContractsDomainMustOwnTheEntity() {
    SourceContract misfiled =
        contract(
            """
            source: misfiled
            domain: health
            entity: road_speed
            format: csv
            grain: day
            event_time: {column: interval_start_local, zone: Asia/Shanghai}
            natural_key: [segment_id, interval_start_local]
            columns:
              - {name: segment_id,           type: string}
              - {name: city_code,            type: string}
              - {name: interval_start_local, type: timestamp}
              - {name: speed_kmh,            type: double}
              - {name: free_flow_kmh,        type: double}
            """);

    assertThatThrownBy(() -> plan(misfiled))
        .hasMessageContaining("domain: entity road_speed belongs to domain traffic, not health");
  }

  @Test
  void everyRepositoryContractHasASafePlan() {
    for (SourceContract c : Plans.CONTRACTS.values()) {
      assertThat(plan(c).silver().table()).isEqualTo("silver." + c.entity());
    }
  }

  @Test
  void theNewestVintageIsCurrentAndOlderOnesStay(SparkSession spark) {
    SilverPlan nbs = Plans.plan("nbs_province_annual");
    LocalDate y2017 = LocalDate.parse("2017-01-01");
    Dataset<Row> bronze =
        frame(
            spark,
            "province_code STRING, year_start DATE, indicator_name_zh STRING, unit STRING, "
                + "value DOUBLE, month DATE, _vintage STRING",
            row("110000", y2017, "地区生产总值", "亿元", 31325.9, y2017, "2024"),
            row("110000", y2017, "地区生产总值", "亿元", 28014.94, y2017, "2018"),
            row("120000", y2017, "地区生产总值", "亿元", 12450.6, y2017, "2018"));

    assertRows(
        nbs.toSilver(bronze, Plans.KEY)
            .select("province_code", "year", "value", "vintage", "is_latest_vintage", "source"),
        List.of(
            row("110000", 2017, 31325.9, "2024", true, "nbs_province_annual"),
            row("110000", 2017, 28014.94, "2018", false, "nbs_province_annual"),
            // a key only the older vintage has: that vintage is its latest
            row("120000", 2017, 12450.6, "2018", true, "nbs_province_annual")));
  }
}
