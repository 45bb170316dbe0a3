package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessagesTest {
  static final Path TEMPLATES =
      Paths.get(System.getProperty("citykpi.repo"), "jobs/src/main/resources/templates");

  @Test
  void bothCataloguesHaveTheSameKeys() {
    assertThat(Messages.of(Lang.EN).keys()).isEqualTo(Messages.of(Lang.ZH).keys());
  }

  /** Every literal key of a template, and every key built from a kind or status, exists. */
  @Test
  void everyKeyTheTemplatesUseExists() throws IOException {
    Set<String> used = new TreeSet<>();
    Pattern literal = Pattern.compile("\\bt\\('([a-z0-9.-]+)'");
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".html")).toList()) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(80);
    used.removeIf(k -> k.endsWith(".")); // built from a kind or status, added below
    for (ReportKind k : ReportKind.values()) {
      for (String prefix : new String[] {"title.", "report.", "print.footer.", "method."}) {
        used.add(prefix + k.code());
      }
    }
    for (Status s : Status.values()) {
      used.add(s.key());
    }
    for (String u : Fmt.DECIMALS.keySet()) {
      used.add("unit." + u);
    }
    for (Lang l : Lang.values()) {
      assertThat(Messages.of(l).keys()).as("keys of messages_%s", l.code()).containsAll(used);
    }
  }

  /** Every message key written as a literal in the report code exists. */
  @Test
  void everyKeyTheCodeUsesExists() throws IOException {
    Path code =
        Paths.get(System.getProperty("citykpi.repo"), "jobs/src/main/java/org/citykpi/report");
    Pattern key =
        Pattern.compile(
            "\"((?:sheet|col|status|xl|a|w|q|chart|spark|value|target|time|unit|cover|dq|prov"
                + "|method)\\.[a-z0-9.-]+|yes|no|final|provisional)\"");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.list(code)) {
      for (Path f : files.toList()) {
        Matcher m = key.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(used).contains("sheet.kpis", "chart.target", "value.missing", "time.format");
    used.removeIf(k -> k.endsWith(".")); // prefixes such as "status." + css
    for (Lang l : Lang.values()) {
      assertThat(Messages.of(l).keys()).as("keys of messages_%s", l.code()).containsAll(used);
    }
  }

  @Test
  void argumentsAreFilledInOrder() {
    assertThat(Messages.of(Lang.EN).format("cover.span", "1 Jan", "7 Jan"))
        .isEqualTo("1 Jan to 7 Jan");
    assertThat(Messages.of(Lang.ZH).format("a.noscore", 12, 5, "41.7%", 20))
        .isEqualTo("不计算综合得分：12 项指标中有 5 项无数值（41.7%，超过 20%）。");
  }
}
