package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.exceptions.ConcurrentAppendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link DeltaRetry}'s retry logic without Delta: work that throws Delta's own conflict exception
 * (as a losing commit does) a given number of times, with the pause between attempts recorded
 * instead of slept.
 */
class DeltaRetryTest {
  final List<Integer> pauses = new ArrayList<>();
  final AtomicInteger calls = new AtomicInteger();

  /** Work that loses {@code conflicts} commit races (thrown as {@code thrown}), then returns. */
  String work(int conflicts, RuntimeException thrown) {
    if (calls.incrementAndGet() <= conflicts) {
      throw thrown;
    }
    return "committed";
  }

  static ConcurrentAppendException conflict() {
    return new ConcurrentAppendException("files were added to partition [day=2017-01-01]");
  }

  @Test
  void aWorkThatLosesTwiceIsRetriedAndItsResultReturned() {
    String out = DeltaRetry.onConflict("append", () -> work(2, conflict()), pauses::add);

    assertThat(out).isEqualTo("committed");
    assertThat(calls).as("attempts").hasValue(3);
    assertThat(pauses).as("pauses, after each lost attempt").containsExactly(1, 2);
  }

  @Test
  void aConflictWrappedAsTheCauseOfAnotherExceptionIsRetried() {
    RuntimeException wrapped = new IllegalStateException("job aborted", conflict());

    String out = DeltaRetry.onConflict("write", () -> work(1, wrapped), pauses::add);

    assertThat(out).isEqualTo("committed");
    assertThat(calls).hasValue(2);
  }

  @Test
  void anotherFailureIsThrownAtOnceWithoutRetry() {
    IllegalArgumentException notAConflict = new IllegalArgumentException("bad column");

    assertThatThrownBy(
            () -> DeltaRetry.onConflict("write", () -> work(1, notAConflict), pauses::add))
        .isSameAs(notAConflict);
    assertThat(calls).hasValue(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aConflictOnEveryAttemptGivesUpAfterTheLastAttemptWithTheConflict() {
    ConcurrentAppendException conflict = conflict();

    assertThatThrownBy(
            () ->
                DeltaRetry.onConflict(
                    "append", () -> work(Integer.MAX_VALUE, conflict), pauses::add))
        .isSameAs(conflict);
    assertThat(calls).hasValue(DeltaRetry.ATTEMPTS);
    assertThat(pauses).hasSize(DeltaRetry.ATTEMPTS - 1);
  }
}
