package org.citykpi.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One source feed: the clean rows of one city for one unit of time (a day, or a month), as fields
 * in the contract's column order. Implementations draw only from the stream they are given.
 *
 * @param <U> the unit a block of rows covers: {@link LocalDate} for daily feeds, {@link
 *     java.time.YearMonth} for monthly ones
 */
interface Feed<U> {

  /** Source name, as in the contract file name. */
  String source();

  /** Canonical column names this feed fills, in order; must equal the contract's. */
  List<String> columns();

  List<String[]> rows(CityProfile city, U unit, SplittableRandom rng);

  /**
   * Weekends and the Golden Week / New Year / Labour Day holidays, when traffic and clinics
   * quieten.
   */
  static boolean offDay(LocalDate d) {
    int m = d.getMonthValue();
    int day = d.getDayOfMonth();
    boolean holiday = (m == 10 && day <= 7) || (m == 1 && day == 1) || (m == 5 && day <= 5);
    return holiday
        || d.getDayOfWeek() == DayOfWeek.SATURDAY
        || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  /** Local "yyyy-MM-dd HH:mm" for a date and minute of day. */
  static String minute(LocalDate d, int minuteOfDay) {
    return d + " " + Fmt.two(minuteOfDay / 60) + ":" + Fmt.two(minuteOfDay % 60);
  }

  /** Local "yyyy-MM-dd HH:mm:ss" for a date and second of day. */
  static String second(LocalDate d, int secondOfDay) {
    return minute(d, secondOfDay / 60) + ":" + Fmt.two(secondOfDay % 60);
  }

  /** A draw from N(0, 1) clipped to ±3, so a tail never produces absurd values. */
  static double z(SplittableRandom rng) {
    return Math.max(-3, Math.min(3, Seeds.gaussian(rng)));
  }
}
