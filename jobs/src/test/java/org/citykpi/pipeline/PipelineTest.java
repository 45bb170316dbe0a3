package org.citykpi.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.citykpi.common.CityKpiException;
import org.citykpi.common.Parallel;
import org.citykpi.contract.SourceContract;
import org.citykpi.ops.Interval;
import org.citykpi.ops.RunContext;
import org.citykpi.ops.RunLog;
import org.citykpi.spark.Codegen;
import org.citykpi.testing.SparkExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Source selection, the per-source thread pool and failed-step logging; no job runs here. */
@ExtendWith(SparkExtension.class)
class PipelineTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-02T01:00:00Z"), ZoneOffset.UTC);

  static RunContext context(SparkSession spark, Path dir) {
    return new RunContext(
        spark,
        dir.toString(),
        Paths.get("schemas"),
        Interval.of("2026-10-01", "2026-10-01"),
        CLOCK);
  }

  @Test
  void inParallelKeepsInputOrderAndDropsNulls(SparkSession spark, @TempDir Path dir) {
    List<Integer> out =
        Pipeline.inParallel(
            context(spark, dir), List.of(1, 2, 3, 4, 5), i -> i % 2 == 0 ? null : i * 10);

    assertThat(out).containsExactly(10, 30, 50);
  }

  @Test
  void aSmallRunStartsEveryStepAtOnceALargeOneThree(SparkSession spark, @TempDir Path dir) {
    RunContext ctx = context(spark, dir);
    String wholeStage = spark.conf().get("spark.sql.codegen.wholeStage");
    String factory = spark.conf().get("spark.sql.codegen.factoryMode");
    try {
      // a small run: six steps, each waiting until all six have started
      Codegen.forInput(spark, Codegen.SMALL_INPUT_BYTES - 1);
      CountDownLatch six = new CountDownLatch(6);
      assertThat(Pipeline.inParallel(ctx, List.of(1, 2, 3, 4, 5, 6), i -> awaitAll(six)))
          .containsExactly(true, true, true, true, true, true);

      // a large one: three at a time, never more
      Codegen.forInput(spark, Codegen.SMALL_INPUT_BYTES);
      CountDownLatch three = new CountDownLatch(3);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      List<Boolean> started =
          Pipeline.inParallel(
              ctx,
              List.of(1, 2, 3, 4, 5, 6),
              i -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                boolean together = i > 3 || awaitAll(three);
                running.decrementAndGet();
                return together;
              });
      assertThat(started).containsOnly(true);
      assertThat(most.get()).isEqualTo(Parallel.PARALLELISM).isEqualTo(3);
    } finally {
      spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
      spark.conf().set("spark.sql.codegen.factoryMode", factory);
    }
  }

  /** Counts down, then waits (10 s at most) for the latch's other holders; whether they came. */
  static boolean awaitAll(CountDownLatch latch) {
    latch.countDown();
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void inParallelFinishesEveryItemThenRethrowsTheFirstFailure(
      SparkSession spark, @TempDir Path dir) {
    ConcurrentLinkedQueue<Integer> done = new ConcurrentLinkedQueue<>();

    assertThatThrownBy(
            () ->
                Pipeline.inParallel(
                    context(spark, dir),
                    List.of(1, 2, 3, 4),
                    i -> {
                      if (i == 2 || i == 4) {
                        throw new CityKpiException("source " + i + " failed");
                      }
                      done.add(i);
                      return i;
                    }))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("source 2 failed");
    assertThat(done).containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void noNamesMeansEverySource(SparkSession spark, @TempDir Path dir) throws IOException {
    long contracts;
    try (var files = Files.list(Paths.get("schemas", "sources"))) {
      contracts = files.filter(f -> f.toString().endsWith(".yaml")).count();
    }
    assertThat(contracts).isGreaterThanOrEqualTo(11);
    assertThat(Pipeline.sources(context(spark, dir), List.of())).hasSize((int) contracts);
  }

  @Test
  void namedSourcesComeInTheGivenOrder(SparkSession spark, @TempDir Path dir) {
    List<SourceContract> s =
        Pipeline.sources(context(spark, dir), List.of("transit_trip", "road_speed"));

    assertThat(s).extracting(SourceContract::source).containsExactly("transit_trip", "road_speed");
  }

  @Test
  void unknownSourceFailsNamingTheFlag(SparkSession spark, @TempDir Path dir) {
    assertThatThrownBy(() -> Pipeline.sources(context(spark, dir), List.of("road_sped")))
        .isInstanceOf(CityKpiException.class)
        .hasMessageStartingWith("--source: unknown source 'road_sped'; known: [");
  }

  @Test
  void failedStepIsLoggedWithTheOperatorMessageThenRethrown(SparkSession spark, @TempDir Path dir) {
    RunContext ctx = context(spark, dir);
    RuntimeException wrapped =
        new IllegalStateException(
            "task failed", new CityKpiException("File a.csv line 1: header lacks column(s) [x]"));

    assertThatThrownBy(
            () ->
                Pipeline.step(
                    ctx,
                    "ingest",
                    "road_speed",
                    () -> {
                      throw wrapped;
                    }))
        .isSameAs(wrapped);
    RunLog.Entry e = ctx.log().entries().get(0);
    assertThat(e.status()).isEqualTo("failed");
    assertThat(e.message()).isEqualTo("File a.csv line 1: header lacks column(s) [x]");
    assertThat(e.rowsIn()).isZero();
  }

  /** Throws a checked exception undeclared, as Spark's Scala code throws SparkException. */
  @SuppressWarnings("unchecked")
  static <T, E extends Throwable> T sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  /** What a failed Spark task looks like on the driver: a checked exception with the task's. */
  static Exception sparkJobFailure() {
    return new Exception(
        "Job aborted due to stage failure: Task 0 in stage 1.0 failed 1 times, most recent"
            + " failure: ...\n\tat org.citykpi.ingest.CsvFormat.headerPositions(CsvFormat.java:130)",
        new CityKpiException("File a.csv line 1: header lacks column(s) [x]"));
  }

  @Test
  void aFailedSparkJobIsLoggedAsAFailedStepWithTheTasksMessage(
      SparkSession spark, @TempDir Path dir) {
    RunContext ctx = context(spark, dir);
    Exception failure = sparkJobFailure();

    assertThatThrownBy(
            () ->
                Pipeline.step(
                    ctx,
                    "ingest",
                    "road_speed",
                    () -> PipelineTest.<Boolean, RuntimeException>sneakyThrow(failure)))
        .isSameAs(failure);
    RunLog.Entry e = ctx.log().entries().get(0);
    assertThat(e.status()).isEqualTo("failed");
    assertThat(e.message()).isEqualTo("File a.csv line 1: header lacks column(s) [x]");
  }

  @Test
  void inParallelRethrowsAFailedSparkJobWithTheTasksMessageOnly(
      SparkSession spark, @TempDir Path dir) {
    assertThatThrownBy(
            () ->
                Pipeline.inParallel(
                    context(spark, dir),
                    List.of(1, 2),
                    i ->
                        i == 2
                            ? PipelineTest.<Integer, RuntimeException>sneakyThrow(sparkJobFailure())
                            : i))
        .isInstanceOf(CityKpiException.class)
        .hasMessage("File a.csv line 1: header lacks column(s) [x]");
  }
}
