package org.citykpi.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.citykpi.common.CityKpiException;
import org.citykpi.geo.Reference;
import org.dhatim.fastexcel.Workbook;

/**
 * The spreadsheet of a report (fastexcel): one sheet per table of the report, in the report's
 * language, with typed cells and number formats, plus a provenance sheet (parameters, generation
 * time, table versions).
 */
final class XlsxWriter {
  private final Messages m;
  private final Fmt f;
  private final ReportRefs refs;
  private final Workbook wb;

  private XlsxWriter(Workbook wb, Lang lang, ReportRefs refs) {
    this.m = Messages.of(lang);
    this.f = new Fmt(m);
    this.refs = refs;
    this.wb = wb;
  }

  static void write(
      Path file, ReportKind kind, Object model, Cover cover, Lang lang, ReportRefs refs) {
    try (OutputStream out = Files.newOutputStream(file)) {
      Workbook wb = new Workbook(out, "CityKPI", "0.1");
      wb.properties()
          .setTitle(Messages.of(lang).get("title." + kind.code()) + " " + cover.period().label());
      XlsxWriter x = new XlsxWriter(wb, lang, refs);
      DataQuality dq;
      Provenance prov;
      switch (kind) {
        case WEEKLY -> {
          WeeklyModel w = (WeeklyModel) model;
          x.weekly(w);
          dq = w.quality();
          prov = w.provenance();
        }
        case QUARTERLY -> {
          QuarterlyModel q = (QuarterlyModel) model;
          x.quarterly(q);
          dq = q.quality();
          prov = q.provenance();
        }
        default -> {
          AnnualModel a = (AnnualModel) model;
          x.annual(a);
          dq = a.quality();
          prov = a.provenance();
        }
      }
      x.quality(dq);
      x.provenance(kind, cover, prov, lang);
      wb.finish();
    } catch (IOException e) {
      throw new CityKpiException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private Sheet sheet(String nameKey, Object... headersAndWidths) {
    List<String> headers = new ArrayList<>();
    List<Double> widths = new ArrayList<>();
    for (int i = 0; i < headersAndWidths.length; i += 2) {
      headers.add(m.get((String) headersAndWidths[i]));
      widths.add(((Number) headersAndWidths[i + 1]).doubleValue());
    }
    return new Sheet(wb, m.get(nameKey), headers, widths);
  }

  private String city(String code) {
    Reference.City c = refs.reference().cities().get(code);
    return c == null ? code : f.name(c.nameZh(), c.nameEn());
  }

  private String status(Status s) {
    return s == null ? null : m.get(s.key());
  }

  private String group(String kpiId) {
    Evaluation.Group g = refs.evaluation().groupOf(kpiId);
    return g == null ? null : f.name(g.nameZh(), g.nameEn());
  }

  /** The columns every KPI line sheet shares, after the city columns. */
  private static final Object[] LINE_COLS = {
    "col.group", 16, "col.kpi.id", 8, "col.kpi", 34, "col.period.type", 9, "col.period", 10,
    "col.value", 12, "col.unit", 10, "col.comparator", 6, "col.target", 12, "col.attainment", 11,
    "col.status", 14, "col.change", 10, "col.yoy", 10, "col.provisional", 10, "col.programme", 11,
    "col.comparison", 12, "col.doc", 10, "col.clause", 60
  };

  private Object[] line(AttRow r) {
    return new Object[] {
      group(r.kpiId()),
      r.kpiId(),
      f.name(r.nameZh(), r.nameEn()),
      r.periodType(),
      r.period(),
      Sheet.value(r.value(), r.unit()),
      f.unit(r.unit()).isEmpty() ? r.unit() : f.unit(r.unit()),
      r.comparator(),
      Sheet.value(r.targetValue(), r.unit()),
      Sheet.pct(r.attainmentPct()),
      status(r.status()),
      Sheet.pct(r.changePrevPct()),
      Sheet.pct(r.changeYoyPct()),
      r.provisional(),
      r.programme(),
      r.comparison(),
      r.docId(),
      r.clauseZh()
    };
  }

  /** A column per status, in display order, as {@link #addCounts} fills them. */
  private static final Object[] STATUS_COLS =
      Arrays.stream(Status.values()).flatMap(st -> Stream.of(st.key(), 9)).toArray();

  /** The count of each status, then their total. */
  private static void addCounts(List<Object> row, WeeklyModel.StatusCounts counts) {
    for (Status st : Status.values()) {
      row.add(counts.get(st));
    }
    row.add(counts.total());
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] out = new Object[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private void weekly(WeeklyModel w) {
    Sheet o =
        sheet(
            "sheet.overview",
            concat(
                concat(new Object[] {"col.city.code", 10, "col.city", 14}, STATUS_COLS),
                new Object[] {"col.total", 8, "col.changed", 9, "col.provisional", 9}));
    for (WeeklyModel.CityPage c : w.cities()) {
      List<Object> r = new ArrayList<>(List.of(c.code(), city(c.code())));
      addCounts(r, c.counts());
      r.add(c.changes().size());
      r.add(c.provisional());
      o.row(r.toArray());
    }
    Sheet k =
        sheet("sheet.kpis", concat(new Object[] {"col.city.code", 10, "col.city", 14}, LINE_COLS));
    Sheet ch =
        sheet(
            "sheet.changes",
            "col.city",
            14,
            "col.kpi.id",
            8,
            "col.kpi",
            34,
            "col.programme",
            11,
            "col.previous",
            14,
            "col.status",
            14);
    Sheet mv =
        sheet(
            "sheet.movers",
            "col.city",
            14,
            "col.kpi.id",
            8,
            "col.kpi",
            34,
            "col.previous",
            12,
            "col.value",
            12,
            "col.unit",
            10,
            "col.change",
            10);
    for (WeeklyModel.CityPage c : w.cities()) {
      for (WeeklyModel.Line l : c.lines()) {
        k.row(concat(new Object[] {c.code(), city(c.code())}, line(l.row())));
      }
      for (WeeklyModel.Line l : c.changes()) {
        AttRow r = l.row();
        ch.row(
            city(c.code()),
            r.kpiId(),
            f.name(r.nameZh(), r.nameEn()),
            r.programme(),
            status(l.previous()),
            status(r.status()));
      }
      for (WeeklyModel.Line l : c.movers()) {
        AttRow r = l.row();
        mv.row(
            city(c.code()),
            r.kpiId(),
            f.name(r.nameZh(), r.nameEn()),
            Sheet.value(r.prevValue(), r.unit()),
            Sheet.value(r.value(), r.unit()),
            f.unit(r.unit()),
            Sheet.pct(r.changePrevPct()));
      }
    }
  }

  private void quarterly(QuarterlyModel q) {
    Sheet o =
        sheet(
            "sheet.overview",
            concat(
                concat(new Object[] {"col.programme", 11, "col.cities", 9}, STATUS_COLS),
                new Object[] {"col.total", 8}));
    Sheet ro =
        sheet(
            "sheet.rollups",
            "col.programme",
            11,
            "col.kpi.id",
            8,
            "col.kpi",
            34,
            "col.value",
            12,
            "col.unit",
            10,
            "col.numerator",
            14,
            "col.denominator",
            14,
            "col.cities",
            9,
            "col.final",
            10,
            "col.comparator",
            6,
            "col.target",
            12,
            "col.attainment",
            11,
            "col.met",
            8,
            "col.doc",
            10,
            "col.clause",
            60);
    Sheet hm =
        sheet(
            "sheet.heatmap",
            "col.programme",
            11,
            "col.city.code",
            10,
            "col.city",
            14,
            "col.kpi.id",
            8,
            "col.kpi",
            34,
            "col.value",
            12,
            "col.unit",
            10,
            "col.target",
            12,
            "col.attainment",
            11,
            "col.status",
            14,
            "col.comparison",
            12,
            "col.clause",
            60);
    Sheet rk =
        sheet(
            "sheet.rankings",
            "col.programme",
            11,
            "col.kpi.id",
            8,
            "col.rank",
            6,
            "col.city",
            14,
            "col.value",
            12,
            "col.unit",
            10,
            "col.status",
            14);
    Sheet tr =
        sheet(
            "sheet.trends",
            "col.programme",
            11,
            "col.kpi.id",
            8,
            "col.month",
            10,
            "col.value",
            12,
            "col.unit",
            10);
    for (QuarterlyModel.Section s : q.programmes()) {
      List<Object> r = new ArrayList<>(List.of(s.programme().id(), s.cities().size()));
      addCounts(r, s.counts());
      o.row(r.toArray());
      for (QuarterlyModel.Rollup x : s.rollups()) {
        ObsRow ob = x.obs();
        ro.row(
            s.programme().id(),
            x.kpiId(),
            f.name(x.nameZh(), x.nameEn()),
            Sheet.value(ob == null ? null : ob.value(), x.unit()),
            f.unit(x.unit()),
            new Sheet.Num(ob == null ? null : ob.numerator(), "#,##0.######"),
            new Sheet.Num(ob == null ? null : ob.denominator(), "#,##0.######"),
            ob == null ? 0 : ob.cities(),
            ob == null ? null : ob.provisional() ? m.get("provisional") : m.get("final"),
            x.targetValue() == null ? null : x.target().comparator(),
            Sheet.value(x.targetValue(), x.unit()),
            Sheet.pct(x.attainmentPct()),
            x.met(),
            x.target() == null ? null : x.target().docId(),
            x.target() == null ? null : x.target().clauseZh());
      }
      for (String c : s.cities()) {
        for (String k : s.kpis()) {
          AttRow a = s.cell(c, k);
          if (a == null) {
            continue;
          }
          hm.row(
              s.programme().id(),
              c,
              city(c),
              k,
              f.name(a.nameZh(), a.nameEn()),
              Sheet.value(a.value(), a.unit()),
              f.unit(a.unit()),
              Sheet.value(a.targetValue(), a.unit()),
              Sheet.pct(a.attainmentPct()),
              status(a.status()),
              a.comparison(),
              a.clauseZh());
        }
      }
      for (QuarterlyModel.Ranking x : s.rankings()) {
        int rank = 1;
        for (AttRow a : x.rows()) {
          rk.row(
              s.programme().id(),
              x.kpiId(),
              a.rankInProgramme() != null ? a.rankInProgramme() : rank,
              city(a.cityCode()),
              Sheet.value(a.value(), a.unit()),
              f.unit(a.unit()),
              status(a.status()));
          rank++;
        }
      }
      for (QuarterlyModel.Trend t : s.trends()) {
        for (Charts.Point p : t.points()) {
          if (p.month() >= t.from() && p.month() <= t.to()) {
            tr.row(
                s.programme().id(),
                t.kpiId(),
                String.format("%d-%02d", p.month() / 12, p.month() % 12 + 1),
                Sheet.value(p.value(), t.unit()),
                f.unit(t.unit()));
          }
        }
      }
    }
  }

  private void annual(AnnualModel a) {
    Sheet sc =
        sheet(
            "sheet.scores",
            "col.city.code",
            10,
            "col.city",
            14,
            "a.score",
            10,
            "a.band",
            10,
            "a.prev",
            10,
            "a.change",
            10,
            "col.indicators",
            10,
            "col.missing",
            10);
    Sheet gr =
        sheet(
            "sheet.groups",
            "col.city",
            14,
            "col.group",
            16,
            "col.weight",
            10,
            "col.weight.effective",
            10,
            "col.indicators",
            10,
            "col.score",
            10,
            "col.score.prev",
            10,
            "col.contribution",
            10);
    Sheet tg =
        sheet(
            "sheet.targets",
            concat(
                new Object[] {"col.city.code", 10, "col.city", 14},
                concat(LINE_COLS, new Object[] {"col.indicator.score", 10})));
    Sheet ms =
        sheet(
            "sheet.measures",
            "col.city",
            14,
            "col.kpi.id",
            8,
            "col.kpi",
            34,
            "col.value",
            12,
            "col.unit",
            10,
            "col.yoy",
            10);
    for (AnnualModel.CityEval c : a.cities()) {
      Scoring.Score s = c.score();
      sc.row(
          c.code(),
          city(c.code()),
          new Sheet.Num(s.overall(), "0.0"),
          s.band() == null ? null : f.name(s.band().nameZh(), s.band().nameEn()),
          new Sheet.Num(c.previous() == null ? null : c.previous().overall(), "0.0"),
          new Sheet.Num(c.change(), "+0.0;-0.0;0.0"),
          s.total(),
          s.missing());
      for (Scoring.GroupScore g : s.groups()) {
        gr.row(
            city(c.code()),
            f.name(g.group().nameZh(), g.group().nameEn()),
            new Sheet.Num(g.group().weight(), "0"),
            Sheet.pct(g.effectiveWeightPct()),
            g.scored() + " / " + g.indicators(),
            new Sheet.Num(g.score(), "0.0"),
            new Sheet.Num(c.previousGroup(g.group().id()), "0.0"),
            new Sheet.Num(g.contribution(), "0.0"));
      }
      for (Scoring.Indicator i : s.indicators()) {
        tg.row(
            concat(
                new Object[] {c.code(), city(c.code())},
                concat(line(i.row()), new Object[] {new Sheet.Num(i.score(), "0.0")})));
      }
      for (AttRow r : c.measures()) {
        ms.row(
            city(c.code()),
            r.kpiId(),
            f.name(r.nameZh(), r.nameEn()),
            Sheet.value(r.value(), r.unit()),
            f.unit(r.unit()),
            Sheet.pct(r.changeYoyPct()));
      }
    }
  }

  private void quality(DataQuality dq) {
    Sheet s =
        sheet(
            "sheet.sources",
            "col.source",
            22,
            "col.rows.in",
            12,
            "col.accepted",
            12,
            "col.quarantined",
            14,
            "col.removed",
            14,
            "col.files",
            8,
            "col.late",
            8);
    for (DataQuality.SourceLine l : dq.sources()) {
      s.row(
          l.source(),
          Sheet.count(l.rowsIn()),
          Sheet.count(l.accepted()),
          Sheet.count(l.quarantinedIngest()),
          Sheet.count(l.quarantinedClean()),
          Sheet.count(l.files()),
          Sheet.count(l.lateFiles()));
    }
    Sheet r =
        sheet("sheet.reasons", "col.source", 22, "col.stage", 8, "col.rule", 30, "col.rows", 10);
    for (DataQuality.Reason x : dq.reasons()) {
      r.row(x.source(), x.stage(), x.rule(), Sheet.count(x.rows()));
    }
    Sheet j =
        sheet(
            "sheet.jumps",
            "col.day",
            11,
            "col.source",
            22,
            "col.stage",
            8,
            "col.rule",
            30,
            "col.rows.checked",
            12,
            "col.rows.failed",
            12,
            "col.rate",
            10,
            "col.history.mean",
            10,
            "col.history.sd",
            10,
            "col.history.days",
            10);
    for (DataQuality.Jump x : dq.jumps()) {
      j.row(
          x.day(),
          x.source(),
          x.stage(),
          x.rule(),
          Sheet.count(x.checked()),
          Sheet.count(x.failed()),
          Sheet.pct(x.ratePct()),
          Sheet.pct(x.meanPct()),
          Sheet.pct(x.sdPct()),
          Sheet.count(x.historyDays()));
    }
    Sheet runs = sheet("sheet.runs", "col.job", 10, "col.runs", 8, "col.failed", 8, "col.last", 22);
    for (DataQuality.RunLine x : dq.runs()) {
      runs.row(x.job(), Sheet.count(x.runs()), Sheet.count(x.failed()), f.dateTime(x.lastEnded()));
    }
  }

  private void provenance(ReportKind kind, Cover cover, Provenance prov, Lang lang) {
    Sheet p = sheet("sheet.provenance", "col.item", 30, "col.value", 50, "col.rows.used", 12);
    p.row(m.get("xl.kind"), kind.code());
    p.row(m.get("cover.period"), cover.period().label());
    p.row(m.get("xl.from"), cover.period().span().from());
    p.row(m.get("xl.to"), cover.period().span().to());
    p.row(m.get("xl.lang"), lang.code());
    p.row(m.get("col.programme"), String.join(", ", cover.programmes()));
    p.row(m.get("col.city"), String.join(", ", cover.cities()));
    p.row(m.get("cover.cutoff"), cover.dataThrough());
    p.row(m.get("cover.kpirun"), f.dateTime(cover.lastKpiRun()));
    p.row(m.get("cover.generated"), f.dateTime(cover.generatedAt()));
    p.row(m.get("xl.generated.utc"), cover.generatedAt().toString());
    for (Provenance.TableRead t : prov.tables()) {
      p.row(
          t.table(),
          t.version() == null ? null : new Sheet.Num(t.version(), "0"),
          Sheet.count(t.rows()));
    }
    for (Provenance.GoldSource g : prov.gold()) {
      p.row(g.table(), String.join(", ", g.kpis()));
    }
  }
}
