package org.citykpi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.citykpi.contract.Contracts;
import org.citykpi.ops.RunLock;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;
import org.citykpi.testing.Cli;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code citykpi run} in its own JVM, as a scheduler starts it: while it runs, a second run
 * over an overlapping interval stops at once naming it; then it is killed with SIGKILL mid-run
 * (after its first commit), and the next run finds its stale lock, records it as {@code killed} in
 * ops.run_log, and leaves every table as one clean run does.
 */
@ExtendWith(SparkExtension.class)
class RunLifecycleIT {
  static final Path SCHEMAS = Paths.get("schemas");
  static final Duration DEADLINE = Duration.ofMinutes(6);
  static final String[] ARGS = {
    "run",
    "--landing",
    "data-samples",
    "--source",
    "air_station_hourly",
    "--date",
    "2026-09-15",
    "--demo-key"
  };

  @Test
  void aSecondRunStopsNamingTheHolderAndAKilledRunIsRecordedAndRepaired(
      SparkSession spark, @TempDir Path dir) throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Path lockDir = warehouse.resolve("_locks");
    Process child = start(warehouse, dir.resolve("child.log"));
    try {
      waitFor(() -> lockFiles(lockDir).size() == 1, child, lockDir);
      Path lockFile = lockFiles(lockDir).get(0);
      RunLock.Holder holder = RunLock.Holder.parse(Files.readString(lockFile));
      assertThat(holder).as("lock file %s", lockFile).isNotNull();
      assertThat(holder.pid()).isEqualTo(child.pid());

      Cli.Result second = Cli.run(overlapping(warehouse));
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err().lines().toList())
          .hasSize(1)
          .first()
          .asString()
          .startsWith("citykpi run: The warehouse is busy: run " + holder.runId())
          .contains("pid " + child.pid(), "host " + holder.host(), "started " + holder.startedAt());

      // mid-run: after bronze's first commit, before the later stages end
      Path bronzeLog = warehouse.resolve("bronze/air_station_hourly/_delta_log");
      waitFor(() -> !files(bronzeLog, ".json").isEmpty(), child, bronzeLog);
      assertThat(child.isAlive()).as("the run was still running when killed").isTrue();
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(lockFile).as("a killed run leaves its lock").exists();

      Cli.Result rerun = Cli.run(args(warehouse));
      assertThat(rerun.code()).as("rerun: %s", rerun.err()).isZero();
      assertThat(lockFiles(lockDir)).as("the rerun released its lock").isEmpty();

      Tables tables = Tables.load(warehouse.toString(), SCHEMAS, Contracts.load(SCHEMAS));
      List<Row> killed =
          tables
              .read(spark, "ops.run_log")
              .where("job = 'command' AND status = 'killed'")
              .collectAsList();
      assertThat(killed).hasSize(1);
      assertThat(killed.get(0).<String>getAs("run_id")).isEqualTo(holder.runId());
      assertThat(killed.get(0).<String>getAs("message"))
          .contains("process " + child.pid() + " on " + holder.host());

      Path clean = dir.resolve("clean");
      Cli.Result once = Cli.run(args(clean));
      assertThat(once.code()).as("one clean run: %s", once.err()).isZero();
      Tables reference = Tables.load(clean.toString(), SCHEMAS, Contracts.load(SCHEMAS));
      List<String> compared = new ArrayList<>();
      for (TableSpec s : reference.specs().values()) {
        if (s.table().equals("ops.run_log") || !reference.exists(spark, s.table())) {
          continue;
        }
        Dataset<Row> want = content(reference.read(spark, s.table()));
        Dataset<Row> got = content(tables.read(spark, s.table()));
        assertThat(got.count()).as("rows of %s", s.table()).isEqualTo(want.count());
        assertThat(got.exceptAll(want).count()).as("rows of %s not in one run", s.table()).isZero();
        compared.add(s.table());
      }
      assertThat(compared).contains("bronze.air_station_hourly", "gold.city_day_air");
    } finally {
      child.destroyForcibly();
    }
  }

  static String[] args(Path warehouse) {
    List<String> a = new ArrayList<>(List.of(ARGS));
    a.addAll(List.of("--warehouse", warehouse.toString()));
    return a.toArray(String[]::new);
  }

  /** The same run over 2026-09-14..2026-09-15, which overlaps the child's day. */
  static String[] overlapping(Path warehouse) {
    List<String> a = new ArrayList<>(List.of(args(warehouse)));
    int i = a.indexOf("--date");
    a.subList(i, i + 2).clear();
    a.addAll(List.of("--from", "2026-09-14", "--to", "2026-09-15"));
    return a.toArray(String[]::new);
  }

  /** The CLI in a JVM of its own, with this JVM's classpath and module flags. */
  static Process start(Path warehouse, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")
          || a.startsWith("--add-exports")
          || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
          || a.startsWith("--sun-misc")) {
        cmd.add(a);
      }
    }
    cmd.add("-Dcitykpi.repo=" + System.getProperty("citykpi.repo", "."));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args(warehouse)));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static List<Path> lockFiles(Path dir) {
    return files(dir, ".lock");
  }

  static List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Polls until {@code done}, failing when the deadline passes or the child ended first. */
  static void waitFor(BooleanSupplier done, Process child, Path what) throws InterruptedException {
    Instant end = Instant.now().plus(DEADLINE);
    while (!done.getAsBoolean()) {
      assertThat(child.isAlive()).as("the child run ended before %s appeared", what).isTrue();
      assertThat(Instant.now()).as("deadline waiting for %s", what).isBefore(end);
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  static Dataset<Row> content(Dataset<Row> df) {
    return df.select(
        Stream.of(df.columns())
            .filter(c -> !c.startsWith("_"))
            .map(df::col)
            .toArray(Column[]::new));
  }
}
