package org.citykpi.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * Numbers, dates and periods written for a language, by hand rather than through the JDK's locale
 * data, so that the same figures give the same bytes on every JDK (golden files, rebuilds). Values
 * are rounded half-up (as Spark SQL's {@code round}) to the decimals of their unit.
 */
public final class Fmt {
  static final ZoneId LOCAL = ZoneId.of("Asia/Shanghai");
  private static final String[] MONTHS_EN = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] QUARTERS_ZH = {"一", "二", "三", "四"};

  /** Decimals shown per unit of the catalog; others get {@link #DEFAULT_DECIMALS}. */
  static final Map<String, Integer> DECIMALS =
      Map.of(
          "pct", 1,
          "Mbps", 1,
          "ug/m3", 1,
          "mg/m3", 1,
          "km/h", 1,
          "yuan_per_capita", 1,
          "datasets", 0,
          "exchanges", 1);

  static final int DEFAULT_DECIMALS = 2;

  private final Lang lang;
  private final Messages messages;

  public Fmt(Messages messages) {
    this.lang = messages.lang();
    this.messages = messages;
  }

  public Lang lang() {
    return lang;
  }

  public static int decimals(String unit) {
    return DECIMALS.getOrDefault(unit, DEFAULT_DECIMALS);
  }

  /**
   * {@code v} rounded half-up to {@code decimals}, with thousands separators: 12,345.6 (the same in
   * zh-CN and en). Null for null: callers show a missing value as missing, never as 0.
   */
  public static String number(Double v, int decimals) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return null;
    }
    BigDecimal d = BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP);
    if (d.signum() == 0) {
      d = d.abs(); // no "-0.0"
    }
    String plain = d.toPlainString();
    boolean negative = plain.startsWith("-");
    if (negative) {
      plain = plain.substring(1);
    }
    int dot = plain.indexOf('.');
    String whole = dot < 0 ? plain : plain.substring(0, dot);
    String frac = dot < 0 ? "" : plain.substring(dot);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        grouped.append(',');
      }
      grouped.append(whole.charAt(i));
    }
    return (negative ? "-" : "") + grouped + frac;
  }

  /** A KPI value in its unit's decimals, without the unit; null when missing. */
  public static String value(Double v, String unit) {
    return number(v, decimals(unit));
  }

  /** The unit's label: "%", "亿元", "Mbps" ... */
  public String unit(String unit) {
    String key = "unit." + unit;
    return messages.has(key) ? messages.get(key) : unit;
  }

  /** A value with its unit: "85.3%", "612.35 亿元"; null when missing. */
  public String withUnit(Double v, String unit) {
    String n = value(v, unit);
    if (n == null) {
      return null;
    }
    String u = unit(unit);
    return u.isEmpty() || u.equals("%") || u.startsWith("/") ? n + u : n + " " + u;
  }

  /** A percentage with one decimal: "105.0%"; null when missing. */
  public String pct(Double v) {
    String n = number(v, 1);
    return n == null ? null : n + "%";
  }

  /** A signed change in percent: "+3.2%", "-0.5%", "0.0%"; null when missing. */
  public String signedPct(Double v) {
    String n = number(v, 1);
    if (n == null) {
      return null;
    }
    return (v > 0 && !n.equals("0.0") ? "+" : "") + n + "%";
  }

  /** A signed change in the value's unit. */
  public String signed(Double v, String unit) {
    String n = value(v, unit);
    if (n == null) {
      return null;
    }
    return (v > 0 && !n.matches("[0.]+") ? "+" : "") + n;
  }

  /** A target as "≥ 85%" / "> 360 亿元"; null without a target. */
  public String target(String comparator, Double v, String unit) {
    String n = withUnit(v, unit);
    if (n == null || comparator == null) {
      return null;
    }
    String c =
        switch (comparator) {
          case ">=" -> "≥";
          case "<=" -> "≤";
          default -> comparator;
        };
    return c + " " + n;
  }

  /** 2026年11月16日 / 16 Nov 2026; null for null. */
  public String date(LocalDate d) {
    if (d == null) {
      return null;
    }
    return lang == Lang.ZH
        ? d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日"
        : d.getDayOfMonth() + " " + MONTHS_EN[d.getMonthValue() - 1] + " " + d.getYear();
  }

  /** A moment in Beijing time: 2026年11月30日 11:55 / 30 Nov 2026 11:55 (+ the zone label). */
  public String dateTime(Instant t) {
    if (t == null) {
      return null;
    }
    LocalDateTime l = LocalDateTime.ofInstant(t, LOCAL);
    return messages.format(
        "time.format",
        date(l.toLocalDate()),
        String.format("%02d:%02d", l.getHour(), l.getMinute()));
  }

  /** A period label of kpi.attainment in words: 2026年11月, Nov 2026, 2026年第三季度, Q3 2026 ... */
  public String period(String type, String label) {
    if (label == null) {
      return null;
    }
    boolean zh = lang == Lang.ZH;
    switch (type) {
      case "week":
        {
          int week = Integer.parseInt(label.substring(6));
          String year = label.substring(0, 4);
          return zh ? year + "年第" + week + "周" : "Week " + week + " of " + year;
        }
      case "month":
        {
          int m = Integer.parseInt(label.substring(5, 7));
          return zh
              ? label.substring(0, 4) + "年" + m + "月"
              : MONTHS_EN[m - 1] + " " + label.substring(0, 4);
        }
      case "quarter":
        {
          int q = Integer.parseInt(label.substring(6));
          return zh
              ? label.substring(0, 4) + "年第" + QUARTERS_ZH[q - 1] + "季度"
              : "Q" + q + " " + label.substring(0, 4);
        }
      case "year":
        return zh ? label + "年" : label;
      default:
        return label;
    }
  }

  /** A short period label for table cells: 第46周 / W46, 11月 / Nov; others as {@link #period}. */
  public String periodShort(String type, String label) {
    if (label == null) {
      return null;
    }
    boolean zh = lang == Lang.ZH;
    return switch (type) {
      case "week" ->
          zh ? "第" + Integer.parseInt(label.substring(6)) + "周" : "W" + label.substring(6);
      case "month" -> {
        int m = Integer.parseInt(label.substring(5, 7));
        yield zh ? m + "月" : MONTHS_EN[m - 1];
      }
      default -> period(type, label);
    };
  }

  /** A month index (year × 12 + month − 1) as a short axis label: 2026-11 / Nov 2026. */
  public String monthShort(int index) {
    int y = index / 12;
    int m = index % 12 + 1;
    return lang == Lang.ZH ? y + "年" + m + "月" : MONTHS_EN[m - 1] + " " + y;
  }

  /** The text in the report's language of a zh/en pair (falls back to the other one). */
  public String name(String zh, String en) {
    String first = lang == Lang.ZH ? zh : en;
    String other = lang == Lang.ZH ? en : zh;
    return first != null && !first.isBlank() ? first : other;
  }

  public Messages messages() {
    return messages;
  }
}
