package org.citykpi.ops;

/**
 * The jump rule of {@code ops.dq_metrics}: is a rule's failure rate on one day (or month) beyond
 * its recent history? Pure arithmetic, no Spark, so that its boundaries are unit-tested by hand.
 *
 * <p>The rule, exactly:
 *
 * <ul>
 *   <li>A day is judged only when the stage checked at least {@value #MIN_ROWS} rows on it and the
 *       history holds at least {@value #MIN_HISTORY} earlier days (periods) with checked rows;
 *       otherwise the verdict is null (not judged), never false.
 *   <li>The history is the rule's failure rates on the days the stage checked rows in the trailing
 *       window before the day (28 days for daily sources, 12 months for monthly ones); a day on
 *       which the rule failed no row counts as rate 0. Mean and standard deviation are the
 *       population ones over those rates.
 *   <li>A judged day is a jump when at least {@value #MIN_FAILED} rows failed and the rate is
 *       <em>strictly</em> above {@code mean + 3 sd}; when {@code sd} is below {@value #SD_EPSILON}
 *       (a flat history) the bar is {@code 5 × mean} instead, so a rule that never failed and now
 *       fails {@value #MIN_FAILED} or more rows is a jump.
 * </ul>
 */
public final class DqJump {
  /** Fewest rows checked on a day for its rate to be judged. */
  public static final long MIN_ROWS = 100;

  /** Fewest rows failed for a jump: a handful of rows is noise, whatever the rate. */
  public static final long MIN_FAILED = 5;

  /** Fewest earlier periods with checked rows for a history. */
  public static final int MIN_HISTORY = 7;

  /** A standard deviation below this is a flat history. */
  public static final double SD_EPSILON = 1e-9;

  /** Sigmas above the mean that make a jump. */
  public static final double SIGMAS = 3;

  /** Times the mean that make a jump in a flat history. */
  public static final double FLAT_FACTOR = 5;

  private DqJump() {}

  /**
   * A verdict: {@code jump} null when not judged; {@code days} the history's length; {@code mean}
   * and {@code sd} null without history.
   */
  public record Verdict(Boolean jump, int days, Double mean, Double sd) {}

  /** Judges {@code failed} of {@code checked} rows against the history's failure rates. */
  public static Verdict judge(long checked, long failed, double[] history) {
    int n = history == null ? 0 : history.length;
    if (n == 0) {
      return new Verdict(null, 0, null, null);
    }
    double sum = 0;
    for (double r : history) {
      sum += r;
    }
    double mean = sum / n;
    double squares = 0;
    for (double r : history) {
      squares += (r - mean) * (r - mean);
    }
    double sd = Math.sqrt(squares / n);
    if (checked < MIN_ROWS || n < MIN_HISTORY) {
      return new Verdict(null, n, mean, sd);
    }
    double rate = (double) failed / checked;
    double bar = sd < SD_EPSILON ? FLAT_FACTOR * mean : mean + SIGMAS * sd;
    return new Verdict(failed >= MIN_FAILED && rate > bar, n, mean, sd);
  }
}
