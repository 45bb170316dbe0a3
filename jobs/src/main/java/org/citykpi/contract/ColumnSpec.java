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
 * @param offset added after {@code scale} (affine conversion: Kelvin to degC is scale 1, offset
 *     -273.15)
 * @param lookup a reference map from the delivered text to the canonical value (e.g. a city name to
 *     its GB/T 2260 code, {@code division_name}); an unmapped text fails rule {@code
 *     <name>.lookup}, a known pseudo-area (待明确地区, 外地来京人员) rule {@code <name>.not_a_division}
 * @param province the column holding the row's province code: this column's division code must lie
 *     in that province (rule {@code <name>.province}), and a {@code lookup} is scoped to it, so
 *     that official short forms (武汉, 恩施州, 德州) resolve within the row's province only
 * @param nullMarkers this column's null markers, replacing the contract's (e.g. {@code ["",
 *     "None"]} for a column where None means no value)
 * @param onInvalid {@code quarantine} (default: a value that breaks this column's rules rejects the
 *     record) or {@code nullify} (an optional value: the bad value becomes null, the record is kept
 *     and the rule id is counted as nulled)
 * @param values a translation of delivered codes to the contract's values, applied to the text
 *     before typing and checks (e.g. {@code {网上预约: online, 现场挂号: walk_in}}); a text not in the map
 *     stays as delivered, so the column's own rules still judge it
 * @param personal true for a personal identifier (as if listed in the contract's {@code pii}):
 *     replaced by its keyed hash before silver and in ops.quarantine
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
    Double offset,
    String lookup,
    String province,
    List<String> nullMarkers,
    String onInvalid,
    java.util.Map<String, String> values,
    Boolean personal) {

  /** The values of {@code on_invalid}. */
  public static final List<String> ON_INVALID = List.of("quarantine", "nullify");

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

  /** True when a value breaking this column's rules is nulled instead of rejecting the record. */
  public boolean nullsInvalid() {
    return "nullify".equals(onInvalid);
  }

  /** True when a numeric conversion (scale and/or offset) applies. */
  public boolean converts() {
    return scale != null || offset != null;
  }

  public boolean isPersonal() {
    return personal != null && personal;
  }

  /** True when the value comes from the contract, not from the file. */
  public boolean isConstant() {
    return constant != null;
  }
}
