package org.citykpi.contract;

import java.util.List;
import java.util.Optional;

/**
 * A source feed's contract, loaded from {@code schemas/sources/<source>.yaml}. Validation, typing,
 * deduplication and pseudonymisation are all driven by it: a new city feed of a known format needs a
 * contract, not code.
 */
public record SourceContract(
    String source,
    String domain,
    String entity,
    String description,
    String format,
    List<String> encodings,
    Boolean header,
    String delimiter,
    List<String> nullMarkers,
    String grain,
    EventTime eventTime,
    List<String> naturalKey,
    List<String> pii,
    List<ColumnSpec> columns,
    ReaderOptions reader) {

  /** Event-time column, its text format and the zone its wall-clock time is in. */
  public record EventTime(String column, String format, String zone) {}

  /**
   * Format-specific reader options (for readers of real-world exports): preamble lines to skip,
   * footer markers, the JSON path of records, the columns to unpivot, a start time for rows without one.
   */
  public record ReaderOptions(
      Integer skipLines,
      List<String> footerPrefixes,
      String recordsPath,
      String idColumn,
      String valueColumn,
      String keyColumn,
      String startTime,
      Integer stepMinutes,
      String fileNamePattern) {}

  public boolean monthly() {
    return "month".equals(grain);
  }

  /** The partition column of this source's bronze and silver tables. */
  public String partitionColumn() {
    return monthly() ? "month" : "local_date";
  }

  public List<String> piiColumns() {
    return pii == null ? List.of() : pii;
  }

  public List<String> nullMarkerList() {
    return nullMarkers == null ? List.of("") : nullMarkers;
  }

  public List<String> encodingList() {
    return encodings == null || encodings.isEmpty() ? List.of("UTF-8") : encodings;
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public String delimiterOrDefault() {
    return delimiter == null ? "," : delimiter;
  }

  public ReaderOptions readerOptions() {
    return reader == null
        ? new ReaderOptions(null, null, null, null, null, null, null, null, null)
        : reader;
  }
}
