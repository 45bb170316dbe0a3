package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How ingest opens a source's landing files. */
@ExtendWith(SparkExtension.class)
class IngestReadTest {
  static final String HEADER = "station,city,time,pm25,pm10,so2,no2,co,o3,temp,pres,rh,wspd\n";

  /**
   * Forty local files (above Spark's 32, where it would look them up again with a job of one task
   * per file) are opened without a Spark job, and every record of each is read.
   */
  @Test
  void manyLocalFilesAreOpenedWithoutASparkJobAndEveryRecordIsRead(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Path folder = dir.resolve("landing/environment/air_station_hourly");
    Files.createDirectories(folder);
    List<String> files = new ArrayList<>();
    LocalDate day = LocalDate.parse("2026-09-01");
    for (int i = 0; i < 40; i++, day = day.plusDays(1)) {
      Path f = folder.resolve(day + ".csv");
      Files.writeString(f, HEADER + "130100A01,130100," + day + " 00:00,62.6,110.2,,,,,,,,\n" + "");
      files.add(f.toString());
    }
    RunContext ctx =
        new RunContext(
            spark,
            dir.resolve("warehouse").toString(),
            Paths.get("schemas"),
            Interval.of("2026-09-01", "2026-10-10"),
            Clock.fixed(Instant.parse("2026-10-11T00:00:00Z"), ZoneOffset.UTC));
    SourceContract air = ctx.contracts().get("air_station_hourly");
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(counter);
    try {
      var records = IngestJob.read(ctx, dir.resolve("landing").toString(), files, air);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertThat(jobs.get()).as("Spark jobs to open the files").isZero();

      assertThat(records.count()).as("records, one per file").isEqualTo(40);
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }
}
