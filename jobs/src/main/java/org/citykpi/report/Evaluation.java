package org.citykpi.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;

/**
 * The indicator groups and weights of {@code schemas/kpi/evaluation.yaml} (modelled on GB/T 33356,
 * weights proposed) and the maturity bands of the annual self-evaluation. Loading checks that every
 * catalog KPI is in exactly one group, that groups name only catalog KPIs, and that the bands rise
 * from 0.
 */
public record Evaluation(
    String status,
    String standard,
    String weightsSource,
    double maxMissingPct,
    List<Band> bands,
    List<Group> groups) {
  public static final String FILE = "kpi/evaluation.yaml";

  /** A maturity band: scores from {@code min} up to the next band's min. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Band(String id, String nameZh, String nameEn, double min) {}

  /** An indicator group (a first-level indicator of the standard) and its KPIs. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Group(
      String id,
      String nameZh,
      String nameEn,
      Double referenceWeightPct,
      double weight,
      List<String> kpis) {
    public List<String> kpiList() {
      return kpis == null ? List.of() : kpis;
    }
  }

  /** Reads and checks the file against the catalog's KPI ids. */
  public static Evaluation load(Path schemas, List<String> catalogIds) {
    Path f = schemas.resolve(FILE);
    Evaluation e = Yaml.read(f, Evaluation.class);
    List<String> problems = e.problems(catalogIds);
    if (!problems.isEmpty()) {
      throw new CityKpiException(f + ":\n  " + String.join("\n  ", problems));
    }
    return e;
  }

  List<String> problems(List<String> catalogIds) {
    List<String> problems = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Group g : groups) {
      if (!(g.weight() > 0)) {
        problems.add("group " + g.id() + ": weight must be positive, is " + g.weight());
      }
      for (String k : g.kpiList()) {
        if (!catalogIds.contains(k)) {
          problems.add("group " + g.id() + ": KPI " + k + " is not in the catalog");
        }
        String other = seen.put(k, g.id());
        if (other != null) {
          problems.add("KPI " + k + " is in groups " + other + " and " + g.id());
        }
      }
    }
    for (String k : catalogIds) {
      if (!seen.containsKey(k)) {
        problems.add("KPI " + k + " of the catalog is in no group");
      }
    }
    if (bands.isEmpty() || bands.get(0).min() != 0) {
      problems.add("bands must start at min 0");
    }
    for (int i = 1; i < bands.size(); i++) {
      if (!(bands.get(i).min() > bands.get(i - 1).min())) {
        problems.add("band " + bands.get(i).id() + ": min must rise");
      }
    }
    return problems;
  }

  /** The group of a KPI (every catalog KPI has one; an unknown id gets null). */
  public Group groupOf(String kpiId) {
    for (Group g : groups) {
      if (g.kpiList().contains(kpiId)) {
        return g;
      }
    }
    return null;
  }

  /** The band a score falls in. */
  public Band band(double score) {
    Band out = bands.get(0);
    for (Band b : bands) {
      if (score >= b.min()) {
        out = b;
      }
    }
    return out;
  }

  /** The position of a KPI in the groups' order, for sorting tables by group then KPI. */
  public int order(String kpiId) {
    int i = 0;
    for (Group g : groups) {
      int j = g.kpiList().indexOf(kpiId);
      if (j >= 0) {
        return i + j;
      }
      i += g.kpiList().size();
    }
    return Integer.MAX_VALUE;
  }
}
