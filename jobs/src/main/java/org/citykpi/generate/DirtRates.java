package org.citykpi.generate;

/**
 * Per-line probabilities of deliberate defects, so the pipeline's quarantine and dedup paths get
 * exercised. Each data line gets at most one defect; the header line never gets any. The defaults
 * are:
 *
 * <ul>
 *   <li>{@link #DEFAULT_NULL} 0.5 %: a non-nullable column holds one of the contract's null
 *       markers.
 *   <li>{@link #DEFAULT_OUT_OF_RANGE} 0.3 %: a column with a declared min/max gets a value beyond
 *       it, or a column with allowed values gets {@code unknown}.
 *   <li>{@link #DEFAULT_DUPLICATE} 0.5 %: the line is written twice, byte for byte.
 *   <li>{@link #DEFAULT_UNKNOWN_CITY} 0.2 %: the city column holds {@link #UNKNOWN_CITY_CODE}.
 *   <li>{@link #DEFAULT_MALFORMED} 0.1 %: a field is dropped, a field is appended, or the line is
 *       replaced by transmission garbage (never containing a quote, so it cannot swallow the next
 *       line).
 * </ul>
 *
 * Besides these per-line defects, each run writes exactly one GB18030-encoded file and one late
 * file; see {@link DeliveryPlan}.
 */
public record DirtRates(
    double nulls, double outOfRange, double duplicates, double unknownCity, double malformed) {

  public static final double DEFAULT_NULL = 0.005;
  public static final double DEFAULT_OUT_OF_RANGE = 0.003;
  public static final double DEFAULT_DUPLICATE = 0.005;
  public static final double DEFAULT_UNKNOWN_CITY = 0.002;
  public static final double DEFAULT_MALFORMED = 0.001;

  /** A well-formed GB/T 2260-looking code that is in no reference list. */
  public static final String UNKNOWN_CITY_CODE = "999999";

  /** The documented default rates. */
  public static final DirtRates DEFAULT =
      new DirtRates(
          DEFAULT_NULL,
          DEFAULT_OUT_OF_RANGE,
          DEFAULT_DUPLICATE,
          DEFAULT_UNKNOWN_CITY,
          DEFAULT_MALFORMED);

  /** No per-line dirt (the GB18030 and late files are still written). */
  public static final DirtRates NONE = new DirtRates(0, 0, 0, 0, 0);

  public DirtRates {
    double sum = 0;
    for (double r : new double[] {nulls, outOfRange, duplicates, unknownCity, malformed}) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException("dirt rate must be in [0, 1]: " + r);
      }
      sum += r;
    }
    if (sum > 1) {
      throw new IllegalArgumentException("dirt rates sum to more than 1: " + sum);
    }
  }
}
