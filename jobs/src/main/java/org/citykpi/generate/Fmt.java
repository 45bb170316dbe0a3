package org.citykpi.generate;

/** Locale-independent, exponent-free number formatting for CSV fields. */
final class Fmt {

  private static final long[] POW10 = {1, 10, 100, 1000, 10000};

  private Fmt() {}

  /**
   * {@code v} rounded half-up to {@code decimals} places, e.g. dec(3.14159, 1) = "3.1", dec(2e7, 0)
   * = "20000000".
   */
  static String dec(double v, int decimals) {
    long scaled = Math.round(Math.abs(v) * POW10[decimals]);
    String sign = v < 0 && scaled != 0 ? "-" : "";
    if (decimals == 0) {
      return sign + scaled;
    }
    long whole = scaled / POW10[decimals];
    long frac = scaled % POW10[decimals];
    String f = Long.toString(frac);
    return sign + whole + "." + "0".repeat(decimals - f.length()) + f;
  }

  /** Two-digit zero padding. */
  static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
