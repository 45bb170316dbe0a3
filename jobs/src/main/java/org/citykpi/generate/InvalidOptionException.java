package org.citykpi.generate;

/** A generator option with a bad value; the message names the flag and the value. */
public final class InvalidOptionException extends IllegalArgumentException {

  private final String flag;
  private final String value;

  public InvalidOptionException(String flag, String value, String reason) {
    super("Invalid value for option '" + flag + "': '" + value + "' " + reason);
    this.flag = flag;
    this.value = value;
  }

  public String flag() {
    return flag;
  }

  public String value() {
    return value;
  }
}
