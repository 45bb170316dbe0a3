package org.citykpi.generate;

import java.util.List;
import java.util.Locale;

/** What was written for one source: counts and any special files (late, GB18030). */
public record SourceSummary(String source, String domain, DirtCounts counts, List<String> notes) {

  /**
   * One line for the console, e.g. {@code road_speed: 63 files, 254016 rows, 255287 lines; dirt
   * null=...}.
   */
  public String line() {
    DirtCounts c = counts;
    return String.format(
        Locale.ROOT,
        "%-20s %5d files %9d rows %9d lines; dirt: null=%d out_of_range=%d duplicate=%d unknown_city=%d malformed=%d%s",
        source,
        c.files(),
        c.rows(),
        c.lines(),
        c.nulls(),
        c.outOfRange(),
        c.duplicates(),
        c.unknownCity(),
        c.malformed(),
        notes.isEmpty() ? "" : "; " + String.join("; ", notes));
  }
}
