package org.citykpi.report;

import java.util.List;

/**
 * The provenance annex: every table read with its version and the rows the report used, and the
 * gold tables behind the KPIs shown.
 */
public record Provenance(List<TableRead> tables, List<GoldSource> gold) {
  /** A table, the Delta version read (null: it did not exist) and the rows used. */
  public record TableRead(String table, Long version, long rows) {}

  /** A gold table and the KPIs of the report computed from it. */
  public record GoldSource(String table, List<String> kpis) {}
}
