package org.citykpi.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.citykpi.ops.Interval;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --date D} or {@code --from D --to D}: the interval of local dates a job covers. */
public final class IntervalOptions {
  @Option(names = "--date", paramLabel = "D", description = "One local date (yyyy-MM-dd).")
  String date;

  @Option(names = "--from", paramLabel = "D", description = "First local date of the interval.")
  String from;

  @Option(names = "--to", paramLabel = "D", description = "Last local date of the interval.")
  String to;

  boolean given() {
    return date != null || from != null || to != null;
  }

  Interval interval(CommandLine cmd) {
    if (date != null && (from != null || to != null)) {
      throw new CommandLine.ParameterException(cmd, "Give --date or --from/--to, not both");
    }
    if (date != null) {
      LocalDate d = parse(cmd, "--date", date);
      return new Interval(d, d);
    }
    if (from == null || to == null) {
      throw new CommandLine.ParameterException(
          cmd, "Missing interval: give --date D, or --from D and --to D");
    }
    LocalDate f = parse(cmd, "--from", from);
    LocalDate t = parse(cmd, "--to", to);
    if (t.isBefore(f)) {
      throw new CommandLine.ParameterException(cmd, "--to " + to + " is before --from " + from);
    }
    return new Interval(f, t);
  }

  static LocalDate parse(CommandLine cmd, String flag, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new CommandLine.ParameterException(
          cmd, flag + ": '" + value + "' is not a date (yyyy-MM-dd)");
    }
  }
}
