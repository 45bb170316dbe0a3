package org.citykpi.environment;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of one AQI computation.
 *
 * @param aqi the AQI, or null when no pollutant could be rated
 * @param primaryPollutants pollutants whose IAQI equals the AQI, in HJ 633-2012 Table 1 order;
 *     empty when the AQI is at most 50 or null (HJ 633-2012 section 4.3 names a primary pollutant
 *     only above 50)
 * @param category the Table 2 category, or null when the AQI is null
 */
public record AqiResult(Integer aqi, List<Pollutant> primaryPollutants, AqiCategory category) {
  /** Separator CNEMC uses between tied primary pollutants, e.g. {@code 颗粒物(PM10),细颗粒物(PM2.5)}. */
  public static final String PRIMARY_SEPARATOR = ",";

  public AqiResult {
    primaryPollutants = List.copyOf(primaryPollutants);
  }

  /**
   * CNEMC's {@code primarypollutant} text, e.g. {@code 细颗粒物(PM2.5)}, or null when there is none.
   */
  public String primaryPollutantText() {
    if (primaryPollutants.isEmpty()) {
      return null;
    }
    return primaryPollutants.stream()
        .map(Pollutant::label)
        .distinct()
        .collect(Collectors.joining(PRIMARY_SEPARATOR));
  }

  /** The Chinese category name (优 .. 严重污染), or null when the AQI is null. */
  public String categoryZh() {
    return category == null ? null : category.zh();
  }
}
