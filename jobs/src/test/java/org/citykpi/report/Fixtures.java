package org.citykpi.report;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.citykpi.common.Schemas;
import org.citykpi.contract.Contracts;
import org.citykpi.geo.Reference;
import org.citykpi.ops.Tables;

/** Report test data built by hand: rows of kpi.attainment and the repository's contracts. */
final class Fixtures {
  static final Path SCHEMAS = Paths.get(System.getProperty("citykpi.repo"), "schemas");

  private Fixtures() {}

  static Map<String, Object> m(Object... kv) {
    Map<String, Object> out = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }

  /**
   * An attainment row: the named fields (record component names) over defaults (a weekly Q02 row of
   * Yancheng against YC-2015, met).
   */
  static AttRow att(Object... kv) {
    Map<String, Object> v = new HashMap<>();
    v.put("kpiId", "Q02");
    v.put("nameZh", "网上预约就诊比例");
    v.put("nameEn", "Share of outpatient visits booked online");
    v.put("cityCode", "320900");
    v.put("periodType", "week");
    v.put("period", "2026-W46");
    v.put("periodStart", LocalDate.parse("2026-11-09"));
    v.put("periodEnd", LocalDate.parse("2026-11-15"));
    v.put("value", 31.5);
    v.put("unit", "pct");
    v.put("direction", "higher");
    v.put("obsStatus", "final");
    v.put("comparison", "programme");
    v.put("programme", "YC-2015");
    v.put("docId", "YC-2015");
    v.put("clauseZh", "网上就诊预约、网上诊疗信息查询、网上医疗咨询、远程医疗等服务更加普及");
    v.put("comparator", ">=");
    v.put("targetValue", 30.0);
    v.put("deadline", LocalDate.parse("2017-12-31"));
    v.put("attainmentPct", 105.0);
    v.put("status", Status.MET);
    v.putAll(m(kv));
    if (v.get("status") instanceof String s) {
      v.put("status", Status.of(s));
    }
    try {
      RecordComponent[] rc = AttRow.class.getRecordComponents();
      Class<?>[] types = new Class<?>[rc.length];
      Object[] args = new Object[rc.length];
      for (int i = 0; i < rc.length; i++) {
        types[i] = rc[i].getType();
        args[i] = v.get(rc[i].getName());
      }
      Constructor<AttRow> c = AttRow.class.getDeclaredConstructor(types);
      return c.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ReportRefs refs;

  /** The repository's catalog, groups, cities and programmes (no Spark session needed). */
  static synchronized ReportRefs refs() {
    if (refs == null) {
      Path s = Schemas.locate(SCHEMAS);
      Reference ref = Reference.load(s);
      Tables tables = Tables.load("unused", s, Contracts.load(s));
      refs = ReportRefs.load(s, tables.specs(), ref);
    }
    return refs;
  }
}
