package dev.baton.internal.http;

import dev.baton.OperationCancelledException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link HttpClient}s a class creates for itself, and their threads, so that it can release
 * them: the rule is to close what one creates and never what one was given, and on JDK 17 {@code
 * HttpClient} has no {@code close()}.
 *
 * <p>On JDK 17 to 20 a client cannot be shut down, and its selector thread, blocked in {@code
 * epoll_wait}, makes the JVM wait 300 ms at exit for it (HotSpot waits for threads in native code;
 * JDK-8314243). The clients are therefore given an executor owned here and built on a thread of a
 * thread group of their own, so that {@link #close()} can interrupt that group's threads, which
 * ends the selector loop as {@code shutdownNow()} does on JDK 21 and later, where that is used.
 */
public final class OwnedHttpClients implements AutoCloseable {
  private final String name;
  private final ThreadGroup group;
  private final ExecutorService executor;
  private final List<HttpClient> built = new ArrayList<>();
  private boolean closed;

  /**
   * @param name the thread names' prefix, e.g. {@code baton-oci-http}
   */
  public OwnedHttpClients(String name) {
    this.name = name;
    this.group = new ThreadGroup(name);
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(group, r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Builds a client on this owner's executor and thread group; {@link #close()} stops it.
   *
   * @param builder the client's settings; its executor is replaced
   * @return the client
   * @throws IllegalStateException when closed
   */
  public synchronized HttpClient build(HttpClient.Builder builder) {
    if (closed) {
      throw new IllegalStateException("the HTTP clients are closed");
    }
    builder.executor(executor);
    // Built on a thread of our group, so that its selector thread is in the group too.
    FutureTask<HttpClient> task = new FutureTask<>(builder::build);
    Thread init = new Thread(group, task, name + "-init");
    init.setDaemon(true);
    init.start();
    try {
      HttpClient client = task.get();
      built.add(client);
      return client;
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted("creating the HTTP client", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException("could not create the HTTP client", e.getCause());
    }
  }

  /**
   * @return the group the clients' threads run in
   */
  public ThreadGroup threadGroup() {
    return group;
  }

  /** Stops every client built here and their threads; idempotent. */
  @Override
  public void close() {
    List<HttpClient> clients;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      clients = List.copyOf(built);
    }
    executor.shutdownNow();
    boolean stopped = true;
    for (HttpClient c : clients) {
      stopped &= shutdownNow(c);
    }
    if (!stopped) {
      Thread[] threads = new Thread[group.activeCount() + 8];
      int n = group.enumerate(threads);
      for (int i = 0; i < n; i++) {
        threads[i].interrupt();
      }
    }
  }

  /** {@code HttpClient.shutdownNow()} where the JDK has it (21 and later). */
  private static boolean shutdownNow(HttpClient client) {
    try {
      Method m = HttpClient.class.getMethod("shutdownNow");
      m.invoke(client);
      return true;
    } catch (ReflectiveOperationException e) {
      return false; // JDK 17 to 20: no shutdownNow; the caller interrupts the threads instead
    }
  }
}
