package org.citykpi.report;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citykpi.geo.Reference;

/**
 * The functions report templates call, bound to one language: {@code t(key, args...)} for labels,
 * value/date/period formatting where a missing value is written as missing (never 0), status
 * badges, names in the language, and the charts. Everything returns escaped text or markup built
 * from escaped text.
 */
final class ReportExtension extends AbstractExtension {
  private final Fmt f;
  private final Messages m;
  private final ReportRefs refs;

  ReportExtension(Fmt f, ReportRefs refs) {
    this.f = f;
    this.m = f.messages();
    this.refs = refs;
  }

  /** Positional arguments of a call, in order. */
  @FunctionalInterface
  interface Call {
    Object apply(List<Object> args);
  }

  private static Function fn(Call call) {
    return new Function() {
      @Override
      public List<String> getArgumentNames() {
        return null; // positional: "0", "1", ...
      }

      @Override
      public Object execute(
          Map<String, Object> args, PebbleTemplate self, EvaluationContext ctx, int line) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; args.containsKey(String.valueOf(i)); i++) {
          list.add(args.get(String.valueOf(i)));
        }
        return call.apply(list);
      }
    };
  }

  private static Object arg(List<Object> a, int i) {
    return i < a.size() ? a.get(i) : null;
  }

  private static Double dbl(Object o) {
    return o == null ? null : ((Number) o).doubleValue();
  }

  /** Escaped text, or the missing-value mark when null. */
  SafeString orMissing(String text) {
    return new SafeString(text == null ? missing() : Svg.esc(text));
  }

  String missing() {
    return "<abbr class=\"na\" title=\"" + Svg.esc(m.get("value.missing")) + "\">—</abbr>";
  }

  @Override
  public Map<String, Function> getFunctions() {
    Map<String, Function> fns = new LinkedHashMap<>();
    fns.put(
        "t",
        fn(
            a -> {
              Object[] rest = a.subList(1, a.size()).toArray();
              return m.format((String) a.get(0), rest);
            }));
    fns.put("v", fn(a -> orMissing(f.withUnit(dbl(arg(a, 0)), (String) arg(a, 1)))));
    fns.put("num", fn(a -> orMissing(Fmt.value(dbl(arg(a, 0)), (String) arg(a, 1)))));
    fns.put("count", fn(a -> orMissing(Fmt.number(dbl(arg(a, 0)), 0))));
    fns.put("pct", fn(a -> orMissing(f.pct(dbl(arg(a, 0))))));
    fns.put("chg", fn(a -> orMissing(f.signedPct(dbl(arg(a, 0))))));
    fns.put("unit", fn(a -> f.unit((String) arg(a, 0))));
    fns.put("target", fn(a -> target((AttRow) a.get(0))));
    fns.put("date", fn(a -> orMissing(f.date((LocalDate) arg(a, 0)))));
    fns.put("datetime", fn(a -> orMissing(f.dateTime((Instant) arg(a, 0)))));
    fns.put("period", fn(a -> f.period((String) a.get(0), (String) a.get(1))));
    fns.put("per", fn(a -> f.periodShort((String) a.get(0), (String) a.get(1))));
    fns.put("name", fn(a -> f.name((String) arg(a, 0), (String) arg(a, 1))));
    fns.put("city", fn(a -> city((String) a.get(0))));
    fns.put("programme", fn(a -> programme((String) a.get(0))));
    fns.put("badge", fn(a -> badge((Status) a.get(0))));
    fns.put("sym", fn(a -> Charts.symbol((Status) a.get(0))));
    fns.put("spark", fn(a -> new SafeString(spark((WeeklyModel.Line) a.get(0)))));
    fns.put(
        "heatmap",
        fn(a -> new SafeString(ChartViews.heatMap(f, this, (QuarterlyModel.Section) a.get(0)))));
    fns.put(
        "ranking",
        fn(a -> new SafeString(ChartViews.ranking(f, this, (QuarterlyModel.Ranking) a.get(0)))));
    fns.put("trend", fn(a -> new SafeString(ChartViews.trend(f, (QuarterlyModel.Trend) a.get(0)))));
    fns.put(
        "scores",
        fn(
            a ->
                new SafeString(
                    ChartViews.scores(f, refs.evaluation(), (AnnualModel.CityEval) a.get(0)))));
    return fns;
  }

  /** "≥ 85%", "no target", or the missing mark for a target without a value. */
  SafeString target(AttRow r) {
    if (r.status() == Status.NO_TARGET) {
      return new SafeString("<span class=\"none\">" + Svg.esc(m.get("target.none")) + "</span>");
    }
    return orMissing(f.target(r.comparator(), r.targetValue(), r.unit()));
  }

  String kpiName(AttRow r) {
    return f.name(r.nameZh(), r.nameEn());
  }

  String city(String code) {
    Reference.City c = refs.reference().cities().get(code);
    return c == null ? code : f.name(c.nameZh(), c.nameEn());
  }

  String programme(String id) {
    ReportRefs.Programme p = refs.programmes().get(id);
    return p == null ? id : f.name(p.nameZh(), p.nameEn());
  }

  SafeString badge(Status s) {
    return new SafeString(
        "<span class=\"badge "
            + s.css()
            + "\"><span aria-hidden=\"true\">"
            + Charts.symbol(s)
            + "</span> "
            + Svg.esc(m.get(s.key()))
            + "</span>");
  }

  String spark(WeeklyModel.Line l) {
    List<String> vals = new ArrayList<>();
    for (Double v : l.sparkValues()) {
      String s = Fmt.value(v, l.row().unit());
      vals.add(s == null ? m.get("value.missing") : s);
    }
    String title =
        m.format(
            l.daily() ? "spark.weeks" : "spark.months",
            l.sparkValues().size(),
            kpiName(l.row()),
            String.join(", ", vals));
    return Charts.sparkline(title, l.sparkValues());
  }
}
