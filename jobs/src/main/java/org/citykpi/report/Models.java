package org.citykpi.report;

import java.util.Comparator;

/** Helpers the three report models share. */
final class Models {
  private Models() {}

  /** Indicator-group order, then KPI id, then comparison and programme. */
  static Comparator<AttRow> byGroupThenKpi(ReportRefs refs) {
    return Comparator.comparingInt((AttRow r) -> refs.evaluation().order(r.kpiId()))
        .thenComparing(AttRow::kpiId)
        .thenComparing(r -> r.comparison() == null ? "" : r.comparison())
        .thenComparing(r -> r.programme() == null ? "" : r.programme());
  }

  /** Counts the rows the data-quality section used, for the provenance annex. */
  static void countQuality(TableReader reader, DataQuality dq) {
    for (DataQuality.SourceLine s : dq.sources()) {
      if (reader.snapshot().has("bronze." + s.source())) {
        reader.count("bronze." + s.source(), s.accepted());
      }
    }
    reader.count(org.citykpi.ops.Quarantine.TABLE, dq.quarantinedIngest() + dq.quarantinedClean());
  }
}
