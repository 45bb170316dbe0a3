package org.citykpi.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One indicator of {@code schemas/reference/indicators.yaml}: code, the unit values are reported
 * in, stock or flow.
 */
public record Indicator(String code, String unit, String kind) {

  public boolean isFlow() {
    return "flow".equals(kind);
  }

  /** Reads every indicator, in file order. */
  public static List<Indicator> loadAll(Path schemas) {
    Path file = schemas.resolve("reference").resolve("indicators.yaml");
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      List<Indicator> out = new ArrayList<>();
      for (JsonNode i : root.path("indicators")) {
        out.add(
            new Indicator(
                i.path("code").asText(), i.path("unit").asText(), i.path("kind").asText()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
