package dev.baton.cli.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on a free loopback port, with a configuration
 * written here, for tests that need a real OCI registry. Install it with {@code apt-get install
 * docker-registry}.
 */
final class LocalRegistry implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Process process;
  private final URI url;

  private LocalRegistry(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  static LocalRegistry start(Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        "version: 0.1\nlog: {level: error}\n"
            + "storage: {filesystem: {rootdirectory: "
            + dir.resolve("data")
            + "}}\n"
            + "http: {addr: 127.0.0.1:"
            + port
            + "}\n");
    Process p =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    URI url = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/v2/")).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return new LocalRegistry(p, url);
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("docker-registry did not start; see " + dir);
  }

  URI url() {
    return url;
  }

  String host() {
    return url.getAuthority();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
