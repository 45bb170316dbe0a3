package org.citykpi.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.citykpi.common.CityKpiException;

/**
 * The {@code --programme} and {@code --city} filters: a city is in the report when it is one of the
 * cities named (if any) and a member of one of the programmes named (if any). A quarterly report
 * also shows only the programmes named.
 */
public record Filter(List<String> programmes, List<String> cities) {
  public static final Filter ALL = new Filter(List.of(), List.of());

  public Filter {
    programmes = List.copyOf(new LinkedHashSet<>(programmes));
    cities = List.copyOf(new LinkedHashSet<>(cities));
  }

  /** Fails, naming the flag and the value, for a programme or city the reference lacks. */
  public Filter check(ReportRefs refs) {
    List<String> problems = new ArrayList<>();
    for (String p : programmes) {
      if (!refs.programmes().containsKey(p)) {
        problems.add(
            "--programme: unknown programme '"
                + p
                + "' (known: "
                + refs.programmes().keySet()
                + ")");
      }
    }
    for (String c : cities) {
      if (!refs.reference().cities().containsKey(c)) {
        problems.add("--city: unknown city code '" + c + "' (see schemas/reference/cities.yaml)");
      }
    }
    if (!problems.isEmpty()) {
      throw new CityKpiException(String.join("; ", problems));
    }
    return this;
  }

  public boolean isEmpty() {
    return programmes.isEmpty() && cities.isEmpty();
  }

  /** Whether a city is in scope. */
  public boolean selects(String city, ReportRefs refs) {
    if (!cities.isEmpty() && !cities.contains(city)) {
      return false;
    }
    return programmes.isEmpty() || refs.programmesOf(city).stream().anyMatch(programmes::contains);
  }

  /** The cities in scope when a filter names any; null when every city is. */
  public Set<String> scope(ReportRefs refs) {
    if (isEmpty()) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String c : refs.reference().cities().keySet()) {
      if (selects(c, refs)) {
        out.add(c);
      }
    }
    return out;
  }

  /** A folder-name suffix for a filtered report: "HB-2014_420100"; empty without filters. */
  public String slug() {
    List<String> parts = new ArrayList<>(programmes);
    parts.addAll(cities);
    return String.join("_", parts);
  }
}
