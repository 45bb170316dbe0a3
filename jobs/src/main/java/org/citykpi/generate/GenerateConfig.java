package org.citykpi.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Validated options of {@code citykpi generate}. {@code cities} is either the keyword {@code
 * pilots} or a list of six-digit GB/T 2260 codes; {@code [from, to]} are the daily feeds' local
 * dates; monthly feeds run from {@code monthlyFrom} to the month of {@code to}. Build it with
 * {@link #parse}, whose errors name the flag.
 */
public record GenerateConfig(
    List<String> cities,
    LocalDate from,
    LocalDate to,
    YearMonth monthlyFrom,
    int scale,
    long seed,
    Path out,
    Path schemas) {

  /** The keyword selecting every pilot city of cities.yaml. */
  public static final String PILOTS = "pilots";

  /** Default start of monthly statistics: the earliest programme baseline (ZJ-2011). */
  public static final YearMonth DEFAULT_MONTHLY_FROM = YearMonth.of(2011, 1);

  /** Earliest month the trend model is calibrated for. */
  public static final YearMonth EARLIEST_MONTH = YearMonth.of(2000, 1);

  /** Upper bound on --scale: a guard against typos that would write terabytes. */
  public static final int MAX_SCALE = 10_000;

  public GenerateConfig {
    cities = List.copyOf(cities);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(monthlyFrom, "monthlyFrom");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(schemas, "schemas");
  }

  /**
   * Parses and validates raw option values; throws {@link InvalidOptionException} naming the flag.
   */
  public static GenerateConfig parse(
      String cities,
      String from,
      String to,
      String monthlyFrom,
      int scale,
      long seed,
      Path out,
      Path schemas) {
    List<String> codes = parseCities(cities);
    LocalDate f = date("--from", from);
    LocalDate t = date("--to", to);
    if (f.isAfter(t)) {
      throw new InvalidOptionException("--from", from, "is after --to '" + to + "'");
    }
    YearMonth mf;
    try {
      mf = monthlyFrom == null ? DEFAULT_MONTHLY_FROM : YearMonth.parse(monthlyFrom.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidOptionException("--monthly-from", monthlyFrom, "is not a month yyyy-MM");
    }
    if (mf.isAfter(YearMonth.from(t))) {
      throw new InvalidOptionException(
          "--monthly-from", monthlyFrom, "is after the month of --to '" + to + "'");
    }
    if (mf.isBefore(EARLIEST_MONTH) || f.isBefore(EARLIEST_MONTH.atDay(1))) {
      boolean monthly = mf.isBefore(EARLIEST_MONTH);
      throw new InvalidOptionException(
          monthly ? "--monthly-from" : "--from",
          monthly ? monthlyFrom : from,
          "is before " + EARLIEST_MONTH);
    }
    if (scale < 1 || scale > MAX_SCALE) {
      throw new InvalidOptionException(
          "--scale", Integer.toString(scale), "must be between 1 and " + MAX_SCALE);
    }
    if (out == null || out.toString().isBlank()) {
      throw new InvalidOptionException("--out", String.valueOf(out), "must be a directory");
    }
    return new GenerateConfig(
        codes, f, t, mf, scale, seed, out, schemas == null ? Path.of("schemas") : schemas);
  }

  /** True when the city list is the {@code pilots} keyword. */
  public boolean allPilots() {
    return cities.equals(List.of(PILOTS));
  }

  private static List<String> parseCities(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidOptionException(
          "--cities", String.valueOf(raw), "must list city codes or 'pilots'");
    }
    if (raw.strip().equalsIgnoreCase(PILOTS)) {
      return List.of(PILOTS);
    }
    LinkedHashSet<String> codes = new LinkedHashSet<>();
    for (String part : raw.split(",", -1)) {
      String code = part.strip();
      if (!code.matches("[1-9][0-9]{5}")) {
        throw new InvalidOptionException(
            "--cities", raw, "contains '" + code + "', not a six-digit GB/T 2260 code");
      }
      codes.add(code);
    }
    return new ArrayList<>(codes);
  }

  private static LocalDate date(String flag, String raw) {
    if (raw == null) {
      throw new InvalidOptionException(flag, "null", "is required (ISO date yyyy-MM-dd)");
    }
    try {
      return LocalDate.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidOptionException(flag, raw, "is not an ISO date yyyy-MM-dd");
    }
  }
}
