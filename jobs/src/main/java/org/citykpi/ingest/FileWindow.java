package org.citykpi.ingest;

import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citykpi.contract.RawRecords;
import org.citykpi.ops.Interval;

/**
 * The dates a delivered file may hold events for, from its name: a file named for a day, month or
 * year (or a range {@code 20130301-20170228}) holds that period's events, or events up to {@link
 * #LATE_DAYS} days older when delivered late. Ingest reads only the files whose window meets the
 * run's interval, so a daily run does not re-read all history; events outside their file's window
 * are quarantined (and placed on the file's date), so every run over an interval sees the same rows
 * whichever files it read.
 */
public record FileWindow(LocalDate from, LocalDate to) {
  /** How much older than its name a file's events may be: a late delivery. */
  public static final int LATE_DAYS = 7;

  private static final Pattern RANGE = Pattern.compile("(?<!\\d)(\\d{8})-(\\d{8})(?!\\d)");
  private static final Pattern DAY = Pattern.compile("(?<!\\d)\\d{4}-?\\d{2}-?\\d{2}(?!\\d)");
  private static final Pattern MONTH = Pattern.compile("(?<!\\d)\\d{4}-\\d{2}(?![\\d-])");

  /** The window of a file, or null when its name carries no date (such a file is always read). */
  public static FileWindow of(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    LocalDate start = RawRecords.fileDate(path);
    if (start == null) {
      return null;
    }
    Matcher range = RANGE.matcher(name);
    LocalDate end;
    if (range.find() && RawRecords.fileDate(range.group(2)) != null) {
      end = RawRecords.fileDate(range.group(2));
    } else if (DAY.matcher(name).find()) {
      end = start;
    } else if (MONTH.matcher(name).find()) {
      end = start.with(TemporalAdjusters.lastDayOfMonth());
    } else {
      end = start.with(TemporalAdjusters.lastDayOfYear());
    }
    return new FileWindow(start.minusDays(LATE_DAYS), end);
  }

  /** Whether a file with this window may hold events of the interval. */
  public boolean meets(Interval interval) {
    return !from.isAfter(interval.to()) && !to.isBefore(interval.from());
  }

  /** Whether the file must be read for the interval: undated files always are. */
  public static boolean read(String path, Interval interval) {
    FileWindow w = of(path);
    return w == null || w.meets(interval);
  }
}
