package org.citykpi.common;

/**
 * A failure with a message meant for the operator: it names the file, line, flag or table at fault.
 * The CLI prints the message alone (no stack trace) and exits with 1.
 */
public class CityKpiException extends RuntimeException {
  public CityKpiException(String message) {
    super(message);
  }

  public CityKpiException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The operator-facing message of a failure: the first CityKpiException in the cause chain. */
  public static String operatorMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CityKpiException) {
        return c.getMessage();
      }
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.split("\n")[0]);
  }
}
