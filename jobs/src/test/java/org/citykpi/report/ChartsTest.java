package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {
  @Test
  void sparklineDrawsGapsForMissingValuesAndIsDeterministic() {
    String svg = Charts.sparkline("Q02 <8 weeks>", Arrays.asList(1.0, 2.0, null, 4.0, 5.0));
    assertThat(svg)
        .isEqualTo(
            "<svg class=\"chart spark\" viewBox=\"0 0 96 24\" width=\"96\" height=\"24\""
                + " role=\"img\" aria-label=\"Q02 &lt;8 weeks&gt;\"><title>Q02 &lt;8 weeks&gt;"
                + "</title><polyline points=\"3,21 25.5,16.5\" class=\"spark-line\"/>"
                + "<polyline points=\"70.5,7.5 93,3\" class=\"spark-line\"/>"
                + "<circle cx=\"93\" cy=\"3\" r=\"2\" class=\"spark-last\"/></svg>");
    assertThat(Charts.sparkline("t", Arrays.asList(1.0, 2.0, null, 4.0, 5.0))).contains("polyline");
    // all missing: an empty chart, not a line at 0
    assertThat(Charts.sparkline("none", Arrays.asList(null, null)))
        .doesNotContain("polyline", "circle");
    // one value among gaps: a dot
    assertThat(Charts.sparkline("one", Arrays.asList(null, 3.0, null)))
        .contains("circle")
        .doesNotContain("polyline");
  }

  @Test
  void ticksAreRound() {
    assertThat(Charts.ticks(0, 87, 5)).containsExactly(0, 20, 40, 60, 80, 100);
    double[] fine = Charts.ticks(1.2, 1.75, 5);
    assertThat(fine).hasSize(7);
    assertThat(fine[0]).isCloseTo(1.2, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(fine[6]).isCloseTo(1.8, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(Charts.ticks(5, 5, 5)).hasSizeGreaterThan(1);
  }

  @Test
  void heatMapHasTextSymbolsTitlesAndALegend() {
    Charts.Cell[][] cells = {
      {new Charts.Cell(Status.MET, "a · T02: 90.0%"), null},
      {new Charts.Cell(Status.OFF_TRACK, "b · T02"), new Charts.Cell(Status.INSUFFICIENT_DATA, "b")}
    };
    String svg =
        Charts.heatMap(
            "HB-2014 <status>",
            List.of("T02 光纤入户率", "Q05 空气质量优良天数比例"),
            List.of("武汉市", "襄阳市"),
            cells,
            List.of("达标", "进度正常", "有风险", "偏离目标", "数据不足", "无目标"));
    assertThat(svg)
        .startsWith("<svg class=\"chart heat\"")
        .contains("role=\"img\"", "<title>HB-2014 &lt;status&gt;</title>")
        .contains(">武汉市</text>", ">T02 光纤入户率</text>", ">✓</text>", ">✗</text>", ">?</text>")
        .contains("<title>a · T02: 90.0%</title>", "class=\"cell empty\"", ">偏离目标</text>")
        .doesNotContain("<script", "http");
  }

  @Test
  void trendMarksTargetAndDeadlineOrSaysTheDeadlineIsBefore() {
    Charts.TrendLabels labels =
        new Charts.TrendLabels(
            "T02 trend",
            "target ≥ 85%",
            "deadline 2017",
            "◀ deadline 2017",
            y -> "" + y,
            v -> "" + v);
    int jan2016 = 2016 * 12;
    List<Charts.Point> points =
        List.of(
            new Charts.Point(jan2016, 60.0),
            new Charts.Point(jan2016 + 1, 62.0),
            new Charts.Point(jan2016 + 3, 66.0));
    String inside = Charts.trend(labels, jan2016, jan2016 + 30, points, 85.0, jan2016 + 23);
    assertThat(inside)
        .contains(
            "class=\"target\"",
            ">target ≥ 85%</text>",
            "class=\"deadline\"",
            ">deadline 2017</text>",
            ">2016</text>",
            ">2017</text>");
    // a month without a value breaks the line: two pieces (a line and a dot)
    assertThat(inside).containsOnlyOnce("<polyline").contains("class=\"pt\"");
    String before = Charts.trend(labels, jan2016 + 30, jan2016 + 40, points, null, jan2016 + 23);
    assertThat(before)
        .contains(">◀ deadline 2017</text>")
        .doesNotContain("class=\"deadline\"", "class=\"target\"");
  }
}
