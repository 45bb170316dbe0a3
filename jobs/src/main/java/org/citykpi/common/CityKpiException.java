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
}
