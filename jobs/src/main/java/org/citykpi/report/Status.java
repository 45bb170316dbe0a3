package org.citykpi.report;

/**
 * The statuses of {@code kpi.attainment} (docs/kpi-status-rules.md), in the order reports count
 * them; {@code key} names the label in the message catalogues, {@code css} the colour class.
 */
public enum Status {
  MET("met", "met"),
  ON_TRACK("on track", "on-track"),
  AT_RISK("at risk", "at-risk"),
  OFF_TRACK("off track", "off-track"),
  INSUFFICIENT_DATA("insufficient data", "insufficient"),
  NO_TARGET("no target", "no-target");

  private final String code;
  private final String css;

  Status(String code, String css) {
    this.code = code;
    this.css = css;
  }

  /** The value stored in kpi.attainment.status. */
  public String code() {
    return code;
  }

  public String css() {
    return css;
  }

  /** Message key of the label. */
  public String key() {
    return "status." + css;
  }

  /** The statuses a target is judged with (every one but "no target"). */
  public boolean judged() {
    return this != NO_TARGET;
  }

  /** Lower is worse; orders movers and heat maps (off track first). */
  public int severity() {
    return switch (this) {
      case OFF_TRACK -> 0;
      case AT_RISK -> 1;
      case INSUFFICIENT_DATA -> 2;
      case ON_TRACK -> 3;
      case MET -> 4;
      case NO_TARGET -> 5;
    };
  }

  public static Status of(String code) {
    for (Status s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown KPI status '" + code + "'");
  }
}
