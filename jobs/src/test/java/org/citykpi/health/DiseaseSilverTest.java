package org.citykpi.health;

import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.frame;
import static org.citykpi.testing.DataFrameAssert.row;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cumulative counts to daily new cases and downward revisions. */
@ExtendWith(SparkExtension.class)
class DiseaseSilverTest {
  static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void firstReportHasNoNewCasesYetAndARevisionIsACorrection(SparkSession spark) {
    Dataset<Row> cum =
        frame(
            spark,
            "city_code STRING, province_code STRING, city_name STRING, report_date DATE, "
                + "local_date DATE, confirmed_cum BIGINT, cured_cum BIGINT, dead_cum BIGINT",
            row("420100", "420000", "武汉", d("2020-01-01"), d("2020-01-01"), 41L, 0L, 0L),
            row("420100", "420000", "武汉", d("2020-01-02"), d("2020-01-02"), 44L, 2L, null),
            row("420100", "420000", "武汉", d("2020-01-03"), d("2020-01-03"), 41L, 2L, 1L));

    assertRows(
        DiseaseSilver.toSilver(cum, null)
            .select(
                "report_date",
                "days_since_previous",
                "confirmed_new",
                "confirmed_correction",
                "cured_new",
                "dead_new",
                "is_correction"),
        List.of(
            // first report: 41 cumulative cases are not 41 (nor 0) new cases of that day
            row(d("2020-01-01"), null, null, null, null, null, false),
            // a null count stays unknown
            row(d("2020-01-02"), 1, 3L, 0L, 2L, null, false),
            // 44 -> 41: a revision of 3, never -3 new cases
            row(d("2020-01-03"), 1, 0L, 3L, 0L, null, true)));
  }
}
