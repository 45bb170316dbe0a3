package org.citykpi.geo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;

/**
 * Reference data of {@code schemas/reference/}: cities and districts by GB/T 2260 code, provinces,
 * the indicator codes of the monthly statistics feed with their units, division names (official
 * names, short forms and aliases, national or scoped to a province) and pseudo-areas.
 *
 * @param divisions name → code of names that resolve nationally
 * @param scopedDivisions {@code <province prefix>|<name>} → code of every name that resolves within
 *     a province (official names, official short forms such as 武汉 or 恩施州, aliases)
 * @param pseudoAreas texts that look like an area but are none (待明确地区, 外地来京人员): a Java regex and
 *     the reason a look-up that meets one gives
 */
public record Reference(
    Map<String, City> cities,
    Map<String, Indicator> indicators,
    Map<String, Province> provinces,
    Map<String, String> divisions,
    Map<String, String> scopedDivisions,
    List<PseudoArea> pseudoAreas) {

  /** Indicators in the order of indicators.yaml. */
  public List<Indicator> indicatorList() {
    return List.copyOf(indicators.values());
  }

  /** Look-up tables a contract column may name in {@code lookup}. */
  public static final List<String> LOOKUPS = List.of("division_name", "province_name");

  /** Reference lists a contract column may name in {@code references}. */
  public static final List<String> REFERENCES = List.of("city", "indicator", "province");

  /** A text that is not a division, and why ({@code schemas/reference/pseudo_areas.csv}). */
  public record PseudoArea(String pattern, String reason) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record City(
      String code,
      String nameZh,
      String nameEn,
      String level,
      String parentCode,
      String provinceCode,
      String provinceZh,
      List<String> programmes,
      Long population,
      Long households) {
    public List<String> programmeList() {
      return programmes == null ? List.of() : programmes;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Indicator(String code, String unit, String kind, String nameZh, String nameEn) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Province(
      String code,
      String nameZh,
      String shortZh,
      String nameEn,
      Long population,
      Boolean mainland) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record CityFile(List<City> cities) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record IndicatorFile(List<Indicator> indicators) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ProvinceFile(List<Province> provinces) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Programme(String id, List<String> memberCodes) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ProgrammeFile(List<Programme> programmes) {}

  public static Reference load(Path schemas) {
    Path dir = schemas.resolve("reference");
    Map<String, City> cities = new LinkedHashMap<>();
    for (City c : Yaml.read(dir.resolve("cities.yaml"), CityFile.class).cities()) {
      if (c.code() == null || !c.code().matches("\\d{6}")) {
        throw new CityKpiException(
            dir.resolve("cities.yaml") + ": city code must have six digits: " + c);
      }
      if (cities.put(c.code(), c) != null) {
        throw new CityKpiException(
            dir.resolve("cities.yaml") + ": duplicate city code " + c.code());
      }
    }
    Map<String, Indicator> indicators = new LinkedHashMap<>();
    for (Indicator i :
        Yaml.read(dir.resolve("indicators.yaml"), IndicatorFile.class).indicators()) {
      if (indicators.put(i.code(), i) != null) {
        throw new CityKpiException(
            dir.resolve("indicators.yaml") + ": duplicate indicator " + i.code());
      }
    }
    Map<String, Province> provinces = new LinkedHashMap<>();
    Path provinceFile = dir.resolve("provinces.yaml");
    if (Files.exists(provinceFile)) {
      for (Province p : Yaml.read(provinceFile, ProvinceFile.class).provinces()) {
        provinces.put(p.code(), p);
      }
    }
    Map<String, String> divisions = new LinkedHashMap<>();
    Map<String, String> scoped = new LinkedHashMap<>();
    Path divisionFile = dir.resolve("division_codes.csv");
    if (Files.exists(divisionFile)) {
      readDivisions(divisionFile, divisions, scoped);
    }
    List<PseudoArea> pseudo = new ArrayList<>();
    Path pseudoFile = dir.resolve("pseudo_areas.csv");
    if (Files.exists(pseudoFile)) {
      for (String[] f : csv(pseudoFile)) {
        try {
          Pattern.compile(f[0]);
        } catch (PatternSyntaxException e) {
          throw new CityKpiException(pseudoFile + ": bad pattern " + f[0] + ": " + e.getMessage());
        }
        pseudo.add(new PseudoArea(f[0], f[1]));
      }
    }
    checkProgrammes(dir, cities);
    return new Reference(
        Map.copyOf(cities),
        java.util.Collections.unmodifiableMap(indicators),
        Map.copyOf(provinces),
        Map.copyOf(divisions),
        Map.copyOf(scoped),
        List.copyOf(pseudo));
  }

  /**
   * name,code,level,kind,scope,note: an empty scope resolves nationally and within the code's own
   * province; a two-digit scope within that province only. A name that resolves to two codes in one
   * scope is a data error.
   */
  private static void readDivisions(
      Path file, Map<String, String> national, Map<String, String> scoped) {
    for (String[] f : csv(file)) {
      if (f.length < 2 || !f[1].matches("\\d{6}")) {
        throw new CityKpiException(file + ": not a six-digit code in line " + String.join(",", f));
      }
      String scope = f.length > 4 && !f[4].isEmpty() ? f[4] : "";
      if (scope.isEmpty()) {
        put(file, national, f[0], f[1]);
      }
      put(file, scoped, (scope.isEmpty() ? f[1].substring(0, 2) : scope) + "|" + f[0], f[1]);
    }
  }

  private static void put(Path file, Map<String, String> m, String key, String code) {
    String other = m.put(key, code);
    if (other != null && !other.equals(code)) {
      throw new CityKpiException(file + ": " + key + " is both " + other + " and " + code);
    }
  }

  /** The data lines of a small reference CSV (header skipped), split on commas. */
  private static List<String[]> csv(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .skip(1)
          .filter(l -> !l.isBlank())
          .map(l -> l.split(",", -1))
          .toList();
    } catch (IOException e) {
      throw new CityKpiException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * programmes.yaml's member_codes and cities.yaml's programmes must say the same thing: each
   * member exists in cities.yaml with that programme, and each city's programme lists it.
   */
  private static void checkProgrammes(Path dir, Map<String, City> cities) {
    Path f = dir.resolve("programmes.yaml");
    if (!Files.exists(f)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (Programme p : Yaml.read(f, ProgrammeFile.class).programmes()) {
      List<String> m = p.memberCodes() == null ? List.of() : p.memberCodes();
      members.put(p.id(), m);
      for (String code : m) {
        City c = cities.get(code);
        if (c == null) {
          problems.add(p.id() + " member " + code + " is not in cities.yaml");
        } else if (!c.programmeList().contains(p.id())) {
          problems.add(p.id() + " member " + code + " does not list " + p.id() + " in cities.yaml");
        }
      }
    }
    for (City c : cities.values()) {
      for (String id : c.programmeList()) {
        if (!members.containsKey(id)) {
          problems.add("city " + c.code() + " lists unknown programme " + id);
        } else if (!members.get(id).contains(c.code())) {
          problems.add("city " + c.code() + " lists " + id + ", whose member_codes lack it");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new CityKpiException(f + " and cities.yaml disagree: " + String.join("; ", problems));
    }
  }

  /**
   * A lookup from delivered text to canonical value, for a contract column's {@code lookup}: {@code
   * division_name} (a division's Chinese name, or an alias such as 延边州, to its GB/T 2260 code, from
   * {@code division_codes.csv}) or {@code province_name} (a province's full Chinese name, as the
   * NBS writes it, or its short name, to its code).
   */
  public Map<String, String> lookup(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    switch (name) {
      case "division_name" -> out.putAll(divisions);
      case "province_name" ->
          provinces
              .values()
              .forEach(
                  p -> {
                    out.put(p.nameZh(), p.code());
                    if (p.shortZh() != null) {
                      out.put(p.shortZh(), p.code());
                    }
                  });
      default ->
          throw new CityKpiException(
              "Unknown lookup '" + name + "' (known: division_name, province_name)");
    }
    return out;
  }

  /**
   * The province-scoped form of a lookup: keys {@code <first two digits of the province
   * code>|<text>} (only {@code division_name} has one: official names, short forms and aliases by
   * province).
   */
  public Map<String, String> lookupInProvince(String name) {
    if (!"division_name".equals(name)) {
      throw new CityKpiException(
          "Lookup '" + name + "' cannot be scoped by province (only division_name can)");
    }
    return scopedDivisions;
  }

  /** Allowed values of a column that declares {@code references: <name>}. */
  public Map<String, String> referenceValues(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    switch (name) {
      case "city" -> cities.values().forEach(c -> out.put(c.code(), c.provinceCode()));
      case "indicator" -> indicators.values().forEach(i -> out.put(i.code(), i.unit()));
      case "province" -> provinces.values().forEach(p -> out.put(p.code(), p.nameZh()));
      default ->
          throw new CityKpiException(
              "Unknown reference list '" + name + "' (known: city, indicator, province)");
    }
    return out;
  }
}
