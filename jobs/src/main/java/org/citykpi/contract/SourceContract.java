package org.citykpi.contract;

import java.util.List;
import java.util.Optional;

/**
 * A source feed's contract, loaded from {@code schemas/sources/<source>.yaml}. Validation, typing,
 * deduplication and pseudonymisation are all driven by it: a new city feed of a known format needs
 * a contract, not code.
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
    ReaderOptions reader,
    List<String> folders,
    List<String> exclude,
    List<Rule> rules) {

  /**
   * A record-level rule over the typed columns: {@code when} is a Spark SQL condition that, when
   * true, rejects the record with rule id {@code id} and the readable {@code reason}.
   */
  public record Rule(String id, String when, String reason) {}

  /**
   * Folder names (globs) under {@code <domain>/} that hold this source's files; default its name.
   */
  public List<String> folderGlobs() {
    return folders == null || folders.isEmpty() ? List.of(source) : folders;
  }

  /** File-name globs of files in the source's folders that are not data (code tables, matrices). */
  public List<String> excludeGlobs() {
    return exclude == null ? List.of() : exclude;
  }

  public List<Rule> ruleList() {
    return rules == null ? List.of() : rules;
  }

  /** Event-time column, its text format and the zone its wall-clock time is in. */
  public record EventTime(String column, String format, String zone) {}

  /**
   * Format-specific reader options (for readers of real-world exports): preamble lines to skip,
   * footer markers, and a start time and step for rows without a time column.
   */
  public record ReaderOptions(
      Integer skipLines, List<String> footerPrefixes, String startTime, Integer stepMinutes) {}

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
    return reader == null ? new ReaderOptions(null, null, null, null) : reader;
  }
}
