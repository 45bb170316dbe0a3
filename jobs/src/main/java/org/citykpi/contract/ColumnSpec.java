package org.citykpi.contract;

import java.util.List;

/**
 * One column of a source contract: canonical name, the header name in the file, type and the rules
 * a value must pass. {@code type} is one of string, double, long, int, boolean, timestamp, date,
 * month.
 *
 * @param references a reference list the value must belong to: {@code city} or {@code indicator}
 * @param unitOf for a unit column, the column whose referenced indicator fixes the required unit
 * @param sources several header names whose values, joined by one space, make this column's text
 *     (e.g. {@code [year, month, day, hour]} with format {@code yyyy M d H}); replaces {@code
 *     source}
 * @param constant a value every record of this source has (e.g. the city of a single-city feed);
 *     the file need not have the column
 * @param scale a factor applied to a numeric value before its range check (unit conversion, e.g.
 *     0.001 for a feed that delivers CO in ug/m3 where the contract wants mg/m3)
 * @param lookup a reference map from the delivered text to the canonical value (e.g. a city name to
 *     its GB/T 2260 code, {@code division_name}); an unmapped text fails rule {@code <name>.lookup}
 */
public record ColumnSpec(
    String name,
    String source,
    String type,
    Boolean nullable,
    String unit,
    Double min,
    Double max,
    List<String> allowed,
    String pattern,
    String references,
    String unitOf,
    String format,
    String description,
    List<String> sources,
    String constant,
    Double scale,
    String lookup) {

  public boolean isNullable() {
    return nullable == null || nullable;
  }

  /** Header name in the file; defaults to the canonical name. */
  public String sourceName() {
    return source == null ? name : source;
  }

  /**
   * Header names whose values make this column's text: {@code sources}, else the one source name.
   */
  public List<String> sourceNames() {
    return sources != null && !sources.isEmpty() ? sources : List.of(sourceName());
  }

  /** True when the value comes from the contract, not from the file. */
  public boolean isConstant() {
    return constant != null;
  }
}
