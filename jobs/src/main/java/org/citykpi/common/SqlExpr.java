package org.citykpi.common;

import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * Spark SQL expressions declared in YAML, checked without a session: Catalyst's parser needs none,
 * so a bad rule stops a command before Spark starts.
 */
public final class SqlExpr {
  private SqlExpr() {}

  /**
   * The columns an expression names; throws {@link IllegalArgumentException} with the parser's
   * first message line when it is not an expression.
   */
  public static Set<String> columns(String sql) {
    Expression e;
    try {
      e = CatalystSqlParser$.MODULE$.parseExpression(sql);
    } catch (Exception ex) { // ParseException is checked in Java's eyes but thrown undeclared
      throw new IllegalArgumentException(
          "'" + sql + "' is not a Spark SQL expression: " + ex.getMessage().split("\n")[0]);
    }
    Set<String> out = new TreeSet<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expression e, Set<String> out) {
    if (e instanceof UnresolvedAttribute a) {
      out.add(a.name());
    }
    scala.jdk.javaapi.CollectionConverters.asJava(e.children()).forEach(c -> collect(c, out));
  }
}
