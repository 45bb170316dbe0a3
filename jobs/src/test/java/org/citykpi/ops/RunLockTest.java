package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.citykpi.common.CityKpiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lock's file format, overlap and staleness rules, and acquisition in a folder. */
class RunLockTest {
  static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  static final Instant PID_START = Instant.parse("2026-11-30T07:59:58.120Z");

  static RunLock.Holder holder(String runId, String host, long pid, String from, String to) {
    return new RunLock.Holder(runId, "run", host, pid, PID_START, T0, Interval.of(from, to));
  }

  @Test
  void lockFileTextRoundTripsAndAPartialFileIsNoLock() {
    RunLock.Holder h = holder("20261130T080000-1a2b", "vm", 4242, "2026-09-14", "2026-09-15");

    assertThat(RunLock.Holder.parse(h.format())).isEqualTo(h);
    assertThat(RunLock.Holder.parse("run_id=x\ncommand=run\n")).as("partial").isNull();
    assertThat(RunLock.Holder.parse("")).isNull();
    RunLock.Holder noStart =
        new RunLock.Holder("r", "run", "vm", 1, null, T0, Interval.of("2026-01-01", "2026-01-01"));
    assertThat(RunLock.Holder.parse(noStart.format()))
        .as("unknown process start")
        .isEqualTo(noStart);
  }

  @Test
  void intervalsOverlapWhenTheyShareOneDayAndNotWhenTheyOnlyTouch() {
    RunLock.Holder h = holder("r", "vm", 1, "2026-09-14", "2026-09-15");

    assertThat(h.overlaps(Interval.of("2026-09-15", "2026-09-20"))).as("shared last day").isTrue();
    assertThat(h.overlaps(Interval.of("2026-01-01", "2026-12-31"))).as("inside").isTrue();
    assertThat(h.overlaps(Interval.of("2026-09-16", "2026-09-16"))).as("day after").isFalse();
    assertThat(h.overlaps(Interval.of("2026-09-13", "2026-09-13"))).as("day before").isFalse();
  }

  @Test
  void aLockIsStaleOnlyWhenItsProcessOnThisHostIsGoneOrThePidWasReused() {
    RunLock.Holder h = holder("r", "vm", 4242, "2026-09-14", "2026-09-15");

    assertThat(h.stale("vm", pid -> Optional.empty())).as("pid gone").isTrue();
    assertThat(h.stale("vm", pid -> Optional.of(PID_START))).as("same process alive").isFalse();
    assertThat(h.stale("vm", pid -> Optional.of(PID_START.plusSeconds(60))))
        .as("pid reused by a later process")
        .isTrue();
    assertThat(h.stale("other-host", pid -> Optional.empty()))
        .as("another host's process cannot be seen from here")
        .isFalse();
  }

  @Test
  void anOverlappingLiveHolderStopsASecondRunNamingIt(@TempDir Path dir) {
    RunLock.Holder me = RunLock.self("first", "run", T0, Interval.of("2026-09-14", "2026-09-15"));
    try (RunLock first = RunLock.acquire(dir, me, false, Duration.ZERO, h -> {})) {
      RunLock.Holder second =
          RunLock.self("second", "clean", T0, Interval.of("2026-09-15", "2026-09-15"));

      assertThatThrownBy(() -> RunLock.acquire(dir, second, false, Duration.ZERO, h -> {}))
          .isInstanceOf(CityKpiException.class)
          .hasMessageStartingWith("The warehouse is busy: run first (run 2026-09-14..2026-09-15")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("host " + RunLock.hostName())
          .hasMessageContaining("started " + T0)
          .hasMessageContaining("--wait");
      RunLock.Holder elsewhere =
          RunLock.self("third", "run", T0, Interval.of("2026-09-16", "2026-09-16"));
      try (RunLock third = RunLock.acquire(dir, elsewhere, false, Duration.ZERO, h -> {})) {
        assertThat(third.cleared()).as("a disjoint interval runs beside it").isEmpty();
      }
    }
    assertThat(dir.resolve("run-first.lock")).as("released").doesNotExist();
  }

  @Test
  void aStaleLockIsClearedAndReturnedAsKilled(@TempDir Path dir) throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
    RunLock.Holder dead =
        holder("dead", RunLock.hostName(), gone.pid(), "2026-09-14", "2026-09-15");
    Files.writeString(dir.resolve("run-dead.lock"), dead.format());
    RunLock.Holder foreign = holder("far", "another-host", 1, "2026-01-01", "2026-01-01");
    Files.writeString(dir.resolve("run-far.lock"), foreign.format());

    RunLock.Holder me = RunLock.self("me", "run", T0, Interval.of("2026-09-15", "2026-09-15"));
    try (RunLock lock = RunLock.acquire(dir, me, false, Duration.ZERO, h -> {})) {
      assertThat(lock.cleared()).containsExactly(dead);
      assertThat(dir.resolve("run-dead.lock")).doesNotExist();
      assertThat(dir.resolve("run-far.lock")).as("not judged from here").exists();
    }
  }

  @Test
  void withWaitASecondRunProceedsOnceTheHolderEnds(@TempDir Path dir) throws Exception {
    RunLock.Holder one = RunLock.self("one", "run", T0, Interval.of("2026-09-14", "2026-09-15"));
    RunLock first = RunLock.acquire(dir, one, false, Duration.ZERO, h -> {});
    RunLock.Holder two = RunLock.self("two", "run", T0, Interval.of("2026-09-14", "2026-09-14"));
    CompletableFuture<RunLock.Holder> waitingFor = new CompletableFuture<>();

    CompletableFuture<RunLock> second =
        CompletableFuture.supplyAsync(
            () -> RunLock.acquire(dir, two, true, Duration.ofMillis(20), waitingFor::complete));
    assertThat(waitingFor.get(30, TimeUnit.SECONDS).runId()).isEqualTo("one");
    assertThat(second).isNotDone();
    first.close();

    try (RunLock got = second.get(30, TimeUnit.SECONDS)) {
      assertThat(Files.readString(dir.resolve("run-two.lock"))).contains("run_id=two");
    }
  }

  @Test
  void onlyLocalWarehousesAreLocked() {
    assertThat(RunLock.dirOf("warehouse"))
        .isEqualTo(Path.of("warehouse", "_locks").toAbsolutePath());
    assertThat(RunLock.dirOf("file:///tmp/w")).isEqualTo(Path.of("/tmp/w/_locks"));
    assertThat(RunLock.dirOf("hdfs://nn:8020/w")).isNull();
    assertThat(RunLock.dirOf("s3a://bucket/w")).isNull();
  }
}
