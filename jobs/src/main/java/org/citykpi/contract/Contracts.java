package org.citykpi.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;

/** Loads and checks every source contract under {@code schemas/sources/}. */
public final class Contracts {
  static final Set<String> TYPES =
      Set.of("string", "double", "long", "int", "boolean", "timestamp", "date", "month");

  private Contracts() {}

  /** All contracts by source name, in file-name order. */
  public static Map<String, SourceContract> load(Path schemas) {
    Path dir = schemas.resolve("sources");
    Map<String, SourceContract> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        SourceContract c = Yaml.read(f, SourceContract.class);
        check(c, f);
        if (out.put(c.source(), c) != null) {
          throw new CityKpiException(f + ": duplicate source name " + c.source());
        }
      }
    } catch (IOException e) {
      throw new CityKpiException("Cannot list contracts in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Fails with a message naming the file and the field when a contract is inconsistent. */
  static void check(SourceContract c, Path file) {
    List<String> problems = new ArrayList<>();
    if (c.source() == null || c.domain() == null || c.entity() == null || c.columns() == null) {
      problems.add("source, domain, entity and columns are required");
    } else {
      Set<String> names = new HashSet<>();
      for (ColumnSpec col : c.columns()) {
        if (!names.add(col.name())) {
          problems.add("column " + col.name() + " is declared twice");
        }
        if (!TYPES.contains(col.type())) {
          problems.add(
              "column "
                  + col.name()
                  + " has unknown type "
                  + col.type()
                  + " (one of "
                  + TYPES
                  + ")");
        }
      }
      if (!List.of("day", "month").contains(c.grain())) {
        problems.add("grain must be day or month, not " + c.grain());
      }
      if (c.eventTime() == null || !names.contains(c.eventTime().column())) {
        problems.add("event_time.column must name a declared column");
      }
      for (String k : c.naturalKey() == null ? List.<String>of() : c.naturalKey()) {
        if (!names.contains(k)) {
          problems.add("natural_key names unknown column " + k);
        }
      }
      for (String k : c.piiColumns()) {
        if (!names.contains(k)) {
          problems.add("pii names unknown column " + k);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new CityKpiException("Invalid contract " + file + ": " + String.join("; ", problems));
    }
  }
}
