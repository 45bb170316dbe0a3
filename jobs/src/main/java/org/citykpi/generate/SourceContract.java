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
 * The parts of a source contract ({@code schemas/sources/<source>.yaml}) the generator needs: where the
 * feed lands, its header names in order, and the rules that dirt deliberately breaks.
 */
public record SourceContract(String source, String domain, List<String> nullMarkers, List<Column> columns) {

  /** One declared column; {@code min}/{@code max} are null when undeclared, {@code allowed} empty. */
  public record Column(String name, String header, String type, boolean nullable, Double min, Double max,
      List<String> allowed, boolean isCityRef) {}

  public SourceContract {
    nullMarkers = List.copyOf(nullMarkers);
    columns = List.copyOf(columns);
  }

  /** Reads {@code <schemas>/sources/<source>.yaml}. */
  public static SourceContract load(Path schemas, String source) {
    Path file = schemas.resolve("sources").resolve(source + ".yaml");
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      List<String> markers = new ArrayList<>();
      root.path("null_markers").forEach(n -> markers.add(n.asText()));
      List<Column> cols = new ArrayList<>();
      for (JsonNode c : root.path("columns")) {
        List<String> allowed = new ArrayList<>();
        c.path("allowed").forEach(a -> allowed.add(a.asText()));
        cols.add(new Column(c.path("name").asText(), c.path("source").asText(), c.path("type").asText(),
            c.path("nullable").asBoolean(true),
            c.has("min") ? c.get("min").asDouble() : null,
            c.has("max") ? c.get("max").asDouble() : null,
            allowed, "city".equals(c.path("references").asText())));
      }
      return new SourceContract(root.path("source").asText(), root.path("domain").asText(), markers, cols);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract " + file, e);
    }
  }

  /** Header names (the {@code source:} key of each column) in contract order. */
  public List<String> headers() {
    return columns.stream().map(Column::header).toList();
  }

  /** Canonical column names in contract order. */
  public List<String> names() {
    return columns.stream().map(Column::name).toList();
  }
}
