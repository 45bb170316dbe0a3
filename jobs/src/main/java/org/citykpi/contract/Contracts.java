package org.citykpi.contract;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.SqlExpr;
import org.citykpi.common.Yaml;
import org.citykpi.geo.Reference;

/**
 * Loads and checks every source contract under {@code schemas/sources/}. Everything a contract can
 * get wrong on its own is checked here, before any Spark work, and reported with the file and the
 * key: unknown keys, types, formats, zones, look-ups and reference lists, columns that rules, keys
 * and orders name, SQL rules that do not parse, and an entity without a silver declaration.
 */
public final class Contracts {
  static final Set<String> TYPES =
      Set.of("string", "double", "long", "int", "boolean", "timestamp", "date", "month");

  /** Columns of a raw record a rule may name besides the contract's columns and their texts. */
  static final Set<String> RAW_COLUMNS =
      Set.of(RawRecords.FILE, RawRecords.LINE, RawRecords.RAW, RawRecords.FILE_DATE);

  private Contracts() {}

  /** All contracts by source name, in file-name order. */
  public static Map<String, SourceContract> load(Path schemas) {
    Path dir = schemas.resolve("sources");
    Reference ref = Reference.load(schemas);
    Map<String, SourceContract> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        SourceContract c = Yaml.read(f, SourceContract.class);
        check(c, f, ref, schemas);
        if (out.put(c.source(), c) != null) {
          throw new CityKpiException(f + ": duplicate source name " + c.source());
        }
      }
    } catch (IOException e) {
      throw new CityKpiException("Cannot list contracts in " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Fails with a message naming the file and each key at fault when a contract is inconsistent. */
  static void check(SourceContract c, Path file, Reference ref, Path schemas) {
    List<String> problems = new ArrayList<>();
    if (c.source() == null || c.domain() == null || c.entity() == null || c.columns() == null) {
      problems.add("source, domain, entity and columns are required");
    } else {
      checkSource(c, file, ref, schemas, problems);
    }
    if (!problems.isEmpty()) {
      throw new CityKpiException("Invalid contract " + file + ": " + String.join("; ", problems));
    }
  }

  private static void checkSource(
      SourceContract c, Path file, Reference ref, Path schemas, List<String> problems) {
    String fileName = file.getFileName().toString();
    if (!fileName.equals(c.source() + ".yaml")) {
      problems.add("source: " + c.source() + " must be the file's name (" + fileName + ")");
    }
    if (!SourceContract.FORMATS.contains(c.format())) {
      problems.add(
          "format: unknown format '" + c.format() + "' (one of " + SourceContract.FORMATS + ")");
    }
    if (schemas != null
        && !Files.exists(
            schemas.resolve("tables").resolve("silver").resolve(c.entity() + ".yaml"))) {
      problems.add(
          "entity: unknown entity '"
              + c.entity()
              + "': no declaration schemas/tables/silver/"
              + c.entity()
              + ".yaml");
    }
    if (!List.of("day", "month").contains(c.grain())) {
      problems.add("grain: must be day or month, not " + c.grain());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < c.columns().size(); i++) {
      ColumnSpec col = c.columns().get(i);
      if (col.name() == null) {
        problems.add("columns[" + i + "]: name is required");
      } else if (!names.add(col.name())) {
        problems.add("columns[" + i + "]: column " + col.name() + " is declared twice");
      }
    }
    for (ColumnSpec col : c.columns()) {
      checkColumn(c, col, names, ref, problems);
    }
    checkEventTime(c, names, problems);
    for (String k : c.naturalKey() == null ? List.<String>of() : c.naturalKey()) {
      if (!names.contains(k)) {
        problems.add("natural_key: unknown column " + k);
      }
    }
    if (c.naturalKey() == null || c.naturalKey().isEmpty()) {
      problems.add("natural_key: at least one column is required");
    }
    for (String k : c.pii() == null ? List.<String>of() : c.pii()) {
      if (!names.contains(k)) {
        problems.add("pii: unknown column " + k);
      }
    }
    SourceContract.Latest latest = c.latestOrDefault();
    for (String b : latest.byColumns()) {
      if (!names.contains(b)) {
        problems.add("latest.by: unknown column " + b);
      } else if (c.piiColumns().contains(b)) {
        problems.add(
            "latest.by: " + b + " is personal; its values would show in quarantine reasons");
      }
    }
    for (String d : latest.deliveryOrder()) {
      if (!SourceContract.DELIVERY_FIELDS.contains(d)) {
        problems.add(
            "latest.delivery: unknown field '"
                + d
                + "' (one of "
                + SourceContract.DELIVERY_FIELDS
                + ")");
      }
    }
    for (int i = 0; i < c.vintageList().size(); i++) {
      SourceContract.Vintage v = c.vintageList().get(i);
      if (v.files() == null || v.vintage() == null || v.vintage().isBlank()) {
        problems.add("vintages[" + i + "]: files and vintage are required");
        continue;
      }
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + v.files());
      } catch (RuntimeException e) {
        problems.add("vintages[" + i + "].files: bad glob '" + v.files() + "'");
      }
    }
    checkRules(c, names, problems);
  }

  private static void checkColumn(
      SourceContract c, ColumnSpec col, Set<String> names, Reference ref, List<String> problems) {
    String at = "columns." + col.name();
    if (!TYPES.contains(col.type())) {
      problems.add(
          at + ".type: unknown type " + col.type() + " (one of " + new TreeSet<>(TYPES) + ")");
    }
    if (col.converts() && !"double".equals(col.type())) {
      problems.add(at + ": scale and offset need type double, not " + col.type());
    }
    if (col.lookup() != null && !Reference.LOOKUPS.contains(col.lookup())) {
      problems.add(
          at
              + ".lookup: unknown look-up '"
              + col.lookup()
              + "' (one of "
              + Reference.LOOKUPS
              + ")");
    }
    if (col.references() != null && !Reference.REFERENCES.contains(col.references())) {
      problems.add(
          at
              + ".references: unknown reference list '"
              + col.references()
              + "' (one of "
              + Reference.REFERENCES
              + ")");
    }
    if (col.province() != null) {
      if (!names.contains(col.province())) {
        problems.add(at + ".province: unknown column " + col.province());
      }
      if (col.lookup() != null && !"division_name".equals(col.lookup())) {
        problems.add(at + ".province: only a division_name look-up can be scoped by province");
      }
    }
    if (col.unitOf() != null) {
      ColumnSpec of = c.column(col.unitOf()).orElse(null);
      if (of == null || of.references() == null) {
        problems.add(at + ".unit_of: " + col.unitOf() + " is not a column with references");
      }
    }
    if (col.onInvalid() != null && !ColumnSpec.ON_INVALID.contains(col.onInvalid())) {
      problems.add(
          at + ".on_invalid: '" + col.onInvalid() + "' is not one of " + ColumnSpec.ON_INVALID);
    }
    if (col.nullsInvalid() && !col.isNullable()) {
      problems.add(at + ".on_invalid: nullify needs a nullable column (nullable: false here)");
    }
    if (col.pattern() != null) {
      try {
        java.util.regex.Pattern.compile(col.pattern());
      } catch (java.util.regex.PatternSyntaxException e) {
        problems.add(at + ".pattern: bad regular expression " + col.pattern());
      }
    }
    if (col.sources() != null && col.source() != null) {
      problems.add(at + ": give source or sources, not both");
    }
  }

  private static void checkEventTime(SourceContract c, Set<String> names, List<String> problems) {
    SourceContract.EventTime e = c.eventTime();
    if (e == null || !names.contains(e.column())) {
      problems.add("event_time.column: must name a declared column");
      return;
    }
    if (e.zone() == null) {
      problems.add("event_time.zone: required (an IANA zone such as Asia/Shanghai)");
    } else {
      try {
        ZoneId.of(e.zone());
      } catch (DateTimeException ex) {
        problems.add(
            "event_time.zone: unknown zone '"
                + e.zone()
                + "' (an IANA zone such as Asia/Shanghai)");
      }
    }
    String type = c.column(e.column()).map(ColumnSpec::type).orElse("");
    if (!List.of("timestamp", "date", "month").contains(type)) {
      problems.add(
          "event_time.column: " + e.column() + " must be a timestamp, date or month, not " + type);
    }
  }

  private static void checkRules(SourceContract c, Set<String> names, List<String> problems) {
    for (int i = 0; i < c.ruleList().size(); i++) {
      SourceContract.Rule r = c.ruleList().get(i);
      String at = "rules[" + i + "]" + (r.id() == null ? "" : " (" + r.id() + ")");
      if (r.id() == null || r.when() == null || r.reason() == null) {
        problems.add(at + ": id, when and reason are required");
        continue;
      }
      try {
        Set<String> unknown = new TreeSet<>(SqlExpr.columns(r.when()));
        unknown.removeIf(
            n ->
                names.contains(n)
                    || RAW_COLUMNS.contains(n)
                    || n.startsWith(Validation.TEXT)
                        && names.contains(n.substring(Validation.TEXT.length())));
        if (!unknown.isEmpty()) {
          problems.add(at + ".when: unknown column(s) " + unknown);
        }
      } catch (IllegalArgumentException e) {
        problems.add(at + ".when: " + e.getMessage());
      }
    }
  }
}
