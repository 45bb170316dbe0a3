package org.citykpi.report;

import java.util.ArrayList;
import java.util.List;

/** The charts of the models, labelled in one language (the drawing is in {@link Charts}). */
final class ChartViews {
  private ChartViews() {}

  /** KPI × city status grid of a programme section. */
  static String heatMap(Fmt f, ReportExtension x, QuarterlyModel.Section s) {
    Messages m = f.messages();
    List<String> cols = new ArrayList<>();
    s.cities().forEach(c -> cols.add(x.city(c)));
    List<String> rows = new ArrayList<>();
    Charts.Cell[][] cells = new Charts.Cell[s.kpis().size()][s.cities().size()];
    for (int r = 0; r < s.kpis().size(); r++) {
      String kpi = s.kpis().get(r);
      String name = kpi;
      for (int c = 0; c < s.cities().size(); c++) {
        AttRow a = s.cell(s.cities().get(c), kpi);
        if (a != null) {
          name = kpi + " " + x.kpiName(a);
          String value = f.withUnit(a.value(), a.unit());
          cells[r][c] =
              new Charts.Cell(
                  a.status(),
                  x.city(a.cityCode())
                      + " · "
                      + a.kpiId()
                      + " "
                      + x.kpiName(a)
                      + ": "
                      + (value == null ? m.get("value.missing") : value)
                      + " · "
                      + m.get(a.status().key()));
        }
      }
      rows.add(name);
    }
    List<String> legend = new ArrayList<>();
    for (Status st : Status.values()) {
      legend.add(m.get(st.key()));
    }
    return Charts.heatMap(
        m.format("q.heatmap.title", s.programme().id() + " " + x.programme(s.programme().id())),
        rows,
        cols,
        cells,
        legend);
  }

  /** Cities ranked on one KPI. */
  static String ranking(Fmt f, ReportExtension x, QuarterlyModel.Ranking r) {
    Messages m = f.messages();
    List<Charts.Bar> bars = new ArrayList<>();
    for (AttRow a : r.rows()) {
      String v = f.withUnit(a.value(), a.unit());
      String text = v == null ? m.get("value.missing") : v;
      bars.add(
          new Charts.Bar(
              x.city(a.cityCode()),
              a.value(),
              text,
              a.status().css(),
              x.city(a.cityCode()) + ": " + text + " · " + m.get(a.status().key())));
    }
    String name = f.name(r.nameZh(), r.nameEn());
    String target =
        r.target() == null
            ? null
            : m.format("chart.target", f.target(r.comparator(), r.target(), r.unit()));
    return Charts.bars(m.format("q.ranking.title", r.kpiId(), name), bars, r.target(), target);
  }

  /** Monthly trend of a KPI at risk, with target line and deadline. */
  static String trend(Fmt f, QuarterlyModel.Trend t) {
    Messages m = f.messages();
    int decimals = Fmt.decimals(t.unit());
    String target = null;
    if (t.target() != null) {
      target =
          m.format(
              t.annualTotal() ? "chart.target.monthly" : "chart.target",
              f.target(t.comparator(), t.target(), t.unit()));
    }
    String deadline = t.deadline() == null ? null : f.date(t.deadline());
    Integer deadlineMonth = t.deadline() == null ? null : Charts.monthIndex(t.deadline());
    String name = f.name(t.nameZh(), t.nameEn());
    Charts.TrendLabels labels =
        new Charts.TrendLabels(
            m.format("q.trend.title", t.kpiId(), name, f.unit(t.unit())),
            target,
            deadline == null ? null : m.format("chart.deadline", deadline),
            deadline == null ? null : m.format("chart.deadline.before", deadline),
            y -> Integer.toString(y),
            v -> Fmt.number(v, Math.min(decimals, tickDecimals(v))));
    return Charts.trend(labels, t.from(), t.to(), t.points(), t.target(), deadlineMonth);
  }

  /** Decimals a tick value needs (0 for whole numbers, else up to 2). */
  static int tickDecimals(double v) {
    if (Math.abs(v - Math.rint(v)) < 1e-9) {
      return 0;
    }
    return Math.abs(v * 10 - Math.rint(v * 10)) < 1e-9 ? 1 : 2;
  }

  /** Group scores of a city's evaluation, last year's as ticks, band thresholds marked. */
  static String scores(Fmt f, Evaluation ev, AnnualModel.CityEval c) {
    Messages m = f.messages();
    List<Charts.ScoreBar> bars = new ArrayList<>();
    for (Scoring.GroupScore g : c.score().groups()) {
      if (g.indicators() == 0) {
        continue;
      }
      String name = f.name(g.group().nameZh(), g.group().nameEn());
      String score = Fmt.number(g.score(), 1);
      Double prev = c.previousGroup(g.group().id());
      String prevText = Fmt.number(prev, 1);
      bars.add(
          new Charts.ScoreBar(
              name,
              g.score(),
              prev,
              score == null ? m.get("value.missing") : score,
              m.format(
                  "a.scores.tooltip",
                  name,
                  score == null ? m.get("value.missing") : score,
                  prevText == null ? m.get("value.missing") : prevText)));
    }
    List<Double> thresholds = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i < ev.bands().size(); i++) {
      Evaluation.Band b = ev.bands().get(i);
      thresholds.add(b.min());
      labels.add(f.name(b.nameZh(), b.nameEn()) + " " + Fmt.number(b.min(), 0));
    }
    return Charts.scores(m.get("a.scores.title"), bars, thresholds, labels);
  }
}
