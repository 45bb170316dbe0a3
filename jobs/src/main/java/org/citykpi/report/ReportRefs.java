package org.citykpi.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citykpi.common.Yaml;
import org.citykpi.geo.Reference;
import org.citykpi.kpi.Catalog;
import org.citykpi.kpi.Kpi;
import org.citykpi.kpi.Programmes;
import org.citykpi.ops.TableSpec;

/**
 * The contracts a report needs besides the tables: the KPI catalog (definitions, targets,
 * frequencies), the indicator groups, the cities and the programmes with their documents.
 */
public record ReportRefs(
    Catalog catalog,
    Evaluation evaluation,
    Reference reference,
    Map<String, Programme> programmes) {

  /** A programme of programmes.yaml with what a report shows of it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Programme(
      String id,
      String docId,
      String docNumber,
      String nameZh,
      String nameEn,
      String issued,
      String pilotStart,
      List<String> memberCodes) {
    public List<String> members() {
      return memberCodes == null ? List.of() : memberCodes;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record File(List<Programme> programmes) {}

  public static ReportRefs load(Path schemas, Map<String, TableSpec> tables, Reference reference) {
    Catalog catalog = Catalog.load(schemas, tables, Programmes.load(schemas));
    Evaluation ev = Evaluation.load(schemas, catalog.kpis().stream().map(Kpi::id).toList());
    Map<String, Programme> programmes = new LinkedHashMap<>();
    for (Programme p :
        Yaml.read(schemas.resolve("reference").resolve("programmes.yaml"), File.class)
            .programmes()) {
      programmes.put(p.id(), p);
    }
    return new ReportRefs(catalog, ev, reference, programmes);
  }

  /** The KPI's catalog entry, or null for an id the catalog no longer has. */
  public Kpi kpi(String id) {
    return catalog.contains(id) ? catalog.kpi(id) : null;
  }

  /** Whether the KPI is computed from a daily gold table (shown by week in a weekly report). */
  public boolean daily(String kpiId) {
    Kpi k = kpi(kpiId);
    return k != null && "day".equals(k.frequency());
  }

  /** The programmes a city belongs to, in programmes.yaml order. */
  public List<String> programmesOf(String cityCode) {
    Reference.City c = reference.cities().get(cityCode);
    List<String> of = c == null ? List.of() : c.programmeList();
    return programmes.keySet().stream().filter(of::contains).toList();
  }

  /** The target a programme sets for a KPI, or null. */
  public Kpi.Target target(String kpiId, String programme) {
    Kpi k = kpi(kpiId);
    if (k == null) {
      return null;
    }
    return k.targetList().stream()
        .filter(t -> t.programme().equals(programme))
        .findFirst()
        .orElse(null);
  }
}
