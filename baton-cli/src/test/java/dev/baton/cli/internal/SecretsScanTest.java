package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.baton.testkit.atmos.FakeAtmos;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No form of a secret reaches anything {@code baton} writes, even when what it talks to echoes the
 * secret back. One JVM ({@link SecretsScanMain}) runs every command with the GitHub token, a
 * two-line registry password, the database password variable, an AWS session token and an OTLP
 * collector's API key in its environment, traces exported to a collector that quotes the key in its
 * error body, and library logs at debug level: {@code --version}, {@code help}, {@code
 * generate-completion}, {@code plan --offline}, {@code plan}, {@code run}, {@code deploy}, {@code
 * destroy}, {@code rollback}, {@code status} and {@code coordination init} against a registry and a
 * GitHub API on loopback, {@code status} and {@code coordination init} again with a DynamoDB
 * coordination store whose endpoint quotes the request's {@code Authorization} and {@code
 * X-Amz-Security-Token} headers, {@code promote} and {@code promote --batch} against a registry
 * that quotes the {@code Authorization} header in its error bodies (JSON and plain text), and
 * {@code demo} twice: with the testkit's fake atmos printing the secret variables on every call, as
 * {@code TF_LOG=trace} would, and with an atmos whose deploy fails with an error that quotes the
 * token. The GitHub API answers every call with a validation error that quotes the {@code
 * Authorization} header. (A PostgreSQL store is left out: its pool waits 10 s for a connection that
 * fails.)
 *
 * <p>Then standard output and error (logs included), the reports, the step summary and the output
 * file are searched for each secret raw, URL-encoded, in the Basic credentials of user and
 * password, and line by line; {@code ::add-mask::} lines, which register masks with the runner, are
 * left out. It checks first that the echoes happened and were masked, so that it fails if a fault
 * no longer reaches the output rather than passing vacuously.
 *
 * <p>It caught the OpenTelemetry SDK's warning of a failed export, printed by java.util.logging
 * straight to standard error with the collector's answer, API key and all (the SDK's records now go
 * through the command's redaction); and the AWS SDK at debug level logging its signer's canonical
 * request, session token included, and DynamoDB's error message unredacted (its loggers now stay at
 * warn unless raised by name). It would catch a message built from an error body or atmos output
 * without the redactor, a secret registered in one form but printed in another, and a log line at
 * debug level that shows a request's headers.
 */
class SecretsScanTest {
  static final String TOKEN = "ghs_scanT0kenValue0123456789abcdef";
  static final String USER = "ci-bot";
  static final String PASSWORD = "first-registry-line\nsecond/registry+line";
  static final String OTEL_KEY = "otel-s3cret-key-0123456789";

  /** Every secret, by the variable that holds it. */
  static final Map<String, String> SECRETS =
      Map.of(
          "GITHUB_TOKEN",
          TOKEN,
          "BATON_REGISTRY_PASSWORD",
          PASSWORD,
          "BATON_DB_PASSWORD",
          "db-s3cret-passw0rd",
          "AWS_SECRET_ACCESS_KEY",
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          "AWS_SESSION_TOKEN",
          "IQoJb3JpZ2luX2VjEXAMPLEsessionT0ken0123456789",
          "OTEL_EXPORTER_OTLP_HEADERS",
          "x-api-key=" + OTEL_KEY);

  static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":"
          + "\"sha256:"
          + "a".repeat(64)
          + "\",\"size\":2},\"layers\":[]}";

  @TempDir Path dir;
  final AtomicInteger registryEchoes = new AtomicInteger();
  final AtomicInteger githubEchoes = new AtomicInteger();
  final AtomicInteger otelEchoes = new AtomicInteger();
  final AtomicInteger awsEchoes = new AtomicInteger();

  @Test
  void everyCommand_evenFacingEchoes_writesNoFormOfASecret() throws Exception {
    try (LoopbackHttpServer server = LoopbackHttpServer.start(this::handle)) {
      String host = server.host();
      Path work = Files.createDirectories(dir.resolve("work"));
      FakeAtmos failing = FakeAtmos.install(dir.resolve("atmos"));
      failing.failNext("deploy", "AccessDenied: the role refused token ${GITHUB_TOKEN}");
      Files.writeString(
          work.resolve("baton.yaml"),
          "repository: " + host + "/app\natmos:\n  executable: '" + failing.executable() + "'\n");
      Files.writeString(
          work.resolve("dynamodb.yaml"),
          "repository: "
              + host
              + "/app\ncoordination:\n  dynamodb:\n    table: baton\n    region: us-east-1\n"
              + "    endpoint: http://"
              + host
              + "\n");
      Files.writeString(
          work.resolve("batch.txt"),
          host
              + "/echo/app:sha-"
              + "b".repeat(40)
              + " 1.0.0\n"
              + host
              + "/text/app:sha-"
              + "c".repeat(40)
              + " 1.0.0\n");
      Path summary = Files.createFile(dir.resolve("summary.md"));
      Path output = Files.createFile(dir.resolve("output.txt"));
      Path out = Files.createDirectories(dir.resolve("out"));
      String push = PlanOfflineTest.payload("push.branch.json").toString();
      List<String> commands =
          List.of(
              "--version",
              "help|run",
              "generate-completion",
              "plan|--offline|--event-name|push|--event-path|" + push,
              "plan|--event-name|push|--event-path|" + push,
              "run",
              "promote|" + host + "/echo/app:sha-" + "d".repeat(40) + "|1.0.0",
              "promote|--batch|batch.txt",
              "deploy|--commit=" + RunCommandTest.PUSHED.value() + "|dev",
              "destroy|--pr=1|preview",
              "rollback|dev",
              "status",
              "status|--json",
              "coordination|init",
              "status|--config|dynamodb.yaml",
              "coordination|init|--config|dynamodb.yaml",
              "demo|--report|report.md",
              "demo|--atmos|" + failing.executable() + "|--report|failed-report.md");
      List<String> args = new ArrayList<>(List.of(out.toString()));
      args.addAll(commands);
      ProcessBuilder pb =
          ChildJvm.of(
                  SecretsScanMain.class,
                  List.of("org.slf4j.simpleLogger.defaultLogLevel=debug"),
                  args)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("jvm.txt").toFile());
      Map<String, String> env = pb.environment();
      env.putAll(SECRETS);
      env.put("BATON_REGISTRY_USERNAME", USER);
      env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://" + host + "/otel");
      env.put("FAKE_ATMOS_PRINT_ENV", "GITHUB_TOKEN,BATON_REGISTRY_PASSWORD,BATON_DB_PASSWORD");
      env.put("GITHUB_ACTIONS", "true");
      env.put("GITHUB_EVENT_NAME", "push");
      env.put("GITHUB_EVENT_PATH", push);
      env.put("GITHUB_SHA", RunCommandTest.PUSHED.value());
      env.put("GITHUB_REPOSITORY", "Codertocat/Hello-World");
      env.put("GITHUB_API_URL", "http://" + host);
      env.put("GITHUB_RUN_ID", "4242");
      env.put("GITHUB_OUTPUT", output.toString());
      env.put("GITHUB_STEP_SUMMARY", summary.toString());
      Process p = pb.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the commands end").isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("jvm.txt"))).isZero();

      Map<String, String> written = new LinkedHashMap<>();
      for (int i = 1; i <= commands.size(); i++) {
        written.put(commands.get(i - 1) + " stdout", Files.readString(out.resolve(i + ".out")));
        written.put(commands.get(i - 1) + " stderr", Files.readString(out.resolve(i + ".err")));
      }
      written.put("JVM output", Files.readString(dir.resolve("jvm.txt")));
      for (Path f : List.of(work.resolve("report.md"), work.resolve("failed-report.md"))) {
        written.put(f.getFileName().toString(), Files.exists(f) ? Files.readString(f) : "");
      }
      written.put("step summary", Files.readString(summary));
      written.put("GITHUB_OUTPUT", Files.readString(output));
      String all = String.join("\n", written.values());

      // The faults happened and reached the output, masked.
      assertThat(registryEchoes).as("registry echoes").hasValueGreaterThan(0);
      assertThat(githubEchoes).as("GitHub echoes").hasValueGreaterThan(0);
      assertThat(otelEchoes).as("collector echoes").hasValueGreaterThan(0);
      assertThat(awsEchoes).as("DynamoDB echoes").hasValueGreaterThan(0);
      assertThat(all)
          .contains("environment: GITHUB_TOKEN=****")
          .contains("environment: BATON_DB_PASSWORD=****")
          .contains("Authorization: Basic ****")
          .contains("the role refused token ****");
      for (Map.Entry<String, String> e : written.entrySet()) {
        String text =
            e.getValue()
                .lines()
                .filter(l -> !l.startsWith("::add-mask::"))
                .reduce("", (a, b) -> a + b + "\n");
        for (String form : forms()) {
          assertThat(text)
              .as("%s holds a form of a secret: %s", e.getKey(), form)
              .doesNotContain(form);
        }
      }
    }
  }

  /** Every form a secret may take on the wire or in text. */
  static List<String> forms() {
    List<String> forms = new ArrayList<>();
    List<String> secrets = new ArrayList<>(SECRETS.values());
    secrets.add(OTEL_KEY);
    for (String secret : secrets) {
      forms.add(secret);
      forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
      forms.addAll(secret.lines().toList());
      secret.lines().map(l -> URLEncoder.encode(l, StandardCharsets.UTF_8)).forEach(forms::add);
    }
    forms.add(basic(USER + ":" + PASSWORD));
    forms.add(basic("x-access-token:" + TOKEN));
    forms.add(basic(TOKEN));
    return forms.stream().distinct().toList();
  }

  private static String basic(String pair) {
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** An answer: status, type, body, and the count of echoes it adds to, if it is one. */
  private record Reply(AtomicInteger echoes, int status, String type, String body) {}

  private void handle(HttpExchange x) throws IOException {
    x.getRequestBody().readAllBytes();
    Reply r = reply(x);
    if (r.echoes() != null) {
      r.echoes().incrementAndGet();
    }
    if (r.status() < 300 && x.getRequestURI().getPath().startsWith("/v2/app/manifests/")) {
      x.getResponseHeaders().add("Docker-Content-Digest", digest(MANIFEST));
    }
    send(x, r.status(), r.type(), r.body());
  }

  /**
   * A registry at {@code /v2/}: {@code app} holds the pushed build, behind Basic authentication;
   * {@code echo} and {@code text} refuse everything, quoting the {@code Authorization} header in a
   * JSON or plain-text error body. DynamoDB (a request with {@code X-Amz-Target}) refuses, quoting
   * the session token and the signature; the collector ({@code /otel/}) refuses, quoting the API
   * key. Anything else is the GitHub API, which answers every call with a validation error quoting
   * the {@code Authorization} header.
   */
  private Reply reply(HttpExchange x) {
    String path = x.getRequestURI().getPath();
    String auth = x.getRequestHeaders().getFirst("Authorization");
    String json = "application/json";
    if (x.getRequestHeaders().containsKey("X-Amz-Target")) {
      String token = x.getRequestHeaders().getFirst("X-Amz-Security-Token");
      return new Reply(
          awsEchoes,
          400,
          "application/x-amz-json-1.0",
          "{\"__type\":\"com.amazonaws.dynamodb.v20120810#AccessDeniedException\","
              + "\"message\":\"denied: "
              + token
              + " signed "
              + auth
              + "\"}");
    }
    if (path.startsWith("/otel/")) {
      String key = x.getRequestHeaders().getFirst("x-api-key");
      return new Reply(otelEchoes, 400, "text/plain", "refused: x-api-key " + key + " is revoked");
    }
    if (!path.startsWith("/v2/")) {
      String quoted = "Validation Failed for Authorization: " + auth;
      return new Reply(
          githubEchoes,
          422,
          json,
          "{\"message\":\"" + quoted + "\",\"errors\":[{\"message\":\"" + auth + "\"}]}");
    }
    if (auth == null) {
      x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"registry\"");
      return new Reply(null, 401, json, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
    }
    if (path.startsWith("/v2/echo/")) {
      String error = "\"code\":\"DENIED\",\"message\":\"refused Authorization: " + auth + "\"";
      return new Reply(
          registryEchoes,
          403,
          json,
          "{\"errors\":[{" + error + ",\"detail\":{\"header\":\"" + auth + "\"}}]}");
    }
    if (path.startsWith("/v2/text/")) {
      return new Reply(registryEchoes, 400, "text/plain", "bad request\nAuthorization: " + auth);
    }
    if (path.startsWith("/v2/app/manifests/")) {
      boolean put = x.getRequestMethod().equals("PUT");
      return put
          ? new Reply(null, 201, "text/plain", "")
          : new Reply(null, 200, "application/vnd.oci.image.manifest.v1+json", MANIFEST);
    }
    return new Reply(null, path.equals("/v2/") ? 200 : 404, json, "{}");
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    boolean none = b.length == 0 || x.getRequestMethod().equals("HEAD");
    if (x.getRequestMethod().equals("HEAD") && b.length > 0) {
      x.getResponseHeaders().add("Content-Length", Integer.toString(b.length));
    }
    x.sendResponseHeaders(status, none ? -1 : b.length);
    try (OutputStream o = x.getResponseBody()) {
      if (!none) {
        o.write(b);
      }
    }
  }

  private static String digest(String body) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
