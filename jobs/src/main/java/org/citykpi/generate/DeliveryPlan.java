package org.citykpi.generate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which file each block of rows lands in. Daily feeds write {@code YYYY-MM-DD.csv} (or {@code
 * .csv.gz} for the high-volume feeds), {@code vehicle_registry} one {@code YYYY-MM.csv.gz} per
 * month, {@code city_monthly_stats} one {@code YYYY.csv} per year. Two deliberate delivery defects,
 * exactly one of each per run:
 *
 * <ul>
 *   <li><b>Late file</b>: the {@value #LATE_SOURCE} rows of the late day (the Sunday that ends the
 *       fourth ISO week of the range, i.e. {@code --from} + {@value #LATE_OFFSET_DAYS} days, or the
 *       last day of a shorter range) arrive {@value #LATE_DELAY_DAYS} days late in {@code <late day
 *       + 3>_late.csv}; there is no file for the late day itself. With {@code --from 2026-09-14}
 *       that is {@code 2026-10-14_late.csv} holding the rows of 2026-10-11.
 *   <li><b>GB18030 file</b>: the {@value #GBK_SOURCE} file of {@code --from} + {@value
 *       #GBK_OFFSET_DAYS} days (or the last day) is written in GB18030 (GBK-compatible for these
 *       characters) as plain {@code .csv} instead of UTF-8 {@code .csv.gz}; its Chinese department
 *       names do not decode as UTF-8.
 * </ul>
 */
public final class DeliveryPlan {

  public static final String LATE_SOURCE = "air_station_hourly";
  public static final int LATE_OFFSET_DAYS = 27;
  public static final int LATE_DELAY_DAYS = 3;
  public static final String GBK_SOURCE = "outpatient_visit";
  public static final int GBK_OFFSET_DAYS = 2;
  public static final Charset GBK = Charset.forName("GB18030");

  /** One output file: name within the source folder, encoding, compression. */
  public record FileSpec(String name, Charset charset, boolean gzip) {}

  private final GenerateConfig config;

  public DeliveryPlan(GenerateConfig config) {
    this.config = config;
  }

  private long span() {
    return ChronoUnit.DAYS.between(config.from(), config.to()) + 1;
  }

  /** The day whose {@value #LATE_SOURCE} rows arrive late. */
  public LocalDate lateDay() {
    return config.from().plusDays(Math.min(LATE_OFFSET_DAYS, span() - 1));
  }

  /** Name of the late file, e.g. {@code 2026-10-14_late.csv}. */
  public String lateFileName() {
    return lateDay().plusDays(LATE_DELAY_DAYS) + "_late.csv";
  }

  /** The day whose {@value #GBK_SOURCE} file is GB18030-encoded. */
  public LocalDate gbkDay() {
    return config.from().plusDays(Math.min(GBK_OFFSET_DAYS, span() - 1));
  }

  /** Files of a daily feed, each with the days it holds, in date order. */
  public Map<FileSpec, List<LocalDate>> daily(String source, boolean gzip) {
    Map<FileSpec, List<LocalDate>> files = new LinkedHashMap<>();
    for (LocalDate d = config.from(); !d.isAfter(config.to()); d = d.plusDays(1)) {
      FileSpec spec;
      if (source.equals(LATE_SOURCE) && d.equals(lateDay())) {
        spec = new FileSpec(lateFileName(), StandardCharsets.UTF_8, false);
      } else if (source.equals(GBK_SOURCE) && d.equals(gbkDay())) {
        spec = new FileSpec(d + ".csv", GBK, false);
      } else {
        spec = new FileSpec(d + (gzip ? ".csv.gz" : ".csv"), StandardCharsets.UTF_8, gzip);
      }
      files.computeIfAbsent(spec, k -> new ArrayList<>()).add(d);
    }
    return files;
  }

  /** The months of monthly feeds: {@code --monthly-from} to the month of {@code --to}. */
  public List<YearMonth> months() {
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth m = config.monthlyFrom();
        !m.isAfter(YearMonth.from(config.to()));
        m = m.plusMonths(1)) {
      months.add(m);
    }
    return months;
  }

  /** One gzipped file per month-end snapshot. */
  public Map<FileSpec, List<YearMonth>> monthly() {
    Map<FileSpec, List<YearMonth>> files = new LinkedHashMap<>();
    for (YearMonth m : months()) {
      files.put(new FileSpec(m + ".csv.gz", StandardCharsets.UTF_8, true), List.of(m));
    }
    return files;
  }

  /** One plain file per year holding that year's months. */
  public Map<FileSpec, List<YearMonth>> yearly() {
    Map<FileSpec, List<YearMonth>> files = new LinkedHashMap<>();
    for (YearMonth m : months()) {
      files
          .computeIfAbsent(
              new FileSpec(m.getYear() + ".csv", StandardCharsets.UTF_8, false),
              k -> new ArrayList<>())
          .add(m);
    }
    return files;
  }
}
