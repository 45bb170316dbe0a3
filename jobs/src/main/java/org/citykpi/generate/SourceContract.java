package org.citykpi.generate;

import java.nio.file.Path;
import java.util.List;
import org.citykpi.contract.Contracts;

/**
 * The parts of a source contract ({@code schemas/sources/<source>.yaml}) the generator needs: where
 * the feed lands, its header names in order, and the rules that dirt deliberately breaks.
 */
public record SourceContract(
    String source, String domain, List<String> nullMarkers, List<Column> columns) {

  /**
   * One declared column; {@code min}/{@code max} are null when undeclared, {@code allowed} empty.
   */
  public record Column(
      String name,
      String header,
      String type,
      boolean nullable,
      Double min,
      Double max,
      List<String> allowed,
      boolean isCityRef) {}

  public SourceContract {
    nullMarkers = List.copyOf(nullMarkers);
    columns = List.copyOf(columns);
  }

  /**
   * The generator's view of {@code <schemas>/sources/<source>.yaml}, read by the pipeline's own
   * loader.
   */
  public static SourceContract load(Path schemas, String source) {
    org.citykpi.contract.SourceContract c = Contracts.load(schemas).get(source);
    if (c == null) {
      throw new IllegalArgumentException(
          "no contract " + source + " in " + schemas.resolve("sources"));
    }
    List<Column> cols =
        c.columns().stream()
            .map(
                s ->
                    new Column(
                        s.name(),
                        s.sourceName(),
                        s.type(),
                        s.isNullable(),
                        s.min(),
                        s.max(),
                        s.allowed() == null ? List.of() : s.allowed(),
                        "city".equals(s.references())))
            .toList();
    return new SourceContract(c.source(), c.domain(), c.nullMarkerList(), cols);
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
