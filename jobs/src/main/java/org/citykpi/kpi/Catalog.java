package org.citykpi.kpi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Yaml;
import org.citykpi.ops.TableSpec;

/**
 * The KPI catalog ({@code schemas/kpi/catalog.yaml}), validated against the declared gold tables
 * and the programmes. Validation collects every problem and fails once, one line per problem, each
 * naming the KPI and the field at fault.
 */
public final class Catalog {
  public static final String FILE = "kpi/catalog.yaml";
  static final Set<String> COMPARATORS = Set.of(">=", ">", "<=", "<", "=");

  private final List<Kpi> kpis;
  private final Map<String, Kpi> byId;

  private Catalog(List<Kpi> kpis) {
    this.kpis = List.copyOf(kpis);
    this.byId = new LinkedHashMap<>();
    kpis.forEach(k -> byId.put(k.id(), k));
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  record File(List<Kpi> kpis) {}

  /** Reads {@code <schemas>/kpi/catalog.yaml} and validates it. */
  public static Catalog load(Path schemas, Map<String, TableSpec> tables, Programmes programmes) {
    Path f = schemas.resolve(FILE);
    try {
      return parse(Files.readString(f), tables, programmes);
    } catch (IOException e) {
      throw new CityKpiException("Cannot read " + f + ": " + e.getMessage(), e);
    } catch (CityKpiException e) {
      throw new CityKpiException(f + ": " + e.getMessage(), e);
    }
  }

  /** Parses catalog YAML text and validates it. */
  public static Catalog parse(String yaml, Map<String, TableSpec> tables, Programmes programmes) {
    File file;
    try {
      file = Yaml.mapper().readValue(yaml, File.class);
    } catch (IOException e) {
      throw new CityKpiException("invalid KPI catalog: " + e.getMessage().split("\n")[0], e);
    }
    List<Kpi> kpis = file.kpis() == null ? List.of() : file.kpis();
    List<String> problems = validate(kpis, tables, programmes);
    if (!problems.isEmpty()) {
      throw new CityKpiException("invalid KPI catalog:\n  " + String.join("\n  ", problems));
    }
    return new Catalog(kpis);
  }

  public List<Kpi> kpis() {
    return kpis;
  }

  public Kpi kpi(String id) {
    Kpi k = byId.get(id);
    if (k == null) {
      throw new CityKpiException("Unknown KPI " + id);
    }
    return k;
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** The gold tables the catalog reads, in first-use order. */
  public List<String> tables() {
    return kpis.stream().map(Kpi::table).distinct().toList();
  }

  public List<Kpi> forTable(String table) {
    return kpis.stream().filter(k -> k.table().equals(table)).toList();
  }

  static List<String> validate(
      List<Kpi> kpis, Map<String, TableSpec> tables, Programmes programmes) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < kpis.size(); i++) {
      Kpi k = kpis.get(i);
      String who = "KPI " + (blank(k.id()) ? "#" + (i + 1) : k.id());
      if (blank(k.id())) {
        problems.add(who + ": id is empty");
      } else if (!seen.add(k.id())) {
        problems.add(who + ": duplicate id");
      }
      for (String[] f :
          new String[][] {
            {"name_zh", k.nameZh()},
            {"name_en", k.nameEn()},
            {"definition_en", k.definitionEn()},
            {"unit", k.unit()},
            {"numerator", k.numerator()}
          }) {
        if (blank(f[1])) {
          problems.add(who + ": " + f[0] + " is empty");
        }
      }
      if (!"higher".equals(k.direction()) && !"lower".equals(k.direction())) {
        problems.add(who + ": direction is '" + k.direction() + "', expected higher or lower");
      }
      if (!Kpi.AGGREGATIONS.contains(k.aggregation())) {
        problems.add(
            who
                + ": aggregation is '"
                + k.aggregation()
                + "', expected one of "
                + Kpi.AGGREGATIONS);
      }
      if (k.scale() != null && !(k.scale() > 0)) {
        problems.add(who + ": scale must be positive, is " + k.scale());
      }
      TableSpec spec = tables.get(k.table());
      if (spec == null || !"gold".equals(tableLayer(k.table()))) {
        problems.add(
            who
                + ": table '"
                + k.table()
                + "' is not a declared gold table; declared: "
                + tables.keySet().stream().filter(t -> t.startsWith("gold.")).toList());
      } else {
        if (!spec.grain().equals(k.frequency())) {
          problems.add(
              who
                  + ": frequency is '"
                  + k.frequency()
                  + "' but "
                  + k.table()
                  + " has grain "
                  + spec.grain());
        }
        checkExpressions(k, spec, who, problems);
      }
      checkTargets(k, who, programmes, problems);
    }
    kpis.stream()
        .map(Kpi::table)
        .distinct()
        .map(tables::get)
        .filter(spec -> spec != null && spec.quality() != null)
        .forEach(spec -> checkQuality(spec, problems));
    return problems;
  }

  /** The quality rule of a gold table a KPI reads must parse and name only declared columns. */
  private static void checkQuality(TableSpec spec, List<String> problems) {
    String who = "table " + spec.table();
    if (blank(spec.quality().rule()) || blank(spec.quality().description())) {
      problems.add(who + ": quality needs a rule and a description");
      return;
    }
    columnsExist(
        parse(spec.quality().rule(), "quality rule", who, problems),
        "quality rule",
        spec,
        who,
        problems);
  }

  private static void checkExpressions(Kpi k, TableSpec spec, String who, List<String> problems) {
    Expression num = parse(k.numerator(), "numerator", who, problems);
    Expression den =
        blank(k.denominator()) ? null : parse(k.denominator(), "denominator", who, problems);
    boolean known = num != null && (den != null || blank(k.denominator()));
    known &= columnsExist(num, "numerator", spec, who, problems);
    known &= columnsExist(den, "denominator", spec, who, problems);
    if (!known || blank(k.unit())) {
      return;
    }
    try {
      Map<String, Integer> n = Units.of(num, c -> spec.column(c).unit());
      Map<String, Integer> d = den == null ? Units.ONE : Units.of(den, c -> spec.column(c).unit());
      Map<String, Integer> derived = Units.combine(n, d, -1);
      if (derived == null) {
        return; // a function the algebra does not know: nothing to check
      }
      if (den == null && (Units.INTENSIVE.contains(k.unit()) || k.unit().startsWith("per_"))) {
        problems.add(
            who
                + ": unit "
                + k.unit()
                + " cannot be summed across cities; give a denominator"
                + " (e.g. weight by households)");
        return;
      }
      boolean ok =
          Units.expected(k.unit()).stream().anyMatch(e -> e.matches(derived, k.scaleOrOne()));
      if (!ok) {
        problems.add(
            who
                + ": unit "
                + k.unit()
                + " (scale "
                + fmt(k.scaleOrOne())
                + ") does not follow from"
                + " numerator ["
                + Units.show(n)
                + "] / denominator ["
                + Units.show(d)
                + "] = "
                + Units.show(derived)
                + "; expected "
                + Units.expected(k.unit()).stream()
                    .map(
                        e ->
                            Units.show(e.unit())
                                + (e.scale() == null ? "" : " with scale " + fmt(e.scale())))
                    .toList());
      }
    } catch (Units.Mismatch e) {
      problems.add(who + ": unit mismatch: " + e.getMessage());
    }
  }

  private static Expression parse(String sql, String field, String who, List<String> problems) {
    try {
      return CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception e) { // ParseException is checked in Java's eyes but thrown undeclared
      problems.add(
          who
              + ": "
              + field
              + " '"
              + sql
              + "' is not a Spark SQL expression: "
              + e.getMessage().split("\n")[0]);
      return null;
    }
  }

  private static boolean columnsExist(
      Expression e, String field, TableSpec spec, String who, List<String> problems) {
    if (e == null) {
      return true;
    }
    Set<String> unknown = new TreeSet<>();
    collectColumns(e, unknown);
    unknown.removeIf(c -> spec.column(c) != null);
    if (!unknown.isEmpty()) {
      problems.add(
          who + ": " + field + " refers to unknown column(s) " + unknown + " of " + spec.table());
      return false;
    }
    return true;
  }

  static void collectColumns(Expression e, Set<String> out) {
    if (e instanceof UnresolvedAttribute a) {
      out.add(a.name());
    }
    scala.jdk.javaapi.CollectionConverters.asJava(e.children())
        .forEach(c -> collectColumns(c, out));
  }

  private static void checkTargets(
      Kpi k, String who, Programmes programmes, List<String> problems) {
    if (k.targets() == null) {
      problems.add(who + ": targets is missing (use [] for a KPI without targets)");
      return;
    }
    for (int j = 0; j < k.targets().size(); j++) {
      Kpi.Target t = k.targets().get(j);
      String tw = who + " target " + (j + 1) + " (" + t.programme() + ")";
      if (blank(t.clauseZh())) {
        problems.add(tw + ": clause_zh is empty; every target must quote its clause");
      }
      if (blank(t.docId())) {
        problems.add(tw + ": doc_id is empty");
      }
      if (t.programme() == null || !programmes.byId().containsKey(t.programme())) {
        problems.add(
            tw
                + ": programme '"
                + t.programme()
                + "' is not in programmes.yaml; known: "
                + new TreeSet<>(programmes.byId().keySet()));
      }
      if (!COMPARATORS.contains(t.comparator())) {
        problems.add(tw + ": comparator '" + t.comparator() + "' is not one of >=, >, <=, <, =");
      }
      if (t.value() == null) {
        problems.add(tw + ": value is empty");
      }
      if (t.growthPctPerYear() != null
          && (!(t.growthPctPerYear() > -100) || blank(t.baselinePeriod()))) {
        problems.add(tw + ": growth_pct_per_year needs a baseline_period and a value above -100");
      }
      if (t.proposal() && blank(t.rationale())) {
        problems.add(tw + ": a proposed target needs a rationale");
      }
      try {
        LocalDate.parse(String.valueOf(t.deadline()));
      } catch (DateTimeParseException e) {
        problems.add(tw + ": deadline '" + t.deadline() + "' is not a date (yyyy-MM-dd)");
      }
      if (t.baselinePeriod() == null || !t.baselinePeriod().matches("\\d{4}")) {
        problems.add(tw + ": baseline_period '" + t.baselinePeriod() + "' is not a year (yyyy)");
      }
    }
  }

  private static String tableLayer(String table) {
    return table == null || !table.contains(".") ? "" : table.substring(0, table.indexOf('.'));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
