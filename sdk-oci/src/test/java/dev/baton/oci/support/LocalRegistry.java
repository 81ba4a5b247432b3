package dev.baton.oci.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's {@code docker-registry} (distribution 2.8) run by the test: its own config in a
 * temporary directory, bound to 127.0.0.1 on a free port, started and waited for until {@code GET
 * /v2/} answers, stopped (and its directory removed) by {@link #close()}.
 *
 * <p>The Debian default config listens on all interfaces and points htpasswd at a directory, so it
 * is never used.
 */
public final class LocalRegistry implements AutoCloseable {
  private static final Pattern LOGGED =
      Pattern.compile("http\\.request\\.method=(\\S+) .*http\\.request\\.uri=\"?([^\" ]+)");
  private static final Pattern PROVISIONED = Pattern.compile("password=(\\S+) user=(\\S+)");

  private final Process process;
  private final Path dir;
  private final int port;
  private final String user;
  private final String password;

  private LocalRegistry(Process process, Path dir, int port, String user, String password) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /**
   * @return a registry without authentication
   */
  public static LocalRegistry anonymous() {
    return start("", false);
  }

  /**
   * A registry with htpasswd Basic auth. The htpasswd file is left absent, so distribution 2.8
   * provisions user {@code docker} with a random bcrypt-hashed password and logs it; the test reads
   * it from the log. That needs no bcrypt implementation or {@code htpasswd} tool here.
   *
   * @return the registry; {@link #user()} and {@link #password()} give the credentials
   */
  public static LocalRegistry htpasswd() {
    return start("auth:\n  htpasswd:\n    realm: baton-test\n    path: %DIR%/htpasswd\n", true);
  }

  /**
   * @param tokens the token server whose certificate the registry trusts
   * @return a registry with Docker token (Bearer) auth
   */
  public static LocalRegistry token(TokenServer tokens) {
    return start(
        "auth:\n  token:\n    realm: "
            + tokens.realm()
            + "\n    service: "
            + TokenServer.SERVICE
            + "\n    issuer: "
            + TokenServer.ISSUER
            + "\n    rootcertbundle: "
            + tokens.certificate()
            + "\n",
        false);
  }

  private static LocalRegistry start(String auth, boolean provisioned) {
    Path binary = Tools.require("docker-registry", "docker-registry");
    try {
      Path dir = Files.createTempDirectory(scratch(), "baton-registry-");
      int port = freePort();
      String config =
          "version: 0.1\n"
              + "log:\n  level: info\n  accesslog:\n    disabled: true\n"
              + "storage:\n  filesystem:\n    rootdirectory: "
              + dir.resolve("data")
              + "\n"
              + "  delete:\n    enabled: true\n"
              + "http:\n  addr: 127.0.0.1:"
              + port
              + "\n  secret: baton-test-secret\n"
              + auth.replace("%DIR%", dir.toString());
      Files.writeString(dir.resolve("config.yml"), config);
      Path log = dir.resolve("registry.log");
      Process p =
          new ProcessBuilder(binary.toString(), "serve", dir.resolve("config.yml").toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      waitUntilServing(p, port, log);
      String user = null;
      String password = null;
      if (provisioned) {
        Matcher m = PROVISIONED.matcher(Files.readString(log));
        if (!m.find()) {
          p.destroyForcibly();
          throw new IllegalStateException(
              "docker-registry did not log a provisioned htpasswd user:\n" + Files.readString(log));
        }
        password = m.group(1);
        user = m.group(2);
      }
      return new LocalRegistry(p, dir, port, user, password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void waitUntilServing(Process p, int port, Path log) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited with " + p.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200 || r.statusCode() == 401) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "docker-registry did not answer /v2/ within 20 s:\n" + Files.readString(log));
  }

  /**
   * Where registry storage goes: tmpfs ({@code /dev/shm}) when there is one, because distribution's
   * filesystem driver fsyncs every file it writes and a manifest PUT writes several; on a busy disk
   * that dominates every timing without telling anything about the client.
   */
  private static Path scratch() {
    Path shm = Path.of("/dev/shm");
    return Files.isDirectory(shm) && Files.isWritable(shm)
        ? shm
        : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * @return a free TCP port on 127.0.0.1 (released, so a tiny race remains)
   */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /**
   * @return {@code 127.0.0.1:<port>}, the registry part of image references
   */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /**
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * @return the provisioned htpasswd user, or null
   */
  public String user() {
    return user;
  }

  /**
   * @return the provisioned htpasswd password, or null
   */
  public String password() {
    return password;
  }

  /**
   * The requests the registry itself logged ({@code msg="response completed"}, with or without
   * error), as {@code "METHOD uri"}, oldest first: a count independent of any client or proxy.
   *
   * @return the logged requests so far
   */
  public List<String> loggedRequests() {
    List<String> out = new ArrayList<>();
    for (String line : log().split("\n")) {
      if (line.contains("msg=\"response completed")) {
        Matcher m = LOGGED.matcher(line);
        if (m.find()) {
          out.add(m.group(1) + " " + m.group(2));
        }
      }
    }
    return out;
  }

  /**
   * @return the registry's log so far
   */
  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
