package dev.baton.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A server run as a child process on a loopback port, for tests: started, waited for until it
 * accepts connections, and stopped with its whole process tree (SIGTERM, then SIGKILL after a grace
 * period). The servers of this package are built on it.
 */
public final class ServerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code command}, its output appended to {@code log}, and waits until {@code port} on
   * 127.0.0.1 accepts a connection.
   *
   * @param name what the server is, for messages
   * @param command the command line
   * @param port the loopback port it listens on
   * @param log where its output goes
   * @param startup how long it may take to accept connections
   * @return the running server
   * @throws IllegalStateException when it exits or does not listen in time (its log is quoted)
   */
  public static ServerProcess start(
      String name, List<String> command, int port, Path log, Duration startup) {
    Objects.requireNonNull(name, "name");
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command, e);
    }
    ServerProcess server = new ServerProcess(name, p, port, log);
    long deadline = System.nanoTime() + startup.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + p.exitValue() + " before listening; " + server.logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        pause(50, name + " to start");
      }
    }
    server.close();
    throw new IllegalStateException(
        name + " did not listen on port " + port + " within " + startup + "; " + server.logTail());
  }

  /**
   * @return a loopback port that was free a moment ago
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** {@return the port it listens on} */
  public int port() {
    return port;
  }

  /** {@return whether it is still running} */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** {@return the last lines of its output, for failure messages} */
  public String logTail() {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(log);
      return "last output of "
          + name
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "its log " + log + " could not be read: " + e;
    }
  }

  /** Stops the server and its children: SIGTERM, then SIGKILL after five seconds. */
  @Override
  public void close() {
    List<ProcessHandle> tree =
        java.util.stream.Stream.concat(
                process.descendants(), java.util.stream.Stream.of(process.toHandle()))
            .toList();
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      tree.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Sleeps between two looks at a server that is not ready yet.
   *
   * @param millis how long
   * @param what what is waited for, named if the wait is interrupted
   * @throws IllegalStateException when interrupted, the interrupt flag set again
   */
  static void pause(long millis, String what) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  @Override
  public String toString() {
    return "ServerProcess[" + name + " on 127.0.0.1:" + port + "]";
  }
}
