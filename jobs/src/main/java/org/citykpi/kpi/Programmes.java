package org.citykpi.kpi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;

/** The pilot programmes of {@code schemas/reference/programmes.yaml}, as far as KPIs need them. */
public record Programmes(Map<String, Programme> byId) {

  /** One programme: its start (for the share of the pilot period elapsed), baseline and members. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Programme(
      String id,
      String docId,
      String nameZh,
      String pilotStart,
      String baselinePeriod,
      List<String> memberCodes) {
    public LocalDate start() {
      return LocalDate.parse(pilotStart);
    }

    public List<String> members() {
      return memberCodes == null ? List.of() : memberCodes;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record File(List<Programme> programmes) {}

  public static Programmes load(Path schemas) {
    Path f = schemas.resolve("reference").resolve("programmes.yaml");
    Map<String, Programme> out = new LinkedHashMap<>();
    for (Programme p : Yaml.read(f, File.class).programmes()) {
      if (out.put(p.id(), p) != null) {
        throw new CityKpiException(f + ": duplicate programme id " + p.id());
      }
    }
    return new Programmes(Map.copyOf(out));
  }

  public Programme get(String id) {
    Programme p = byId.get(id);
    if (p == null) {
      throw new CityKpiException("Unknown programme " + id + "; known: " + byId.keySet());
    }
    return p;
  }
}
