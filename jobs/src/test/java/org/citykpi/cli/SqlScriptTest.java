package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements of a .sql file end at semicolons outside strings, identifiers and comments. */
class SqlScriptTest {
  static List<String> sql(String text) {
    return SqlScript.split(text).stream().map(SqlScript.Statement::sql).toList();
  }

  @Test
  void splitsAtSemicolonsAndKeepsTheLastWithoutOne() {
    assertThat(sql("select 1;\nselect 2")).containsExactly("select 1", "select 2");
  }

  @Test
  void emptyTextAndLoneSemicolonsGiveNoStatement() {
    assertThat(sql("")).isEmpty();
    assertThat(sql(" ;\n; -- only a comment\n/* and another */ ;")).isEmpty();
  }

  @Test
  void semicolonsInsideStringsIdentifiersAndCommentsDoNotSplit() {
    String text =
        "select 'a;b', \"c;d\", `e;f` -- g;h\nfrom t /* i;j */ where x = 'it\\'s;';\nselect 2;";

    assertThat(sql(text))
        .containsExactly(
            "select 'a;b', \"c;d\", `e;f` -- g;h\nfrom t /* i;j */ where x = 'it\\'s;'",
            "select 2");
  }

  @Test
  void doubledBacktickStaysInsideTheIdentifier() {
    assertThat(sql("select 1 as `a``;b`; select 2"))
        .containsExactly("select 1 as `a``;b`", "select 2");
  }

  @Test
  void eachStatementKnowsTheLineItStartsOn() {
    List<SqlScript.Statement> s =
        SqlScript.split("-- views\ncreate temp view v as\n  select 1;\n\n\nselect * from v;");

    assertThat(s).extracting(SqlScript.Statement::line).containsExactly(2, 6);
    assertThat(s.get(0).sql()).isEqualTo("-- views\ncreate temp view v as\n  select 1");
  }

  @Test
  void anUnclosedStringRunsToTheEnd() {
    assertThat(sql("select 'a; select 2")).containsExactly("select 'a; select 2");
  }
}
