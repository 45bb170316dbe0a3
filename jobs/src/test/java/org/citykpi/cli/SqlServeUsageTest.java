package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of `sql` and `serve` exit 2 naming the flag, before any Spark starts. */
class SqlServeUsageTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(savedErr);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sqlWithoutQueryOrFile() {
    assertThat(Main.execute("sql")).isEqualTo(2);
    assertThat(err()).contains("Give a QUERY or --file FILE");
  }

  @Test
  void sqlWithQueryAndFile(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("q.sql"), "select 1");

    assertThat(Main.execute("sql", "select 2", "--file", f.toString())).isEqualTo(2);
    assertThat(err()).contains("Give a QUERY or --file FILE, not both");
  }

  @Test
  void sqlWithMissingFileNamesIt(@TempDir Path dir) {
    Path f = dir.resolve("nope.sql");

    assertThat(Main.execute("sql", "--file", f.toString())).isEqualTo(2);
    assertThat(err()).contains("--file " + f + ": cannot read it");
  }

  @Test
  void sqlWithAFileOfOnlyCommentsNamesIt(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("empty.sql"), "-- nothing yet\n;\n");

    assertThat(Main.execute("sql", "--file", f.toString())).isEqualTo(2);
    assertThat(err()).contains("--file " + f + " holds no statement");
  }

  @Test
  void sqlWithNegativeLimit() {
    assertThat(Main.execute("sql", "select 1", "--limit", "-1")).isEqualTo(2);
    assertThat(err()).contains("--limit must be 0 or more, not -1");
  }

  @Test
  void serveWithPortOutOfRange() {
    assertThat(Main.execute("serve", "--port", "65536")).isEqualTo(2);
    assertThat(err()).contains("--port must be 0..65535, not 65536");
  }

  @Test
  void serveWithBlankHost() {
    assertThat(Main.execute("serve", "--host", " ")).isEqualTo(2);
    assertThat(err()).contains("--host ' ' is not an address or host name of this machine");
  }

  @Test
  void loopbackNamesOnlyThisMachine() throws Exception {
    assertThat(ServeCommand.loopback("127.0.0.1")).isTrue();
    assertThat(ServeCommand.loopback("127.0.0.2")).isTrue();
    assertThat(ServeCommand.loopback("::1")).isTrue();
    assertThat(ServeCommand.loopback("0.0.0.0")).isFalse();
  }
}
