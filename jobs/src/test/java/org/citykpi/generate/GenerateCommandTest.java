package org.citykpi.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.citykpi.cli.GenerateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The picocli front: usage errors exit 2 naming the flag and value; success prints one line per
 * source.
 */
class GenerateCommandTest {

  @TempDir Path out;

  private final StringWriter stdout = new StringWriter();
  private final StringWriter stderr = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new GenerateCommand());
    cli.setOut(new PrintWriter(stdout));
    cli.setErr(new PrintWriter(stderr));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--schemas";
    all[args.length + 1] = TestData.SCHEMAS.toString();
    return cli.execute(all);
  }

  @Test
  void writesAndSummarisesEverySource() {
    int code =
        run(
            "--cities",
            "320900",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-02",
            "--monthly-from",
            "2026-09",
            "--seed",
            "3",
            "--out",
            out.toString());

    assertThat(code).as("exit code; stderr: %s", stderr).isZero();
    assertThat(stdout.toString().lines())
        .hasSize(6)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("air_station_hourly")
                    .contains("files")
                    .contains("malformed="))
        .anySatisfy(l -> assertThat(l).startsWith("city_monthly_stats"));
    assertThat(out.resolve("economy/city_monthly_stats/2026.csv")).isRegularFile();
  }

  @Test
  void zeroScaleIsAUsageError() {
    int code =
        run(
            "--cities",
            "320900",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-02",
            "--scale",
            "0",
            "--out",
            out.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr.toString()).contains("--scale").contains("'0'");
  }

  @Test
  void reversedRangeIsAUsageError() {
    int code =
        run(
            "--cities",
            "320900",
            "--from",
            "2026-10-03",
            "--to",
            "2026-10-02",
            "--out",
            out.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr.toString()).contains("--from").contains("2026-10-03");
  }

  @Test
  void unknownCityIsAUsageErrorAndWritesNothing() {
    int code =
        run(
            "--cities",
            "320900,110100",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-01",
            "--out",
            out.resolve("x").toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr.toString()).contains("--cities").contains("110100");
    assertThat(out.resolve("x")).doesNotExist();
  }

  @Test
  void nonNumericSeedIsRejectedByPicocli() {
    int code =
        run(
            "--cities",
            "320900",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-01",
            "--seed",
            "abc",
            "--out",
            out.toString());

    assertThat(code).isEqualTo(2);
    assertThat(stderr.toString()).contains("--seed").contains("abc");
  }

  @Test
  void outIsRequired() {
    assertThat(run("--cities", "320900", "--from", "2026-10-01", "--to", "2026-10-01"))
        .isEqualTo(2);
    assertThat(stderr.toString()).contains("--out");
  }
}
