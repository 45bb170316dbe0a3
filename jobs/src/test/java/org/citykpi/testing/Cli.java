package org.citykpi.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.citykpi.cli.Main;

/** Runs the CLI in this JVM as a user's shell would, capturing what it prints. */
public final class Cli {
  private Cli() {}

  /** Exit code, standard output and standard error of one command. */
  public record Result(int code, String out, String err) {}

  /**
   * {@link Main#execute} with the given arguments. A command that opens a Spark session gets the
   * shared test session ({@link SparkExtension}), whose settings are put back afterwards.
   */
  public static synchronized Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
      SparkExtension.restoreSettings();
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@link #run} of a command that must stop with a usage error (exit 2); what it printed. */
  public static Result usageError(String... args) {
    Result r = run(args);
    assertThat(r.code())
        .as("exit code of citykpi %s (stderr: %s)", String.join(" ", args), r.err())
        .isEqualTo(2);
    return r;
  }
}
