package org.citykpi.report;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.citykpi.ops.RunContext;

/**
 * The weekly report in Chinese as HTML only, for callers of the first report API (the sample
 * pipeline's end-to-end test); everything else goes through {@link Reports}.
 */
public final class WeeklyReport {
  private WeeklyReport() {}

  /**
   * Writes {@code <outDir>/weekly/<isoWeek>/report.zh.html} (and its report.json) and returns the
   * HTML file.
   *
   * @throws org.citykpi.common.CityKpiException when {@code isoWeek} is not an ISO week label
   */
  public static Path write(RunContext ctx, String isoWeek, Path outDir) {
    Reports.Written w =
        Reports.write(
            ctx,
            new Reports.Request(
                ReportKind.WEEKLY,
                isoWeek,
                List.of(Lang.ZH),
                EnumSet.of(Format.HTML),
                Filter.ALL,
                outDir));
    return w.file(Lang.ZH, Format.HTML);
  }
}
