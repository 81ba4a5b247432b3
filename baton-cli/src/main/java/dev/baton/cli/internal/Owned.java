package dev.baton.cli.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one command created and must close: the registry clients and GitHub connections {@link
 * Providers} made for it, and the OpenTelemetry SDK. A command holds one, in a try-with-resources
 * ({@link CliCommand#call()}), and it closes everything registered, newest first, when the command
 * ends. What was given to the command (a test's providers, a caller's client) is never registered,
 * so never closed. Safe for concurrent use: a batch promotion creates registries from several
 * threads.
 */
public final class Owned implements AutoCloseable {
  /** An owner with nothing registered yet. */
  public Owned() {}

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Map<Object, Object> shared = new HashMap<>();
  private boolean closed;

  /**
   * Registers a resource this command created.
   *
   * @param resource it
   * @param <T> its type
   * @return it
   * @throws IllegalStateException when this owner is closed already (the resource is closed)
   */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    Objects.requireNonNull(resource, "resource");
    if (closed) {
      closeQuietly(resource);
      throw new IllegalStateException("the command has ended; " + resource + " was closed");
    }
    resources.push(resource);
    return resource;
  }

  /**
   * One resource per key for the command's lifetime, created and registered on first use.
   *
   * @param key what identifies it, e.g. the repository and token of a GitHub connection
   * @param create makes it
   * @param <T> its type
   * @return the resource
   */
  @SuppressWarnings("unchecked")
  public synchronized <T extends AutoCloseable> T shared(Object key, Supplier<T> create) {
    Object existing = shared.get(key);
    if (existing != null) {
      return (T) existing;
    }
    T made = add(create.get());
    shared.put(key, made);
    return made;
  }

  /**
   * Closes every resource registered, newest first; one that fails to close does not keep the
   * others open.
   *
   * @throws IllegalStateException naming the first failure, the others suppressed
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException failure = null;
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing " + r + " failed: " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    shared.clear();
    if (failure != null) {
      throw failure;
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // Refused anyway; the refusal is what the caller hears about.
    }
  }
}
