package org.citykpi.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent steps on a few threads of the one session (docs/decisions/0002): most of a small
 * step's time is driver-side planning and Delta commits, which overlap well.
 */
public final class Parallel {
  /**
   * Steps of a large run at once: their tasks keep both cores busy, and each holds its persisted
   * records, so more buys little on 2 cores. {@code -Dcitykpi.parallelism=N} sets it for every run.
   */
  public static final int PARALLELISM = Integer.getInteger("citykpi.parallelism", 3);

  /** Whether the operator chose the number ({@code -Dcitykpi.parallelism}). */
  static final boolean CHOSEN = System.getProperty("citykpi.parallelism") != null;

  private Parallel() {}

  /**
   * How many steps of a stage run at once: {@link #PARALLELISM} in a large run; in a small one
   * (decision 0009: a few thousand rows, whose steps are planning and Delta commits on the driver)
   * every step, so that none waits for a thread while a core is idle (decision 0015), unless the
   * operator chose a number.
   */
  public static int threads(boolean small) {
    return small && !CHOSEN ? Integer.MAX_VALUE : PARALLELISM;
  }

  /**
   * Applies {@code work} to every item, up to {@link #PARALLELISM} at once. Waits for all; then
   * rethrows the first failure (in input order). Returns the non-null results in input order.
   */
  public static <T, R> List<R> map(List<T> items, Function<T, R> work) {
    return map(items, PARALLELISM, work);
  }

  /** {@link #map(List, Function)}, up to {@code threads} items at once. */
  public static <T, R> List<R> map(List<T> items, int threads, Function<T, R> work) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> work.apply(item)));
      }
      List<R> out = new ArrayList<>();
      RuntimeException first = null;
      for (Future<R> f : futures) {
        try {
          R r = f.get();
          if (r != null) {
            out.add(r);
          }
        } catch (ExecutionException e) {
          if (first == null) {
            // a failed Spark job arrives as a SparkException, which Java thinks cannot be thrown
            // here: wrap it with the operator message found in its causes (the task's exception)
            first =
                e.getCause() instanceof RuntimeException re
                    ? re
                    : new CityKpiException(
                        CityKpiException.operatorMessage(e.getCause()), e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CityKpiException("interrupted", e);
        }
      }
      if (first != null) {
        throw first;
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
