package org.citykpi.kpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Add;
import org.apache.spark.sql.catalyst.expressions.CaseWhen;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Divide;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.Multiply;
import org.apache.spark.sql.catalyst.expressions.Subtract;
import org.apache.spark.sql.catalyst.expressions.UnaryMinus;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A small unit algebra over parsed Spark SQL expressions, so that the catalog can check that a
 * KPI's unit follows from its columns' declared units (rule in docs/kpi-status-rules.md#units).
 *
 * <p>A unit is a map of base unit to exponent ({@code {yuan_100m: 1, persons: -1}}); the empty map
 * is dimensionless. A column without a declared unit (a count such as {@code visits}) is
 * dimensionless.
 */
final class Units {
  /** Dimensionless. */
  static final Map<String, Integer> ONE = Map.of();

  /** KPI units whose values cannot be summed across cities: they need a denominator (a weight). */
  static final Set<String> INTENSIVE =
      Set.of("pct", "index", "ratio", "Mbps", "ug/m3", "mg/m3", "km/h");

  private Units() {}

  /** Thrown for an expression whose parts have different units (e.g. households + persons). */
  static final class Mismatch extends RuntimeException {
    Mismatch(String message) {
      super(message);
    }
  }

  /**
   * Unit of {@code e}, or null when it cannot be derived (an unknown function); literals are
   * dimensionless and adopt the unit of their siblings in sums and CASE branches.
   */
  static Map<String, Integer> of(Expression e, Function<String, String> columnUnit) {
    if (e instanceof UnresolvedAttribute a) {
      String u = columnUnit.apply(a.name());
      return u == null ? ONE : Map.of(u, 1);
    }
    if (e instanceof Literal) {
      return ONE;
    }
    if (e instanceof Multiply m) {
      return combine(of(m.left(), columnUnit), of(m.right(), columnUnit), 1);
    }
    if (e instanceof Divide d) {
      return combine(of(d.left(), columnUnit), of(d.right(), columnUnit), -1);
    }
    if (e instanceof Add || e instanceof Subtract) {
      return same(children(e), columnUnit, e);
    }
    if (e instanceof CaseWhen c) {
      List<Expression> values = new ArrayList<>();
      CollectionConverters.asJava(c.branches()).forEach(b -> values.add(b._2()));
      if (c.elseValue().isDefined()) {
        values.add(c.elseValue().get());
      }
      return same(values, columnUnit, e);
    }
    if (e instanceof Cast || e instanceof UnaryMinus) {
      return of(children(e).get(0), columnUnit);
    }
    if (e instanceof UnresolvedFunction f) {
      String name = f.nameParts().last().toLowerCase();
      List<Expression> args = CollectionConverters.asJava(f.arguments());
      return switch (name) {
        case "coalesce", "nvl", "ifnull", "greatest", "least", "nullif" ->
            same(args, columnUnit, e);
        case "if" -> same(args.subList(1, args.size()), columnUnit, e);
        case "abs", "round", "bround", "floor", "ceil" -> of(args.get(0), columnUnit);
        default -> null;
      };
    }
    return null;
  }

  private static List<Expression> children(Expression e) {
    return CollectionConverters.asJava(e.children());
  }

  private static Map<String, Integer> same(
      List<Expression> parts, Function<String, String> columnUnit, Expression whole) {
    Map<String, Integer> unit = null;
    for (Expression p : parts) {
      if (p instanceof Literal) {
        continue;
      }
      Map<String, Integer> u = of(p, columnUnit);
      if (u == null) {
        return null;
      }
      if (unit != null && !unit.equals(u)) {
        throw new Mismatch("'" + whole.sql() + "' combines " + show(unit) + " with " + show(u));
      }
      unit = u;
    }
    return unit == null ? ONE : unit;
  }

  static Map<String, Integer> combine(Map<String, Integer> a, Map<String, Integer> b, int sign) {
    if (a == null || b == null) {
      return null;
    }
    Map<String, Integer> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, sign * v, Integer::sum));
    out.values().removeIf(v -> v == 0);
    return Map.copyOf(out);
  }

  /**
   * The dimension and scale a KPI unit requires, or null when any scale is allowed. Base units of
   * the gold columns (Mbps, yuan_100m, datasets...) require that unit with scale 1.
   */
  static List<Expected> expected(String kpiUnit) {
    return switch (kpiUnit) {
      case "pct" -> List.of(new Expected(ONE, 100.0), new Expected(Map.of("pct", 1), 1.0));
      case "index", "ratio" -> List.of(new Expected(ONE, null));
      case "per_10k_residents" -> List.of(new Expected(Map.of("persons", -1), 10000.0));
      case "per_10k_visits" -> List.of(new Expected(ONE, 10000.0));
      case "yuan_per_capita" -> List.of(new Expected(Map.of("yuan_100m", 1, "persons", -1), 1.0e8));
      default -> List.of(new Expected(Map.of(kpiUnit, 1), 1.0));
    };
  }

  record Expected(Map<String, Integer> unit, Double scale) {
    boolean matches(Map<String, Integer> actual, double s) {
      return unit.equals(actual) && (scale == null || Math.abs(scale - s) < 1e-9 * scale);
    }
  }

  static String show(Map<String, Integer> u) {
    if (u == null) {
      return "unknown";
    }
    if (u.isEmpty()) {
      return "dimensionless";
    }
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(u)
        .forEach(
            (k, v) ->
                sb.append(sb.length() == 0 ? "" : "·").append(k).append(v == 1 ? "" : "^" + v));
    return sb.toString();
  }
}
