package dev.baton.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** The start-together race the contract suites run their concurrency cases with. */
final class Racers {
  private Racers() {}

  /**
   * Prepares {@code count} calls on this thread, releases them together on their own threads, and
   * waits for each.
   *
   * @param count how many racers
   * @param timeout how long to wait for each racer
   * @param unit the unit of {@code timeout}
   * @param racer the {@code i}th racer's call, prepared before any starts
   * @param <T> what a call returns
   * @return the results, in the racers' order
   * @throws Exception if a racer fails or does not finish in time
   */
  static <T> List<T> race(int count, long timeout, TimeUnit unit, IntFunction<Callable<T>> racer)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Callable<T> call = racer.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(timeout, unit));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
