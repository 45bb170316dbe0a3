package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.citykpi.ops.Interval;
import org.junit.jupiter.api.Test;

class FileWindowTest {
  static LocalDate d(String s) {
    return LocalDate.parse(s);
  }

  @Test
  void dayFileHoldsItsDayAndUpToAWeekOfLateEvents() {
    assertThat(FileWindow.of("traffic/road_speed/2026-10-14_late.csv.gz"))
        .isEqualTo(new FileWindow(d("2026-10-07"), d("2026-10-14")));
  }

  @Test
  void monthAndYearFilesHoldTheirWholePeriod() {
    assertThat(FileWindow.of("x/2026-02.csv.gz"))
        .isEqualTo(new FileWindow(d("2026-01-25"), d("2026-02-28")));
    assertThat(FileWindow.of("x/2011.csv"))
        .isEqualTo(new FileWindow(d("2010-12-25"), d("2011-12-31")));
  }

  @Test
  void rangeInTheNameGivesBothEnds() {
    assertThat(FileWindow.of("PRSA_Data_Tiantan_20130301-20170228.csv"))
        .isEqualTo(new FileWindow(d("2013-02-22"), d("2017-02-28")));
  }

  @Test
  void undatedFileIsAlwaysRead() {
    assertThat(FileWindow.of("environment/snap/airnow.json")).isNull();
    assertThat(
            FileWindow.read(
                "environment/snap/airnow.json", new Interval(d("2000-01-01"), d("2000-01-01"))))
        .isTrue();
  }

  @Test
  void fileIsReadOnlyWhenItsWindowMeetsTheInterval() {
    Interval nov8 = new Interval(d("2026-11-08"), d("2026-11-08"));
    assertThat(FileWindow.read("a/2026-11-08.csv", nov8)).isTrue();
    assertThat(FileWindow.read("a/2026-11-15.csv", nov8))
        .as("7 days later: may hold late events")
        .isTrue();
    assertThat(FileWindow.read("a/2026-11-16.csv", nov8)).as("8 days later").isFalse();
    assertThat(FileWindow.read("a/2026-11-07.csv", nov8)).as("the day before").isFalse();
  }
}
