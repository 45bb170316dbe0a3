package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DqMetrics#flush} against a real table, without the stages: the history of a later run
 * comes from the table, a jump is flagged and put in the run log, and re-measuring a day replaces
 * its rows.
 */
@ExtendWith(SparkExtension.class)
class DqMetricsIT {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-02-01T00:00:00Z"), ZoneOffset.UTC);
  static final LocalDate JAN1 = LocalDate.of(2024, 1, 1);

  @TempDir Path tmp;

  RunContext ctx(SparkSession spark, LocalDate from, LocalDate to) {
    return new RunContext(
        spark, tmp.resolve("wh").toString(), Paths.get("schemas"), new Interval(from, to), CLOCK);
  }

  /** 200 rows checked a day; {@code failed} of them failed x.range. */
  static void day(DqMetrics dq, LocalDate d, long failed) {
    Map<LocalDate, Map<String, Long>> f = new TreeMap<>();
    if (failed > 0) {
      f.put(d, Map.of("x.range", failed, DqMetrics.ANY_RULE, failed));
    }
    dq.add("ingest", "road_speed", false, new Interval(d, d), Map.of(d, 200L), f);
  }

  @Test
  void aLaterRunIsJudgedAgainstTheTableAndARerunReplacesItsDay(SparkSession spark) {
    // a backfill of eight days: x.range fails 2 of 200 rows (1 %) a day, 0 on the 5th
    RunContext backfill = ctx(spark, JAN1, JAN1.plusDays(7));
    for (int i = 0; i < 8; i++) {
      day(backfill.dq(), JAN1.plusDays(i), i == 4 ? 0 : 2);
    }
    DqMetrics.Written first = backfill.dq().flush(backfill);
    assertThat(first.jumps()).isEmpty();

    // the next day, in a run of its own: 30 of 200 fail
    RunContext next = ctx(spark, JAN1.plusDays(8), JAN1.plusDays(8));
    day(next.dq(), JAN1.plusDays(8), 30);
    DqMetrics.Written second = next.dq().flush(next);
    Tables tables = next.tables();
    Row r =
        tables
            .read(spark, DqMetrics.TABLE)
            .where("rule_id = 'x.range' AND placed_on = DATE'2024-01-09'")
            .head();
    // history: 7 days at 0.01 and one at 0: mean 0.00875, sd sqrt((7*0.00125^2 + 0.00875^2)/8)
    double sd = Math.sqrt((7 * 0.00125 * 0.00125 + 0.00875 * 0.00875) / 8);
    assertThat(r.<Integer>getAs("baseline_days")).isEqualTo(8);
    assertThat(r.<Double>getAs("baseline_mean")).isCloseTo(0.00875, within());
    assertThat(r.<Double>getAs("baseline_sd")).isCloseTo(sd, within());
    assertThat(r.<Double>getAs("failure_rate")).isEqualTo(0.15);
    assertThat(r.<Boolean>getAs("is_jump")).isTrue();
    assertThat(second.jumps()).hasSize(2); // x.range and '*' (the same rows)
    assertThat(next.log().entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.job()).isEqualTo("dq");
              assertThat(e.message()).contains("2 rule(s) jumped", "x.range on 2024-01-09");
            });
    // day 8 of the backfill was judged against days 1..7 of the same run: 6 at 1 %, one at 0
    Row d8 =
        tables
            .read(spark, DqMetrics.TABLE)
            .where("rule_id = 'x.range' AND placed_on = DATE'2024-01-08'")
            .head();
    assertThat(d8.<Integer>getAs("baseline_days")).isEqualTo(7);
    assertThat(d8.<Boolean>getAs("is_jump")).isFalse();

    // the day again, now with 3 failures: one row per key, the new figures, no jump
    RunContext again = ctx(spark, JAN1.plusDays(8), JAN1.plusDays(8));
    day(again.dq(), JAN1.plusDays(8), 3);
    assertThat(again.dq().flush(again).jumps()).isEmpty();
    List<Row> rows =
        tables.read(spark, DqMetrics.TABLE).where("placed_on = DATE'2024-01-09'").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows).allSatisfy(x -> assertThat(x.<Long>getAs("rows_failed")).isEqualTo(3L));
    assertThat(tables.read(spark, DqMetrics.TABLE).count())
        .isEqualTo(8 + 7 + 2); // a * row a day, x.range on 7 days, day 9
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
