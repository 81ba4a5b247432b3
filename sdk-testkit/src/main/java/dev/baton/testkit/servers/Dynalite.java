package dev.baton.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A DynamoDB-API server for tests: the npm package {@code dynalite} {@value #VERSION} (Apache-2.0),
 * run with Node.js on a free loopback port, its tables in memory. It speaks the DynamoDB JSON
 * protocol well enough for the real AWS SDK client (any credentials, any Region): tables, items,
 * conditional writes, {@code Query}; it has no transactions and no {@code UpdateTimeToLive}.
 *
 * <p>The package is installed on first use with {@code npm install --no-audit --no-fund
 * dynalite@4.0.0 --prefix DIR} into {@code $BATON_TEST_CACHE/dynalite}, or {@code
 * ~/.cache/baton-test/dynalite} when that variable is unset, under a file lock so that test JVMs
 * running side by side install it once; {@code scripts/test} installs it before the build. Node.js
 * and npm must be on the {@code PATH}.
 *
 * <pre>{@code
 * try (Dynalite dynamo = Dynalite.start()) {
 *   DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint())...build();
 * }
 * }</pre>
 */
public final class Dynalite implements AutoCloseable {
  /** The version of the npm package run. */
  public static final String VERSION = "4.0.0";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final String MARKER = ".installed-dynalite-" + VERSION;
  private static final Object INSTALL_LOCK = new Object();

  private final ServerProcess server;
  private final Path log;

  private Dynalite(ServerProcess server, Path log) {
    this.server = server;
    this.log = log;
  }

  /**
   * Starts a server whose tables become {@code ACTIVE} (and are deleted) at once.
   *
   * @return the running server
   * @throws IllegalStateException when Node.js or npm is missing, the install fails or the server
   *     does not start
   */
  public static Dynalite start() {
    return start(Duration.ZERO);
  }

  /**
   * Starts a server whose tables stay {@code CREATING}, {@code UPDATING} and {@code DELETING} for
   * {@code tableStateDelay}, as DynamoDB's do for a while.
   *
   * @param tableStateDelay how long a table stays in each transitional state
   * @return the running server
   * @throws IllegalStateException when Node.js or npm is missing, the install fails or the server
   *     does not start
   */
  public static Dynalite start(Duration tableStateDelay) {
    Objects.requireNonNull(tableStateDelay, "tableStateDelay");
    if (tableStateDelay.isNegative()) {
      throw new IllegalArgumentException("tableStateDelay must not be negative");
    }
    Path cli = install();
    String delay = Long.toString(tableStateDelay.toMillis());
    Path log;
    try {
      log = Files.createTempFile("dynalite-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Dynalite's log file", e);
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = ServerProcess.freePort();
      List<String> command =
          List.of(
              "node",
              cli.toString(),
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(port),
              "--createTableMs",
              delay,
              "--updateTableMs",
              delay,
              "--deleteTableMs",
              delay);
      try {
        return new Dynalite(ServerProcess.start("Dynalite", command, port, log, STARTUP), log);
      } catch (IllegalStateException e) {
        last = e; // most likely the port was taken meanwhile: try another
      }
    }
    throw last;
  }

  /** {@return the server's endpoint, {@code http://127.0.0.1:PORT}} */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** {@return the last lines of the server's output, for failure messages} */
  public String logTail() {
    return server.logTail();
  }

  /** Stops the server; its tables are gone. */
  @Override
  public void close() {
    server.close();
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temporary file left behind
    }
  }

  /**
   * {@return where the package is installed: {@code $BATON_TEST_CACHE/dynalite}, else {@code
   * ~/.cache/baton-test/dynalite}}
   */
  public static Path cacheDirectory() {
    String base = System.getenv("BATON_TEST_CACHE");
    Path root =
        base == null || base.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "baton-test")
            : Path.of(base);
    return root.resolve("dynalite");
  }

  /**
   * Installs the package into {@link #cacheDirectory()} unless it is there, holding a file lock so
   * that concurrent JVMs install it once.
   *
   * @return the path of its command-line entry point, {@code cli.js}
   * @throws IllegalStateException when Node.js or npm is missing or npm fails
   */
  public static Path install() {
    Path dir = cacheDirectory();
    Path cli = dir.resolve("node_modules").resolve("dynalite").resolve("cli.js");
    Path marker = dir.resolve(MARKER);
    requireTool("node");
    synchronized (INSTALL_LOCK) {
      if (Files.exists(marker) && Files.exists(cli)) {
        return cli;
      }
      try {
        Files.createDirectories(dir);
        try (FileChannel channel =
            FileChannel.open(
                dir.resolve(".install.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
          FileLock held = channel.lock();
          try {
            if (!(Files.exists(marker) && Files.exists(cli))) {
              requireTool("npm");
              npmInstall(dir);
              if (!Files.exists(cli)) {
                throw new IllegalStateException(
                    "npm installed dynalite@" + VERSION + " into " + dir + " but not " + cli);
              }
              Files.writeString(marker, VERSION + "\n", StandardCharsets.UTF_8);
            }
          } finally {
            held.release();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot install dynalite into " + dir, e);
      }
    }
    return cli;
  }

  private static void npmInstall(Path dir) throws IOException {
    Path log = dir.resolve("npm-install.log");
    List<String> command =
        List.of(
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "dynalite@" + VERSION,
            "--prefix",
            dir.toString());
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command)
                + " did not finish within "
                + INSTALL_TIMEOUT
                + "; see "
                + log);
      }
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while installing dynalite", e);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed with exit code "
              + p.exitValue()
              + ":\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  /** Fails with a message that says what to install when {@code tool} does not run. */
  private static void requireTool(String tool) {
    try {
      Process p =
          new ProcessBuilder(tool, "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
      p.destroyForcibly();
    } catch (IOException e) {
      // not on the PATH: the message below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking for " + tool, e);
    }
    throw new IllegalStateException(
        "the DynamoDB tests run Dynalite (npm package dynalite@"
            + VERSION
            + ") with Node.js, but `"
            + tool
            + " --version` does not run: install Node.js and npm (on Debian, as root: apt-get"
            + " install nodejs npm; scripts/test does this), then run the tests again");
  }

  @Override
  public String toString() {
    return "Dynalite[" + endpoint() + "]";
  }
}
