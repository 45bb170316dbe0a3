package org.citykpi.environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One station of the CNEMC snapshot (datasets README section 2): every property is a string and
 * {@code -;} marks a missing or not-applicable value.
 */
record CnemcStation(String code, String area, String name, JsonNode properties) {
  static final String MISSING = "-;";

  /**
   * The snapshot, relative to the repository root ({@code citykpi.repo}, else the working
   * directory).
   */
  static Path snapshotPath() {
    String repo = System.getProperty("citykpi.repo", System.getProperty("user.dir"));
    return Path.of(repo)
        .resolve("../shared/datasets/environment/china_cnemc_station_snapshot/airnow.json")
        .normalize();
  }

  static List<CnemcStation> load(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
    List<CnemcStation> out = new ArrayList<>();
    for (JsonNode f : root.get("features")) {
      JsonNode p = f.get("properties");
      out.add(
          new CnemcStation(
              p.get("stationcode").asText(),
              p.get("area").asText(),
              p.get("positionname").asText(),
              p));
    }
    return out;
  }

  /** The text of a property, or null when absent or {@code -;}. */
  String text(String field) {
    JsonNode v = properties.get(field);
    return v == null || v.isNull() || MISSING.equals(v.asText()) ? null : v.asText();
  }

  /** The number in a property, or null when absent or {@code -;}. */
  Double number(String field) {
    String t = text(field);
    return t == null ? null : Double.valueOf(t);
  }

  Integer integer(String field) {
    String t = text(field);
    return t == null ? null : Integer.valueOf(t);
  }

  @Override
  public String toString() {
    return code + " " + area + " " + name.strip();
  }
}
