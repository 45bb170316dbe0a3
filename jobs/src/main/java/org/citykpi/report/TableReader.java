package org.citykpi.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.citykpi.kpi.Kpi;

/**
 * Reads the KPI tables of a snapshot for a report and counts the rows it used per table (for the
 * provenance annex). Every read is filtered to a report's periods and cities before it is
 * collected: a few thousand rows at most.
 */
final class TableReader {
  private final Snapshot snapshot;
  private final Set<String> scope;
  private final Map<String, Long> used = new TreeMap<>();

  /**
   * @param scope the cities in scope, or null for all
   */
  TableReader(Snapshot snapshot, Set<String> scope) {
    this.snapshot = snapshot;
    this.scope = scope;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  private Column cities(String column) {
    return scope == null ? null : col(column).isin(scope.toArray());
  }

  /** kpi.attainment rows matching {@code where} for the cities in scope (the report's filter). */
  List<AttRow> attainment(Column where) {
    Column c = cities("city_code");
    List<Row> rows =
        snapshot.read(AttRow.TABLE).where(c == null ? where : where.and(c)).collectAsList();
    count(AttRow.TABLE, rows.size());
    List<AttRow> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(AttRow.of(r)));
    return out;
  }

  /** kpi.observation rows matching {@code where} (the caller limits geographies). */
  List<ObsRow> observation(Column where) {
    List<Row> rows = snapshot.read(ObsRow.TABLE).where(where).collectAsList();
    count(ObsRow.TABLE, rows.size());
    List<ObsRow> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(ObsRow.of(r)));
    return out;
  }

  /** The latest day with data of the city observations matching {@code where} in scope. */
  LocalDate dataThrough(Column where) {
    Column w = where.and(col("geo_level").equalTo("city"));
    Column c = cities("geo_code");
    Row r =
        snapshot
            .read(ObsRow.TABLE)
            .where(c == null ? w : w.and(c))
            .agg(max(col("last_data_date")))
            .head();
    return r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
  }

  void count(String table, long rows) {
    used.merge(table, rows, Long::sum);
  }

  /** The provenance annex: tables read (with versions and rows used) and the KPIs' gold tables. */
  Provenance provenance(ReportRefs refs, Collection<String> kpiIds) {
    Set<String> names = new TreeSet<>(snapshot.versions().keySet());
    names.addAll(used.keySet());
    List<Provenance.TableRead> tables = new ArrayList<>();
    for (String t : names) {
      tables.add(new Provenance.TableRead(t, snapshot.versions().get(t), used.getOrDefault(t, 0L)));
    }
    Map<String, Set<String>> gold = new TreeMap<>();
    for (String id : new TreeSet<>(kpiIds)) {
      Kpi k = refs.kpi(id);
      if (k != null) {
        gold.computeIfAbsent(k.table(), x -> new TreeSet<>()).add(id);
      }
    }
    List<Provenance.GoldSource> sources = new ArrayList<>();
    gold.forEach((t, ks) -> sources.add(new Provenance.GoldSource(t, List.copyOf(ks))));
    return new Provenance(tables, sources);
  }
}
