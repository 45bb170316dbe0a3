package org.citykpi.ops;

import java.util.function.Supplier;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries work that lost a Delta commit race ({@code ConcurrentAppendException} and the other
 * {@link DeltaConcurrentModificationException}s: nothing of the losing attempt was committed). Only
 * for work that is safe to repeat: an append of rows that were not committed (the run log), or a
 * step that replaces its own interval (a re-run leaves the table as one run would).
 */
public final class DeltaRetry {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaRetry.class);

  /** Attempts in all, the first included. */
  public static final int ATTEMPTS = 4;

  private DeltaRetry() {}

  public static <T> T onConflict(String what, Supplier<T> work) {
    return onConflict(
        what, work, attempt -> Thread.sleep(200L * attempt + (long) (Math.random() * 300)));
  }

  /** Waits before the next attempt; {@code attempt} is the one that just lost (1-based). */
  @FunctionalInterface
  interface Pause {
    void after(int attempt) throws InterruptedException;
  }

  /** {@link #onConflict(String, Supplier)} with the wait between attempts given (tests). */
  static <T> T onConflict(String what, Supplier<T> work, Pause pause) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (RuntimeException e) {
        DeltaConcurrentModificationException conflict = conflict(e);
        if (conflict == null || attempt >= ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            what
                + ": a concurrent commit won ("
                + conflict.getClass().getSimpleName()
                + "); attempt "
                + (attempt + 1)
                + " of "
                + ATTEMPTS);
        try {
          pause.after(attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  static DeltaConcurrentModificationException conflict(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DeltaConcurrentModificationException d) {
        return d;
      }
    }
    return null;
  }
}
