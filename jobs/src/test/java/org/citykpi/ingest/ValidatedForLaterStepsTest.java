package org.citykpi.ingest;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;
import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.row;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.citykpi.contract.Validation;
import org.citykpi.geo.Reference;
import org.citykpi.testing.Plans;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What ingest persists of the validated records (decision 0015): the file window's end taken from
 * the record's file date when every file is named for a day, from a look-up by file otherwise, with
 * the same rules either way; and the raw text and fields kept only for the records the quarantine
 * shows.
 */
@ExtendWith(SparkExtension.class)
class ValidatedForLaterStepsTest {
  static final SourceContract ROAD = Plans.CONTRACTS.get("road_speed");
  static final SourceContract TRIPS = Plans.CONTRACTS.get("transit_trip");
  static final Reference REF = Reference.load(Paths.get("schemas"));
  static final String OUTSIDE = "event_time.outside_file_window";

  static Row road(String file, long line, String time) {
    String[] f = {"R1", "330100", time, "40", "60"};
    return RawRecords.record(
        file, line, String.join(",", f), "UTF-8", f, null, RawRecords.fileDate(file));
  }

  /** The validated records of {@code rows}, windowed by each file's window ({@link FileWindow}). */
  static Dataset<Row> windowed(SparkSession spark, List<Row> rows) {
    Map<String, String> ends = new HashMap<>();
    for (Row r : rows) {
      FileWindow w = FileWindow.of(r.getString(0));
      if (w != null) {
        ends.put(r.getString(0), w.to().toString());
      }
    }
    return IngestJob.withinFileWindow(
        Validation.withValidation(spark.createDataFrame(rows, RawRecords.SCHEMA), ROAD, REF), ends);
  }

  /** Line numbers of the records outside their file's window, in order. */
  static List<Long> outside(Dataset<Row> windowed) {
    List<Long> out = new ArrayList<>();
    for (Row r :
        windowed
            .where(array_contains(col(Validation.RULE_IDS), OUTSIDE))
            .select(RawRecords.LINE)
            .orderBy(RawRecords.LINE)
            .collectAsList()) {
      out.add(r.getLong(0));
    }
    return out;
  }

  @Test
  void dailyFilesEndTheirWindowOnTheirOwnDateWithoutALookUp(SparkSession spark) {
    String day = "traffic/road_speed/2026-11-10.csv";
    String other = "traffic/road_speed/2026-11-09.csv.gz";
    assertThat(IngestJob.windowEnd(Map.of(day, "2026-11-10", other, "2026-11-09")).toString())
        .isEqualTo(RawRecords.FILE_DATE);

    List<Row> rows =
        List.of(
            road(day, 2, "2026-11-10 23:55"), // the window's last day: inside
            road(day, 3, "2026-11-11 00:00"), // a day after it: outside
            road(day, 4, "2026-11-03 00:00"), // 7 days late: inside
            road(day, 5, "2026-11-02 23:55"), // 8 days late: outside
            road(day, 6, ""), // no event time: required, not outside
            road(other, 7, "2026-11-10 00:00")); // after the other file's date: outside
    Dataset<Row> v = windowed(spark, rows);

    assertThat(outside(v)).containsExactly(3L, 5L, 7L);
    assertRows(
        v.where(col(RawRecords.LINE).equalTo(6)).select(Validation.RULE_IDS),
        List.of(row(List.of("interval_start_local.required"))));
  }

  @Test
  void filesOfOtherWindowsAreLookedUpByName(SparkSession spark) {
    String month = "traffic/road_speed/2026-11.csv";
    String day = "traffic/road_speed/2026-11-10.csv";
    String undated = "traffic/road_speed/extra.csv";
    assertThat(IngestJob.windowEnd(Map.of(month, "2026-11-30", day, "2026-11-10")).toString())
        .isNotEqualTo(RawRecords.FILE_DATE);

    List<Row> rows =
        List.of(
            road(month, 2, "2026-11-30 23:55"), // the month's last day: inside
            road(month, 3, "2026-12-01 00:00"), // after the month: outside
            road(day, 4, "2026-11-10 12:00"), // the day itself: inside
            road(day, 5, "2026-11-11 00:00"), // after it: outside
            road(undated, 6, "2030-01-01 00:00")); // an undated file has no window
    assertThat(outside(windowed(spark, rows))).containsExactly(3L, 5L);
  }

  @Test
  void onlyRejectedRecordsKeepTheirRawText(SparkSession spark) {
    String day = "traffic/road_speed/2026-11-10.csv";
    Dataset<Row> kept =
        IngestJob.forLaterSteps(
            windowed(
                spark, List.of(road(day, 2, "2026-11-10 08:00"), road(day, 3, "2026-11-12 08:00"))),
            ROAD);

    assertThat(kept.columns())
        .doesNotContain(
            RawRecords.FIELDS, RawRecords.ENCODING, RawRecords.PARSE_ERROR, RawRecords.PARSE_RULE);
    assertRows(
        kept.select(col(RawRecords.LINE), col(RawRecords.RAW), IngestJob.quarantineText(ROAD, null))
            .orderBy(RawRecords.LINE),
        List.of(
            row(2L, null, null),
            row(3L, "R1,330100,2026-11-12 08:00,40,60", "R1,330100,2026-11-12 08:00,40,60")));
  }

  @Test
  void aSourceWithPersonalFieldsKeepsTheFieldsItsQuarantineHashes(SparkSession spark) {
    String file = "traffic/transit_trip/2026-10-05.csv";
    String card = "94307161775532";
    String[] good = {card, "130100", "bus", "3号线", "2026-10-05 06:41:53", "7.00"};
    String[] bad = {card, "130100", "bus", "3号线", "2026-10-05 06:41:53", "900"};
    List<Row> rows =
        List.of(
            RawRecords.record(
                file, 2, String.join(",", good), "UTF-8", good, null, RawRecords.fileDate(file)),
            RawRecords.record(
                file, 3, String.join(",", bad), "UTF-8", bad, null, RawRecords.fileDate(file)),
            RawRecords.record(
                file, 4, "x", "UTF-8", null, "line has 1 fields", RawRecords.fileDate(file)));
    Dataset<Row> kept =
        IngestJob.forLaterSteps(
            Validation.withValidation(spark.createDataFrame(rows, RawRecords.SCHEMA), TRIPS, REF),
            TRIPS);

    assertRows(
        kept.select(
            col(RawRecords.LINE), col(RawRecords.FIELDS).isNull(), col(RawRecords.RAW).isNull()),
        List.of(row(2L, true, true), row(3L, false, false), row(4L, true, false)));
    assertRows(
        kept.where(size(col(Validation.RULE_IDS)).gt(0))
            .select(col(RawRecords.LINE), IngestJob.quarantineText(TRIPS, Plans.KEY)),
        List.of(
            row(3L, Plans.hash(card) + ",130100,bus,3号线,2026-10-05 06:41:53,900"),
            row(
                4L,
                "(withheld: the record may hold personal fields [card_id]; see the file line)")));
  }
}
