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
 * One division of {@code schemas/reference/cities.yaml}. {@code households} is the census
 * family-household count when the file gives it, else population / 2.6 (the 2020 census national
 * mean household size is 2.62).
 */
public record CityRef(
    String code,
    String nameZh,
    String nameEn,
    String level,
    String provinceCode,
    String parentCode,
    List<String> programmes,
    long population,
    long households) {

  static final double PERSONS_PER_HOUSEHOLD = 2.6;

  /** A pilot is a prefecture or county with at least one programme. */
  public boolean isPilot() {
    return !programmes.isEmpty() && ("prefecture".equals(level) || "county".equals(level));
  }

  /** Reads every city of {@code <schemas>/reference/cities.yaml}, in file order. */
  public static List<CityRef> loadAll(Path schemas) {
    Path file = schemas.resolve("reference").resolve("cities.yaml");
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      List<CityRef> out = new ArrayList<>();
      for (JsonNode c : root.path("cities")) {
        List<String> programmes = new ArrayList<>();
        c.path("programmes").forEach(p -> programmes.add(p.asText()));
        long population = c.path("population").asLong(0);
        long households =
            c.hasNonNull("households") && c.get("households").asLong(0) > 0
                ? c.get("households").asLong()
                : Math.round(population / PERSONS_PER_HOUSEHOLD);
        out.add(
            new CityRef(
                c.path("code").asText(),
                c.path("name_zh").asText(),
                c.path("name_en").asText(),
                c.path("level").asText(),
                c.path("province_code").asText(),
                c.path("parent_code").asText(null),
                List.copyOf(programmes),
                population,
                households));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
