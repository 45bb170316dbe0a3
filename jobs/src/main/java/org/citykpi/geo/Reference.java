package org.citykpi.geo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;

/**
 * Reference data of {@code schemas/reference/}: cities and districts by GB/T 2260 code, provinces,
 * and the indicator codes of the monthly statistics feed with their units.
 */
public record Reference(
    Map<String, City> cities,
    Map<String, Indicator> indicators,
    Map<String, Province> provinces,
    Map<String, String> divisions) {

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
    Path divisionFile = dir.resolve("division_codes.csv");
    if (Files.exists(divisionFile)) {
      try {
        for (String line : Files.readAllLines(divisionFile)) {
          String[] f = line.split(",", -1);
          if (f.length >= 2 && f[1].matches("\\d{6}")) {
            divisions.put(f[0], f[1]);
          }
        }
      } catch (IOException e) {
        throw new CityKpiException("Cannot read " + divisionFile + ": " + e.getMessage(), e);
      }
    }
    return new Reference(
        Map.copyOf(cities), Map.copyOf(indicators), Map.copyOf(provinces), Map.copyOf(divisions));
  }

  /**
   * A lookup from delivered text to canonical value, for a contract column's {@code lookup}: {@code
   * division_name} (a division's Chinese name, or an alias such as 延边州, to its GB/T 2260 code, from
   * {@code division_codes.csv}) or {@code province_name} (a province's full Chinese name, as the
   * NBS writes it, to its code).
   */
  public Map<String, String> lookup(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    switch (name) {
      case "division_name" -> out.putAll(divisions);
      case "province_name" -> provinces.values().forEach(p -> out.put(p.nameZh(), p.code()));
      default ->
          throw new CityKpiException(
              "Unknown lookup '" + name + "' (known: division_name, province_name)");
    }
    return out;
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
