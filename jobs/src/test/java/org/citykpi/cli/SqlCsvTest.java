package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** {@code sql --format csv} output is inert in a spreadsheet (OWASP CSV injection). */
class SqlCsvTest {
  @Test
  void textStartingWithAFormulaCharacterIsPrefixedAndQuoted() {
    String csv =
        SqlCommand.csv(
            new String[] {"source", "raw_text"},
            List.of(
                RowFactory.create("a", "=cmd|' /C calc'!A0"),
                RowFactory.create("b", "+1+1"),
                RowFactory.create("c", "-cmd"),
                RowFactory.create("d", "@SUM(A1:A2)"),
                RowFactory.create("e", "\tTAB"),
                RowFactory.create("f", "\rCR"),
                RowFactory.create("g", "x=1, plain"),
                RowFactory.create("h", null)));

    assertThat(csv.split("\n", -1))
        .containsExactly(
            "source,raw_text",
            "a,\"'=cmd|' /C calc'!A0\"",
            "b,\"'+1+1\"",
            "c,\"'-cmd\"",
            "d,\"'@SUM(A1:A2)\"",
            "e,\"'\tTAB\"",
            "f,\"'\rCR\"",
            "g,\"x=1, plain\"",
            "h,",
            "");
  }

  @Test
  void numbersAreTypedAndStayAsTheyAreWhileTheTextMinusOneIsNeutralised() {
    String csv =
        SqlCommand.csv(
            new String[] {"n", "x", "s"},
            List.of(RowFactory.create(-1L, -0.5, "-1"), RowFactory.create(0L, null, "")));

    assertThat(csv.split("\n", -1)).containsExactly("n,x,s", "-1,-0.5,\"'-1\"", "0,,", "");
  }

  @Test
  void aHeaderIsTextToo() {
    assertThat(SqlCommand.csv(new String[] {"=1+1"}, List.of()).strip()).isEqualTo("\"'=1+1\"");
  }
}
