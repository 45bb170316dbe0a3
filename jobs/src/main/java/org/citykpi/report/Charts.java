package org.citykpi.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The report charts, hand-written SVG (ECOSYSTEM-NOTES: deterministic, testable, text stays text):
 * sparklines, ranking bars, a status heat map, monthly trends with target and deadline, and group
 * score bars. Callers pass every label already written in the report's language.
 */
final class Charts {
  private Charts() {}

  // ------------------------------------------------------------------ sparkline

  static final double SPARK_W = 96;
  static final double SPARK_H = 24;

  /**
   * A word-sized line of {@code values} (oldest first; null = no value, drawn as a gap), the last
   * value dotted.
   */
  static String sparkline(String title, List<Double> values) {
    Svg s = new Svg(SPARK_W, SPARK_H, title, "spark");
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Double v : values) {
      if (v != null) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (lo == Double.POSITIVE_INFINITY) {
      return s.end();
    }
    int n = values.size();
    double pad = 3;
    double step = n > 1 ? (SPARK_W - 2 * pad) / (n - 1) : 0;
    StringBuilder pts = new StringBuilder();
    int run = 0;
    double lastX = 0;
    double lastY = 0;
    for (int i = 0; i <= n; i++) {
      Double v = i < n ? values.get(i) : null;
      if (v == null) {
        if (run == 1) {
          s.circle(lastX, lastY, 1.5, "spark-pt");
        } else if (run > 1) {
          s.polyline(pts, "spark-line");
        }
        pts.setLength(0);
        run = 0;
        continue;
      }
      double x = n > 1 ? pad + i * step : SPARK_W / 2;
      double y =
          hi == lo ? SPARK_H / 2 : SPARK_H - pad - (v - lo) / (hi - lo) * (SPARK_H - 2 * pad);
      pts.append(Svg.n(x)).append(',').append(Svg.n(y)).append(' ');
      lastX = x;
      lastY = y;
      run++;
    }
    s.circle(lastX, lastY, 2, "spark-last"); // the loop left them at the last value
    return s.end();
  }

  // ------------------------------------------------------------------ ranking bars

  /** One bar: label, value (null = missing), the value as written, status colour class. */
  record Bar(String label, Double value, String valueText, String css, String tooltip) {}

  /** Horizontal bars, one per city in rank order, with the target as a dashed line. */
  static String bars(String title, List<Bar> bars, Double target, String targetLabel) {
    double labelW = 120;
    double barW = 300;
    double rowH = 20;
    double top = targetLabel == null ? 6 : 20;
    double w = labelW + barW + 110;
    double h = top + rowH * bars.size() + 6;
    double max = target == null ? 0 : target;
    double min = 0;
    for (Bar b : bars) {
      if (b.value() != null) {
        max = Math.max(max, b.value());
        min = Math.min(min, b.value());
      }
    }
    if (max == min) {
      max = min + 1;
    }
    double span = (max - min) * 1.05;
    Svg s = new Svg(w, h, title, "bars");
    double zero = labelW + (0 - min) / span * barW;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = top + i * rowH;
      s.open(b.tooltip());
      s.text(labelW - 6, y + rowH * 0.7, b.label(), "end", "lbl");
      if (b.value() != null) {
        double x = labelW + (b.value() - min) / span * barW;
        s.rect(Math.min(zero, x), y + 3, Math.abs(x - zero), rowH - 6, "bar " + b.css());
        s.text(Math.max(zero, x) + 4, y + rowH * 0.7, b.valueText(), "start", "val");
      } else {
        s.text(zero + 4, y + rowH * 0.7, b.valueText(), "start", "val na");
      }
      s.close();
    }
    if (target != null) {
      double x = labelW + (target - min) / span * barW;
      s.line(x, top - 4, x, h - 4, "target");
      s.text(x, 12, targetLabel, "middle", "target-lbl");
    }
    return s.end();
  }

  // ------------------------------------------------------------------ heat map

  /** One heat-map cell: its status (null = no row) and tooltip. */
  record Cell(Status status, String tooltip) {}

  /** Symbols of the statuses, so that the map reads without colour too. */
  static String symbol(Status s) {
    if (s == null) {
      return "";
    }
    return switch (s) {
      case MET -> "✓";
      case ON_TRACK -> "↗";
      case AT_RISK -> "!";
      case OFF_TRACK -> "✗";
      case INSUFFICIENT_DATA -> "?";
      case NO_TARGET -> "–";
    };
  }

  /**
   * A KPI × city grid of statuses (one row per KPI, so that a programme's many KPIs run down the
   * page and its few cities across): rows {@code rowLabels}, columns {@code colLabels}, cells
   * [row][col], and a legend of {@code legend} (one label per status, in Status order) below.
   */
  static String heatMap(
      String title,
      List<String> rowLabels,
      List<String> colLabels,
      Cell[][] cells,
      List<String> legend) {
    double labelW = 250;
    double cw = 72;
    double ch = 20;
    double top = 24;
    double w = Math.max(labelW + cw * colLabels.size() + 8, 480);
    double legendY = top + ch * rowLabels.size() + 22;
    double h = legendY + 10;
    Svg s = new Svg(w, h, title, "heat");
    for (int c = 0; c < colLabels.size(); c++) {
      s.text(labelW + c * cw + cw / 2, top - 8, colLabels.get(c), "middle", "col");
    }
    for (int r = 0; r < rowLabels.size(); r++) {
      double y = top + r * ch;
      s.text(labelW - 6, y + ch * 0.68, rowLabels.get(r), "end", "lbl");
      for (int c = 0; c < colLabels.size(); c++) {
        Cell cell = cells[r][c];
        double x = labelW + c * cw;
        if (cell == null || cell.status() == null) {
          s.rect(x + 1, y + 1, cw - 2, ch - 2, "cell empty");
          continue;
        }
        s.open(cell.tooltip());
        s.rect(x + 1, y + 1, cw - 2, ch - 2, "cell " + cell.status().css());
        s.text(x + cw / 2, y + ch * 0.7, symbol(cell.status()), "middle", "sym");
        s.close();
      }
    }
    double x = 4;
    Status[] all = Status.values();
    for (int i = 0; i < all.length && i < legend.size(); i++) {
      s.rect(x, legendY - 11, 14, 14, "cell " + all[i].css());
      s.text(x + 7, legendY, symbol(all[i]), "middle", "sym");
      s.text(x + 18, legendY, legend.get(i), "start", "legend");
      x += 26 + legend.get(i).codePoints().map(cp -> cp > 0x2e80 ? 11 : 6).sum();
    }
    return s.end();
  }

  // ------------------------------------------------------------------ trend

  /** A monthly value; month = year × 12 + month − 1. */
  record Point(int month, Double value) {}

  /** The month axis index of a date's month: year × 12 + month − 1. */
  static int monthIndex(LocalDate d) {
    return d.getYear() * 12 + d.getMonthValue() - 1;
  }

  /** Labels of a trend chart, already in the report's language. */
  record TrendLabels(
      String title,
      String targetLabel,
      String deadlineLabel,
      String deadlineBeforeLabel,
      java.util.function.IntFunction<String> year,
      java.util.function.DoubleFunction<String> tick) {}

  /**
   * Monthly values over [from, to] as a line (gaps where null), the target as a dashed horizontal
   * line and the deadline as a vertical one; a deadline before {@code from} is named at the left
   * edge instead.
   */
  static String trend(
      TrendLabels labels,
      int from,
      int to,
      List<Point> points,
      Double target,
      Integer deadlineMonth) {
    double w = 560;
    double h = 210;
    double left = 58;
    double right = 84;
    double top = 18;
    double bottom = 26;
    double pw = w - left - right;
    double ph = h - top - bottom;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      if (p.value() != null && p.month() >= from && p.month() <= to) {
        lo = Math.min(lo, p.value());
        hi = Math.max(hi, p.value());
      }
    }
    if (target != null) {
      lo = Math.min(lo, target);
      hi = Math.max(hi, target);
    }
    if (lo == Double.POSITIVE_INFINITY) {
      lo = 0;
      hi = 1;
    }
    // start at 0 when the values sit well above it anyway; otherwise zoom in on them
    double[] ticks = ticks(lo >= 0 && lo < hi * 0.5 ? 0 : lo, hi, 5);
    double y0 = ticks[0];
    double y1 = ticks[ticks.length - 1];
    int months = Math.max(1, to - from);
    Svg s = new Svg(w, h, labels.title(), "trend");
    java.util.function.IntToDoubleFunction xOf = m -> left + (m - from) * pw / months;
    java.util.function.DoubleUnaryOperator yOf = v -> top + ph - (v - y0) / (y1 - y0) * ph;
    for (double t : ticks) {
      double y = yOf.applyAsDouble(t);
      s.line(left, y, left + pw, y, "grid");
      s.text(left - 6, y + 4, labels.tick().apply(t), "end", "tick");
    }
    int years = to / 12 - from / 12;
    int every = years > 16 ? 4 : years > 8 ? 2 : 1;
    for (int m = from; m <= to; m++) {
      if (m % 12 == 0 && (m / 12) % every == 0) {
        double x = xOf.applyAsDouble(m);
        s.line(x, top + ph, x, top + ph + 4, "axis");
        s.text(x, h - 8, labels.year().apply(m / 12), "middle", "tick");
      }
    }
    s.line(left, top + ph, left + pw, top + ph, "axis");
    if (target != null) {
      double y = yOf.applyAsDouble(target);
      s.line(left, y, left + pw, y, "target");
      s.text(left + pw + 4, y + 4, labels.targetLabel(), "start", "target-lbl");
    }
    if (deadlineMonth != null && deadlineMonth >= from && deadlineMonth <= to) {
      double x = xOf.applyAsDouble(deadlineMonth);
      s.line(x, top, x, top + ph, "deadline");
      s.text(x + 3, top - 5, labels.deadlineLabel(), "start", "deadline-lbl");
    } else if (deadlineMonth != null && deadlineMonth < from) {
      s.text(left + 3, top - 5, labels.deadlineBeforeLabel(), "start", "deadline-lbl");
    }
    List<Point> in = new ArrayList<>();
    for (Point p : points) {
      if (p.month() >= from && p.month() <= to) {
        in.add(p);
      }
    }
    StringBuilder pts = new StringBuilder();
    int run = 0;
    double lx = 0;
    double ly = 0;
    Integer prevMonth = null;
    for (int i = 0; i <= in.size(); i++) {
      Point p = i < in.size() ? in.get(i) : null;
      boolean gap =
          p == null
              || p.value() == null
              || (prevMonth != null && p.month() != prevMonth + 1 && run > 0);
      if (gap) {
        if (run == 1) {
          s.circle(lx, ly, 2, "pt");
        } else if (run > 1) {
          s.polyline(pts, "series");
        }
        pts.setLength(0);
        run = 0;
      }
      if (p != null && p.value() != null) {
        lx = xOf.applyAsDouble(p.month());
        ly = yOf.applyAsDouble(p.value());
        pts.append(Svg.n(lx)).append(',').append(Svg.n(ly)).append(' ');
        run++;
      }
      prevMonth = p == null ? null : p.month();
    }
    return s.end();
  }

  /** About {@code n} round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
  static double[] ticks(double lo, double hi, int n) {
    if (hi - lo < 1e-9) {
      double d = Math.abs(hi) < 1e-9 ? 1 : Math.abs(hi) * 0.1;
      lo -= d;
      hi += d;
    }
    double raw = (hi - lo) / (n - 1);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / mag;
    double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    double start = Math.floor(lo / step + 1e-9) * step;
    double end = Math.ceil(hi / step - 1e-9) * step;
    int count = (int) Math.round((end - start) / step) + 1;
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = start + i * step;
    }
    return out;
  }

  // ------------------------------------------------------------------ score bars

  /** A group's score this year and last (null = none). */
  record ScoreBar(String label, Double score, Double previous, String scoreText, String tooltip) {}

  /**
   * Group scores on 0–100 bars, last year's as a tick, the band thresholds as dotted lines labelled
   * {@code bandLabels} (threshold → label).
   */
  static String scores(
      String title, List<ScoreBar> bars, List<Double> thresholds, List<String> bandLabels) {
    double labelW = 150;
    double barW = 300;
    double rowH = 22;
    double top = 20;
    double w = labelW + barW + 70;
    double h = top + rowH * bars.size() + 8;
    Svg s = new Svg(w, h, title, "scores");
    for (int i = 0; i < thresholds.size(); i++) {
      double x = labelW + thresholds.get(i) / 100 * barW;
      s.line(x, top - 4, x, h - 4, "band");
      s.text(x, 12, bandLabels.get(i), "middle", "band-lbl");
    }
    for (int i = 0; i < bars.size(); i++) {
      ScoreBar b = bars.get(i);
      double y = top + i * rowH;
      s.open(b.tooltip());
      s.text(labelW - 6, y + rowH * 0.68, b.label(), "end", "lbl");
      s.rect(labelW, y + 4, barW, rowH - 8, "track");
      if (b.score() != null) {
        s.rect(labelW, y + 4, b.score() / 100 * barW, rowH - 8, "bar score");
      }
      if (b.previous() != null) {
        double x = labelW + b.previous() / 100 * barW;
        s.line(x, y + 1, x, y + rowH - 1, "prev");
      }
      s.text(labelW + barW + 6, y + rowH * 0.68, b.scoreText(), "start", "val");
      s.close();
    }
    return s.end();
  }
}
