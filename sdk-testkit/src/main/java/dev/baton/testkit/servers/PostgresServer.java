package dev.baton.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for tests, in a temporary directory and on a free loopback port: {@code
 * initdb} makes a cluster whose superuser is {@value #USER} and which trusts every connection from
 * the loopback address, {@code postgres} serves it (with {@code fsync=off}: nothing here needs to
 * survive a machine crash) and a database named {@value #DATABASE} is created. {@link #close()}
 * stops the server and deletes the directory.
 *
 * <p>The binaries are taken from the {@code baton.postgres.bindir} system property, else {@code
 * /usr/lib/postgresql/15/bin}, else {@code pg_config --bindir}, else the newest {@code
 * /usr/lib/postgresql/N/bin}; {@link #available()} says whether there are any (Debian's package is
 * {@code postgresql}).
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (as CI containers do), the
 * server's directory is given to the {@code postgres} user (or {@code nobody} if there is none) and
 * every server binary runs as that user through {@code runuser -u USER --}, or {@code su USER -c}
 * where there is no {@code runuser}.
 */
public final class PostgresServer implements AutoCloseable {
  /** The superuser the tests connect as; no password (trust authentication on loopback). */
  public static final String USER = "baton";

  /** The database created at start. */
  public static final String DATABASE = "baton";

  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final String[] BIN_DIRS = {"/usr/lib/postgresql/15/bin"};

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final Optional<String> runAs;
  private ServerProcess process;

  private PostgresServer(Path bin, Path dir, int port, Optional<String> runAs) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.runAs = runAs;
  }

  /** {@return whether PostgreSQL's server binaries were found} */
  public static boolean available() {
    return binDir().isPresent();
  }

  /**
   * Makes a cluster in a new temporary directory, starts it and creates database {@value
   * #DATABASE}.
   *
   * @return the running server
   * @throws IllegalStateException when the binaries are missing or the server does not start (its
   *     log is quoted)
   */
  public static PostgresServer start() {
    Path bin =
        binDir()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no PostgreSQL server binaries (initdb, postgres) found; install Debian's"
                            + " postgresql package or set -Dbaton.postgres.bindir"));
    Optional<String> runAs = isRoot() ? Optional.of(serverUser()) : Optional.empty();
    Path dir;
    try {
      dir = Files.createTempDirectory("baton-pg-");
      if (runAs.isPresent()) {
        UserPrincipal owner =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs.get());
        Files.setOwner(dir, owner);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a directory for PostgreSQL", e);
    }
    PostgresServer server = new PostgresServer(bin, dir, ServerProcess.freePort(), runAs);
    try {
      server.initdb();
      server.launch();
      server.run(
          "createdb",
          List.of("-h", "127.0.0.1", "-p", Integer.toString(server.port), "-U", USER, DATABASE));
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** {@return the JDBC URL of database {@value #DATABASE}, without credentials} */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  /**
   * @param database a database of this server
   * @return its JDBC URL, without credentials
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** {@return the loopback port the server listens on} */
  public int port() {
    return port;
  }

  /** {@return whether the server is running} */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Stops the server (fast shutdown: open sessions are ended) and keeps its data, so that {@link
   * #startAgain()} brings it back on the same port; for tests of an outage.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    try {
      if (process.isAlive()) {
        run("pg_ctl", List.of("stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "30"));
      }
    } catch (IllegalStateException | UncheckedIOException notStopped) {
      // ServerProcess.close below stops it with signals instead
    } finally {
      process.close();
      process = null;
    }
  }

  /** Starts a server stopped by {@link #stop()} again, on the same data and port. */
  public synchronized void startAgain() {
    if (process == null) {
      launch();
    }
  }

  /** Stops the server and starts it again on the same data and port. */
  public synchronized void restart() {
    stop();
    startAgain();
  }

  /** Stops the server and deletes its directory. */
  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      delete(dir);
    }
  }

  private void initdb() {
    run(
        "initdb",
        List.of(
            "-D",
            data.toString(),
            "-U",
            USER,
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C"));
  }

  /** Starts {@code postgres} and waits until it accepts sessions (not only TCP connections). */
  private void launch() {
    List<String> command =
        List.of(
            bin.resolve("postgres").toString(),
            "-D",
            data.toString(),
            "-p",
            Integer.toString(port),
            "-k",
            data.toString(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "max_connections=200");
    process =
        ServerProcess.start(
            "PostgreSQL", asServerUser(command), port, dir.resolve("postgres.log"), STARTUP);
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      try {
        run("pg_isready", List.of("-h", "127.0.0.1", "-p", Integer.toString(port), "-q"));
        return;
      } catch (IllegalStateException notYet) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException(
              "PostgreSQL did not accept sessions; " + process.logTail(), notYet);
        }
        ServerProcess.pause(100, "PostgreSQL");
      }
    }
  }

  /** Runs one of the server's programs to completion, as the server's user. */
  private void run(String program, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve(program).toString());
    command.addAll(args);
    Path out = dir.resolve(program + ".log");
    try {
      Process p =
          new ProcessBuilder(asServerUser(command))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(program + " did not finish in " + STARTUP);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            program
                + " exited with "
                + p.exitValue()
                + ": "
                + Files.readString(out, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + program, e);
    }
  }

  private List<String> asServerUser(List<String> command) {
    if (runAs.isEmpty()) {
      return command;
    }
    Optional<Path> runuser =
        Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();
    if (runuser.isPresent()) {
      List<String> out =
          new ArrayList<>(List.of(runuser.get().toString(), "-u", runAs.get(), "--"));
      out.addAll(command);
      return out;
    }
    StringBuilder line = new StringBuilder("exec");
    for (String arg : command) {
      line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
    }
    return List.of("su", runAs.get(), "-s", "/bin/sh", "-c", line.toString());
  }

  private static Optional<Path> binDir() {
    List<String> candidates = new ArrayList<>();
    String configured = System.getProperty("baton.postgres.bindir", "");
    if (!configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(List.of(BIN_DIRS));
    pgConfigBinDir().ifPresent(candidates::add);
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions
          .map(v -> v.resolve("bin").toString())
          .sorted(Comparator.reverseOrder())
          .forEach(candidates::add);
    } catch (IOException | RuntimeException none) {
      // no Debian-style installation
    }
    return candidates.stream()
        .map(Path::of)
        .filter(
            d ->
                Files.isExecutable(d.resolve("initdb"))
                    && Files.isExecutable(d.resolve("postgres")))
        .findFirst();
  }

  private static Optional<String> pgConfigBinDir() {
    try {
      Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Whether this process runs as root: {@code /proc/self} belongs to the process's user. */
  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static String serverUser() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        if (line.startsWith("postgres:")) {
          return "postgres";
        }
      }
    } catch (IOException unreadable) {
      // fall through to nobody
    }
    return "nobody";
  }

  private static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "PostgresServer[127.0.0.1:" + port + ", " + dir + "]";
  }
}
