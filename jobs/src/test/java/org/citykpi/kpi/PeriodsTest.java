package org.citykpi.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.citykpi.ops.Interval;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SparkExtension.class)
class PeriodsTest {
  static final String[] DATES = {
    "2026-12-28", "2026-12-31", "2027-01-01", "2027-01-04", "2021-01-03"
  };

  @Test
  void isoWeekLabelsAroundNewYearInSparkAndJava(SparkSession spark) {
    StructType schema = new StructType().add("d", DataTypes.DateType, true);
    List<Row> rows =
        new ArrayList<>(Arrays.stream(DATES).map(s -> RowFactory.create(Date.valueOf(s))).toList());
    rows.add(RowFactory.create((Object) null));
    Dataset<Row> df = spark.createDataFrame(rows, schema);
    Column d = df.col("d");
    List<Row> out =
        df.select(
                d,
                Periods.label(Periods.WEEK, d),
                Periods.start(Periods.WEEK, d),
                Periods.end(Periods.WEEK, d),
                Periods.label(Periods.QUARTER, d),
                Periods.end(Periods.QUARTER, d))
            .collectAsList();
    assertThat(out.get(1).getString(1)).as("2026-12-31 (Thursday)").isEqualTo("2026-W53");
    assertThat(out.get(2).getString(1)).as("2027-01-01 (Friday)").isEqualTo("2026-W53");
    assertThat(out.get(2).getDate(2)).isEqualTo(Date.valueOf("2026-12-28"));
    assertThat(out.get(2).getDate(3)).isEqualTo(Date.valueOf("2027-01-03"));
    assertThat(out.get(3).getString(1)).as("2027-01-04 (Monday)").isEqualTo("2027-W01");
    assertThat(out.get(4).getString(1)).as("2021-01-03 (Sunday)").isEqualTo("2020-W53");
    assertThat(out.get(1).getString(4)).isEqualTo("2026-Q4");
    assertThat(out.get(1).getDate(5)).isEqualTo(Date.valueOf("2026-12-31"));
    assertThat(out.get(5).isNullAt(1)).as("null date").isTrue();
    for (int i = 0; i < DATES.length; i++) {
      assertThat(Periods.isoWeek(LocalDate.parse(DATES[i])))
          .as(DATES[i])
          .isEqualTo(out.get(i).getString(1));
    }
  }

  @Test
  void parsesIsoWeeksAndCoversWholePeriods() {
    assertThat(Periods.parseIsoWeek("2026-W53")).isEqualTo(Interval.of("2026-12-28", "2027-01-03"));
    assertThat(Periods.parseIsoWeek("2026-W01")).isEqualTo(Interval.of("2025-12-29", "2026-01-04"));
    // a run on New Year's Eve reads its whole year and its whole ISO week
    assertThat(Periods.coverage(Interval.of("2026-12-31", "2026-12-31")))
        .isEqualTo(Interval.of("2026-01-01", "2027-01-03"));
    assertThat(Periods.coverage(Interval.of("2027-01-01", "2027-01-01")))
        .isEqualTo(Interval.of("2026-12-28", "2027-12-31"));
  }

  @Test
  void javaPeriodBoundsAreSparksForEveryDayOfALeapAndTwoCommonYears(SparkSession spark) {
    Dataset<Row> days =
        spark.sql("SELECT explode(sequence(DATE'2027-01-01', DATE'2029-01-01')) AS d");
    Column d = days.col("d");
    List<String> grains = Periods.DAILY_GRAINS;
    List<Column> cols = new ArrayList<>(List.of(d));
    for (String g : grains) {
      cols.add(Periods.start(g, d));
      cols.add(Periods.end(g, d));
    }
    List<Row> rows = days.select(cols.toArray(Column[]::new)).collectAsList();
    assertThat(rows).hasSize(732); // 2028 is a leap year
    for (Row r : rows) {
      LocalDate day = r.getDate(0).toLocalDate();
      for (int i = 0; i < grains.size(); i++) {
        String g = grains.get(i);
        assertThat(Periods.startOf(g, day))
            .as(g + " start of " + day)
            .isEqualTo(r.getDate(1 + 2 * i).toLocalDate());
        assertThat(Periods.endOf(g, day))
            .as(g + " end of " + day)
            .isEqualTo(r.getDate(2 + 2 * i).toLocalDate());
      }
    }
  }
}
