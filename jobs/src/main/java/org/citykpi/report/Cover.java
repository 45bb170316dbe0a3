package org.citykpi.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What every report states first: its period, the data cut-off, when it was generated and from
 * which table versions, and the filters it was asked for.
 *
 * @param dataThrough the latest day with data among the KPI values shown
 * @param lastKpiRun end of the latest successful KPI run in ops.run_log
 * @param generatedAt the generation time (kept in the manifest, so a rebuild shows the same)
 */
public record Cover(
    ReportKind.Period period,
    Instant generatedAt,
    LocalDate dataThrough,
    Instant lastKpiRun,
    Map<String, Long> versions,
    List<String> programmes,
    List<String> cities) {}
