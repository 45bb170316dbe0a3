package org.citykpi.contract;

import java.util.List;

/**
 * One column of a source contract: canonical name, the header name in the file, type and the rules a
 * value must pass. {@code type} is one of string, double, long, int, boolean, timestamp, date, month.
 *
 * @param references a reference list the value must belong to: {@code city} or {@code indicator}
 * @param unitOf for a unit column, the column whose referenced indicator fixes the required unit
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
    String description) {

  public boolean isNullable() {
    return nullable == null || nullable;
  }

  /** Header name in the file; defaults to the canonical name. */
  public String sourceName() {
    return source == null ? name : source;
  }
}
