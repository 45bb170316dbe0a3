package org.citykpi.ingest;

import static org.citykpi.testing.DataFrameAssert.assertRows;
import static org.citykpi.testing.DataFrameAssert.row;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.citykpi.testing.Plans;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ops.quarantine keeps the raw text of a rejected record with each personal field replaced by its
 * keyed hash (the hash silver holds), and no raw text when the record could not be split.
 */
@ExtendWith(SparkExtension.class)
class QuarantineTextTest {
  static final SourceContract TRIPS = Plans.CONTRACTS.get("transit_trip");
  static final String FILE = "traffic/transit_trip/2026-10-05.csv";

  static Row line(long n, String raw, String... fields) {
    return RawRecords.record(
        FILE, n, raw, "UTF-8", fields, fields == null ? "line has 5 fields" : null, null);
  }

  @Test
  void personalFieldsAreHashedAndNullMarkersStay(SparkSession spark) {
    String card = "94307161775532";
    List<Row> raw =
        List.of(
            line(
                2,
                card + ",130100,tram,3号线,2026-10-05 06:41:53,7.00",
                card,
                "130100",
                "tram",
                "3号线",
                "2026-10-05 06:41:53",
                "7.00"),
            line(
                3,
                "NA,130100,bus,,2026-10-05 06:46:45,1.00",
                "NA",
                "130100",
                "bus",
                "",
                "2026-10-05 06:46:45",
                "1.00"),
            line(4, card + ",130100,bus,2026-10-05", (String[]) null));

    assertRows(
        spark
            .createDataFrame(raw, RawRecords.SCHEMA)
            .select(IngestJob.quarantineText(TRIPS, Plans.KEY).as("raw_text")),
        List.of(
            row(Plans.hash(card) + ",130100,tram,3号线,2026-10-05 06:41:53,7.00"),
            row("NA,130100,bus,,2026-10-05 06:46:45,1.00"),
            row("(withheld: the record may hold personal fields [card_id]; see the file line)")));
  }

  @Test
  void aSourceWithoutPersonalColumnsKeepsItsText(SparkSession spark) {
    SourceContract road = Plans.CONTRACTS.get("road_speed");
    List<Row> raw = List.of(line(2, "R1,330100,2026-10-05 08:00,40,60", (String[]) null));

    assertRows(
        spark
            .createDataFrame(raw, RawRecords.SCHEMA)
            .select(IngestJob.quarantineText(road, Plans.KEY).as("raw_text")),
        List.of(row("R1,330100,2026-10-05 08:00,40,60")));
  }
}
