package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.citykpi.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of `sql` and `serve` exit 2 naming the flag, before any Spark starts. */
class SqlServeUsageTest {
  @Test
  void sqlWithoutQueryOrFile() {
    assertThat(Cli.usageError("sql").err()).contains("Give a QUERY or --file FILE");
  }

  @Test
  void sqlWithQueryAndFile(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("q.sql"), "select 1");

    assertThat(Cli.usageError("sql", "select 2", "--file", f.toString()).err())
        .contains("Give a QUERY or --file FILE, not both");
  }

  @Test
  void sqlWithMissingFileNamesIt(@TempDir Path dir) {
    Path f = dir.resolve("nope.sql");

    assertThat(Cli.usageError("sql", "--file", f.toString()).err())
        .contains("--file " + f + ": cannot read it");
  }

  @Test
  void sqlWithAFileOfOnlyCommentsNamesIt(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("empty.sql"), "-- nothing yet\n;\n");

    assertThat(Cli.usageError("sql", "--file", f.toString()).err())
        .contains("--file " + f + " holds no statement");
  }

  @Test
  void sqlWithNegativeLimit() {
    assertThat(Cli.usageError("sql", "select 1", "--limit", "-1").err())
        .contains("--limit must be 0 or more, not -1");
  }

  @Test
  void serveWithPortOutOfRange() {
    assertThat(Cli.usageError("serve", "--port", "65536").err())
        .contains("--port must be 0..65535, not 65536");
  }

  @Test
  void serveWithBlankHost() {
    assertThat(Cli.usageError("serve", "--host", " ").err())
        .contains("--host ' ' is not an address or host name of this machine");
  }

  @Test
  void loopbackNamesOnlyThisMachine() throws Exception {
    assertThat(ServeCommand.loopback("127.0.0.1")).isTrue();
    assertThat(ServeCommand.loopback("127.0.0.2")).isTrue();
    assertThat(ServeCommand.loopback("::1")).isTrue();
    assertThat(ServeCommand.loopback("0.0.0.0")).isFalse();
  }
}
