package org.citykpi.report;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Row;

/**
 * Null-safe reads of a collected row by column name. A column the table did not have at the version
 * read (added to its declaration later) reads as null, so old versions still render.
 */
final class Cells {
  private Cells() {}

  static Object get(Row r, String col) {
    int i;
    try {
      i = r.fieldIndex(col);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return r.isNullAt(i) ? null : r.get(i);
  }

  static String str(Row r, String col) {
    Object o = get(r, col);
    return o == null ? null : o.toString();
  }

  static Double dbl(Row r, String col) {
    Object o = get(r, col);
    return o == null ? null : ((Number) o).doubleValue();
  }

  static Long lng(Row r, String col) {
    Object o = get(r, col);
    return o == null ? null : ((Number) o).longValue();
  }

  static Integer integer(Row r, String col) {
    Object o = get(r, col);
    return o == null ? null : ((Number) o).intValue();
  }

  static Boolean bool(Row r, String col) {
    return (Boolean) get(r, col);
  }

  static LocalDate date(Row r, String col) {
    Object o = get(r, col);
    if (o instanceof Date d) {
      return d.toLocalDate();
    }
    return o instanceof LocalDate l ? l : null;
  }
}
