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
    List<Rule> rules,
    Latest latest,
    List<Vintage> vintages) {

  /** Formats with a reader (ingest's RecordFormats). */
  public static final List<String> FORMATS = List.of("csv", "geojson", "wide_csv", "nbs_matrix");

  /** What decides, among delivered records with the same natural key, which one is kept. */
  public static final List<String> DELIVERY_FIELDS = List.of("file_date", "modified");

  /**
   * Which record of a natural key is kept: the latest by the record's own columns {@code by} (e.g.
   * the update time of a snapshot), then by the delivery order {@code delivery}: {@code file_date}
   * (the date in the file's name) and/or {@code modified} (the file's modification time). Records
   * equal in all of these are told apart by their file name and then their line (the last line of a
   * file wins), only so that every run keeps the same one.
   */
  public record Latest(List<String> by, List<String> delivery) {
    public List<String> byColumns() {
      return by == null ? List.of() : by;
    }

    public List<String> deliveryOrder() {
      return delivery == null ? List.of("file_date") : delivery;
    }
  }

  /**
   * Files of one vintage of a source delivered in vintages (e.g. NBS exports before and after a
   * census revision): {@code files} is a glob on the file's path below the domain folder ({@code
   * <folder>/<file>}); the first entry that matches gives the file's {@code vintage}. Vintages
   * compare as text (use years or ISO dates); the newest is current, older ones stay in silver.
   */
  public record Vintage(String files, String vintage) {}

  public Latest latestOrDefault() {
    return latest == null ? new Latest(null, null) : latest;
  }

  public List<Vintage> vintageList() {
    return vintages == null ? List.of() : vintages;
  }

  public boolean hasVintages() {
    return !vintageList().isEmpty();
  }

  /** True when the delivery order uses the files' modification times. */
  public boolean ordersByModified() {
    return latestOrDefault().deliveryOrder().contains("modified");
  }

  /** True when some column nulls a bad value instead of rejecting the record. */
  public boolean nullsInvalidValues() {
    return columns.stream().anyMatch(ColumnSpec::nullsInvalid);
  }

  /**
   * True when the event-time text carries its UTC offset (a pattern letter X, x, Z or O outside
   * quotes): the instant is then exact, also in the repeated hour of a daylight-saving fall-back.
   */
  public boolean eventTimeHasOffset() {
    ColumnSpec e = column(eventTime.column()).orElse(null);
    if (e == null || !"timestamp".equals(e.type())) {
      return false;
    }
    return hasOffset(e.format() != null ? e.format() : eventTime.format());
  }

  /** True when a datetime pattern carries a UTC offset or zone (X, x, Z, O outside quotes). */
  public static boolean hasOffset(String format) {
    return format != null && format.replaceAll("'[^']*'", "").matches(".*[XxZO].*");
  }

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

  /** Personal columns: those listed in {@code pii} and those declared {@code personal: true}. */
  public List<String> piiColumns() {
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    if (pii != null) {
      out.addAll(pii);
    }
    if (columns != null) {
      columns.stream().filter(ColumnSpec::isPersonal).forEach(c -> out.add(c.name()));
    }
    return List.copyOf(out);
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
