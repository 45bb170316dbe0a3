package org.citykpi.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A small writer of inline SVG for the report charts: coordinates rounded to one decimal (so the
 * same data gives the same bytes), text escaped, {@code role="img"} with a {@code <title>} and an
 * {@code aria-label}, no ids (a page holds many charts), no external references.
 */
final class Svg {
  private final StringBuilder b = new StringBuilder();

  Svg(double width, double height, String title, String cssClass) {
    b.append("<svg class=\"chart ")
        .append(cssClass)
        .append("\" viewBox=\"0 0 ")
        .append(n(width))
        .append(' ')
        .append(n(height))
        .append("\" width=\"")
        .append(n(width))
        .append("\" height=\"")
        .append(n(height))
        .append("\" role=\"img\" aria-label=\"")
        .append(esc(title))
        .append("\"><title>")
        .append(esc(title))
        .append("</title>");
  }

  /** XML text and attribute escaping. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder o = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> o.append("&amp;");
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&#39;");
        default -> o.append(c);
      }
    }
    return o.toString();
  }

  /** A coordinate with at most one decimal, half-up, without a trailing ".0". */
  static String n(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    return d.toPlainString();
  }

  Svg raw(String s) {
    b.append(s);
    return this;
  }

  private static final String[] RECT = {"x", "y", "width", "height"};
  private static final String[] LINE = {"x1", "y1", "x2", "y2"};
  private static final String[] CIRCLE = {"cx", "cy", "r"};

  /** {@code <tag name="value" ... class="cls"/>}, the values as coordinates. */
  private Svg shape(String tag, String cls, String[] names, double... values) {
    b.append('<').append(tag);
    for (int i = 0; i < names.length; i++) {
      b.append(' ').append(names[i]).append("=\"").append(n(values[i])).append('"');
    }
    b.append(" class=\"").append(cls).append("\"/>");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String cls) {
    return shape("rect", cls, RECT, x, y, Math.max(0, w), Math.max(0, h));
  }

  Svg line(double x1, double y1, double x2, double y2, String cls) {
    return shape("line", cls, LINE, x1, y1, x2, y2);
  }

  Svg circle(double x, double y, double r, String cls) {
    return shape("circle", cls, CIRCLE, x, y, r);
  }

  /** Text; anchor start, middle or end. */
  Svg text(double x, double y, String text, String anchor, String cls) {
    b.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\"");
    if (!"start".equals(anchor)) {
      b.append(" text-anchor=\"").append(anchor).append("\"");
    }
    b.append(" class=\"").append(cls).append("\">").append(esc(text)).append("</text>");
    return this;
  }

  Svg polyline(StringBuilder points, String cls) {
    b.append("<polyline points=\"")
        .append(points.toString().trim())
        .append("\" class=\"")
        .append(cls)
        .append("\"/>");
    return this;
  }

  /** A group with its own tooltip title (a heat-map cell, a bar). */
  Svg open(String title) {
    b.append("<g><title>").append(esc(title)).append("</title>");
    return this;
  }

  Svg close() {
    b.append("</g>");
    return this;
  }

  String end() {
    return b.append("</svg>").toString();
  }
}
