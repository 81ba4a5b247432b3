package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.servers.Dynalite;
import dev.baton.testkit.servers.LoopbackHttpServer;
import dev.baton.testkit.servers.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the shaded {@code target/baton.jar} after {@code package}: it holds no test library and
 * stays small, and it runs; it exports traces over OTLP when an endpoint is set, and loads no
 * OpenTelemetry SDK class when none is; it reaches a DynamoDB table and a PostgreSQL database for
 * coordination. Run by the {@code shaded-jar} execution in the {@code verify} phase.
 */
class ShadedJarIT {
  /**
   * The jar may not grow past this. It was 29 MB while it carried the test libraries, 15.6 MB
   * without them; the DynamoDB client that shared coordination needs adds 3.0 MB, and the
   * PostgreSQL driver and a small pool about 1.2 MB.
   */
  static final long MAX_BYTES = 22L * 1024 * 1024;

  static final List<String> FORBIDDEN =
      List.of("org/junit/", "org/assertj/", "net/bytebuddy/", "org/opentest4j/");

  private static Path jar() {
    Path jar = Path.of(System.getProperty("baton.jar", "target/baton.jar"));
    assertThat(jar).as("the shaded jar; run after package").isRegularFile();
    return jar;
  }

  @Test
  void holdsNoTestLibrary() throws IOException {
    try (ZipFile zip = new ZipFile(jar().toFile())) {
      List<String> leaked =
          zip.stream()
              .map(ZipEntry::getName)
              .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
              .limit(10)
              .toList();
      assertThat(leaked).as("test libraries in baton.jar").isEmpty();
    }
  }

  @Test
  void isAtMost22MiB() throws IOException {
    assertThat(Files.size(jar())).as("size of baton.jar in bytes").isLessThanOrEqualTo(MAX_BYTES);
  }

  /**
   * With {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, the demo exports its spans over OTLP
   * (http/protobuf) to the endpoint: the SDK, the exporter and its JDK sender are found through the
   * jar's merged {@code META-INF/services}.
   */
  @Test
  void withAnOtlpEndpoint_theDemoExportsTraces(@TempDir Path dir) throws Exception {
    List<String> posts = new CopyOnWriteArrayList<>();
    try (LoopbackHttpServer collector =
        LoopbackHttpServer.start(
            exchange -> {
              byte[] body = exchange.getRequestBody().readAllBytes();
              posts.add(
                  exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestURI().getPath()
                      + " "
                      + exchange.getRequestHeaders().getFirst("Content-Type")
                      + " "
                      + body.length);
              exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            })) {
      String endpoint = "http://" + collector.host();
      Run demo = demo(dir, Map.of(Telemetry.ENDPOINT, endpoint));
      assertThat(demo.exit()).as(demo.out()).isZero();
      assertThat(demo.out()).as("the SDK was loaded").contains("io.opentelemetry.sdk.");
      assertThat(posts)
          .as("requests to the collector")
          .anySatisfy(
              post ->
                  assertThat(post).matches("POST /v1/traces application/x-protobuf [1-9][0-9]*"));
    }
  }

  @Test
  void withoutAnOtlpEndpoint_noOpenTelemetrySdkClassIsLoaded(@TempDir Path dir) throws Exception {
    Run demo = demo(dir, Map.of());
    assertThat(demo.exit()).as(demo.out()).isZero();
    assertThat(demo.out())
        .as("classes loaded")
        .contains("dev.baton.cli.internal.Telemetry ")
        .doesNotContain("io.opentelemetry.sdk.");
  }

  record Run(int exit, String out) {}

  /** {@code baton demo} in a child JVM that logs every class it loads, with no OTEL_* inherited. */
  private static Run demo(Path dir, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                java(),
                "-Xlog:class+load=info",
                "-jar",
                jar().toAbsolutePath().toString(),
                "demo",
                "--report",
                dir.resolve("report.md").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the demo ended").isTrue();
    return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * With {@code coordination.dynamodb}, the jar creates the table and reads its ledger and leases:
   * the DynamoDB client and its HTTP client are found in the merged jar.
   */
  @Test
  void withDynamoDb_coordinationInitAndStatusRun(@TempDir Path dir) throws Exception {
    try (Dynalite dynalite = Dynalite.start()) {
      initAndStatus(
          dir,
          "dynamodb: {table: baton, region: us-east-1, endpoint: \"" + dynalite.endpoint() + "\"}",
          "created the DynamoDB table baton in us-east-1");
    }
  }

  /**
   * With {@code coordination.postgres}, the jar migrates the schema and reads its ledger and leases
   * through the PostgreSQL driver and the pool it carries.
   */
  @Test
  void withPostgres_coordinationInitAndStatusRun(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(PostgresServer.available(), "PostgreSQL is not installed");
    try (PostgresServer postgres = PostgresServer.start()) {
      initAndStatus(
          dir,
          "postgres: {url: \"" + postgres.jdbcUrl() + "\", user: " + PostgresServer.USER + "}",
          "migrated schema baton of the PostgreSQL database");
    }
  }

  private static void initAndStatus(Path dir, String store, String initSays) throws Exception {
    Files.writeString(
        dir.resolve("baton.yaml"),
        "repository: ghcr.io/acme/shop\ncoordination:\n  " + store + "\n");
    Run init = baton(dir, "coordination", "init");
    assertThat(init.exit()).as(init.out()).isZero();
    assertThat(init.out()).contains(initSays);
    Run status = baton(dir, "status", "dev", "--json");
    assertThat(status.exit()).as(status.out()).isZero();
    assertThat(status.out()).contains("\"state\": \"none\"").contains("\"lease\": null");
  }

  /**
   * {@code baton ARGS} in a child JVM in {@code dir}, with credentials any DynamoDB test server
   * takes.
   */
  static Run baton(Path dir, String... args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Process p = batonProcess(dir, out, args);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("baton ended").isTrue();
    return new Run(p.exitValue(), Files.readString(out));
  }

  /** Starts {@code baton ARGS} like {@link #baton}, its output to {@code out}, without waiting. */
  static Process batonProcess(Path dir, Path out, String... args) throws java.io.IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java(),
                "-Daws.accessKeyId=AKIAIOSFODNN7EXAMPLE",
                "-Daws.secretAccessKey=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "-jar",
                jar().toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }

  @Test
  void runsWithJavaDashJar() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(java.toString(), "-jar", jar().toString(), "--version")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("baton ");
  }
}
