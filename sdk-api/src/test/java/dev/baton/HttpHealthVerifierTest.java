package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.baton.internal.http.RawHttpServer;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health check against a real HTTP server on loopback. */
class HttpHealthVerifierTest {
  private HttpServer server;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final AtomicInteger healthAnswers = new AtomicInteger();
  private volatile int healthStatus = 200;
  private volatile int healthzStatus = 404;
  private volatile int failuresBeforeHealthy;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          paths.add(path);
          int status =
              path.equals("/health")
                  ? (healthAnswers.incrementAndGet() <= failuresBeforeHealthy ? 503 : healthStatus)
                  : path.equals("/healthz") ? healthzStatus : 404;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private VerificationRequest request(Map<String, String> outputs, Duration timeout) {
    return new VerificationRequest(
        DeploymentTarget.of(EnvironmentName.parse("dev")),
        StackName.parse("dev"),
        ImageReference.parse("ghcr.io/acme/shop:sha-1@sha256:" + "a".repeat(64)),
        new StackOutputs(outputs),
        timeout);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private final List<HttpHealthVerifier> made = new ArrayList<>();

  private HttpHealthVerifier verifier() {
    HttpHealthVerifier v = HttpHealthVerifier.builder().pollInterval(Duration.ofMillis(20)).build();
    made.add(v);
    return v;
  }

  @AfterEach
  void closeVerifiers() {
    made.forEach(HttpHealthVerifier::close);
  }

  @Test
  void verify_whenHealthAnswers200_isHealthy() {
    VerificationResult r = verifier().verify(request(Map.of("url", url()), Duration.ofSeconds(5)));
    assertThat(r.outcome()).isEqualTo(VerificationResult.Outcome.HEALTHY);
    assertThat(paths).containsExactly("/health");
  }

  @Test
  void verify_whenOnlyHealthzAnswers_triesItSecond() {
    healthStatus = 404;
    healthzStatus = 204;
    VerificationResult r = verifier().verify(request(Map.of("url", url()), Duration.ofSeconds(5)));
    assertThat(r.outcome()).isEqualTo(VerificationResult.Outcome.HEALTHY);
    assertThat(r.detail()).contains("/healthz").contains("204");
    assertThat(paths).containsExactly("/health", "/healthz");
  }

  @Test
  void verify_pollsUntilHealthy() {
    failuresBeforeHealthy = 3;
    VerificationResult r = verifier().verify(request(Map.of("url", url()), Duration.ofSeconds(5)));
    assertThat(r.passed()).isTrue();
    assertThat(healthAnswers.get()).isEqualTo(4);
  }

  @Test
  void verify_whenNeverHealthy_timesOutWithTheLastAnswer() {
    healthStatus = 500;
    healthzStatus = 500;
    assertThatThrownBy(
            () -> verifier().verify(request(Map.of("url", url()), Duration.ofMillis(300))))
        .isInstanceOf(OperationTimeoutException.class)
        .hasMessageMatching(".*; last: GET .*/healthz? -> 500.*")
        .extracting(e -> ((BatonException) e).hint())
        .isEqualTo(Hints.HEALTH_CHECK_TIMEOUT);
  }

  @Test
  void verify_whenInterrupted_isCancelledAndKeepsTheFlag() {
    healthStatus = 500;
    healthzStatus = 500;
    HttpHealthVerifier verifier = verifier();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () -> verifier.verify(request(Map.of("url", url()), Duration.ofSeconds(5))))
          .isInstanceOf(OperationCancelledException.class)
          .hasMessage("health check of dev was interrupted");
      assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void verify_withoutUrlOutput_isSkipped() {
    VerificationResult r = verifier().verify(request(Map.of(), Duration.ofSeconds(1)));
    assertThat(r.outcome()).isEqualTo(VerificationResult.Outcome.SKIPPED);
    assertThat(r.passed()).isTrue();
    assertThat(paths).isEmpty();
  }

  @Test
  void verify_pausesThePollIntervalBetweenRounds_onTheInjectedSleeper() {
    failuresBeforeHealthy = 2;
    List<Duration> pauses = new ArrayList<>();
    try (HttpHealthVerifier v =
        HttpHealthVerifier.builder()
            .pollInterval(Duration.ofSeconds(5))
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build(new Waits(pauses::add, max -> max))) {
      assertThat(v.verify(request(Map.of("url", url()), Duration.ofMinutes(1))).passed()).isTrue();
    }
    assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  private final List<String> progress = new CopyOnWriteArrayList<>();

  /** The progress lines with the seconds left, which depend on the machine's speed, masked. */
  private List<String> progressLines() {
    return progress.stream().map(l -> l.replaceAll(", \\d+ s left\\)$", ", N s left)")).toList();
  }

  @Test
  void verify_reportsOneProgressLinePerRequest_inOrder() {
    failuresBeforeHealthy = 2;
    VerificationResult r =
        verifier().verify(request(Map.of("url", url()), Duration.ofSeconds(5)), progress::add);

    assertThat(r.passed()).isTrue();
    assertThat(progressLines())
        .containsExactly(
            "GET " + url() + "health -> 503 (attempt 1, N s left)",
            "GET " + url() + "healthz -> 404 (attempt 1, N s left)",
            "GET " + url() + "health -> 503 (attempt 2, N s left)",
            "GET " + url() + "healthz -> 404 (attempt 2, N s left)",
            "GET " + url() + "health -> 200 (attempt 3, N s left)");
  }

  @Test
  void verify_whenTheHostDoesNotResolve_failsAtOnceNamingTheHost() {
    long started = System.nanoTime();
    assertThatThrownBy(
            () ->
                verifier()
                    .verify(
                        request(
                            Map.of("url", "http://baton-health.invalid/"), Duration.ofMinutes(1)),
                        progress::add))
        .isExactlyInstanceOf(ProviderException.class)
        .hasMessage(
            "health check of dev: the host baton-health.invalid of the stack's url output"
                + " http://baton-health.invalid/ does not resolve")
        .satisfies(
            e -> {
              assertThat(((ProviderException) e).isRetryable()).isFalse();
              assertThat(((BatonException) e).hint()).isEqualTo(Hints.HEALTH_CHECK_UNKNOWN_HOST);
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(progressLines())
        .containsExactly(
            "GET http://baton-health.invalid/health"
                + " -> unknown host baton-health.invalid (attempt 1, N s left)");
  }

  @Test
  void verify_whenTheConnectionIsRefused_retriesUntilTheDeadline() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String refused = "http://127.0.0.1:" + closedPort + "/";

    assertThatThrownBy(
            () ->
                verifier()
                    .verify(request(Map.of("url", refused), Duration.ofMillis(300)), progress::add))
        .isInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("last: GET " + refused + "health")
        .hasMessageContaining(" -> ConnectException");
    assertThat(progress)
        .hasSizeGreaterThan(2)
        .allSatisfy(l -> assertThat(l).contains(" -> ConnectException"));
    assertThat(progress.get(progress.size() - 1)).doesNotContain("(attempt 1,");
  }

  @Test
  void verify_neverPrintsTheUserInfoOfTheUrl() {
    String withSecret = url().replace("http://", "http://deployer:s3cret@");
    healthStatus = 500;
    healthzStatus = 500;

    assertThatThrownBy(
            () ->
                verifier()
                    .verify(
                        request(Map.of("url", withSecret), Duration.ofMillis(100)), progress::add))
        .isInstanceOf(OperationTimeoutException.class)
        .message()
        .contains(url())
        .doesNotContain("s3cret")
        .doesNotContain("deployer");
    assertThat(progress)
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).startsWith("GET " + url()).doesNotContain("s3cret"));
  }

  @Test
  void withoutUserInfo_keepsEverythingElse() {
    assertThat(
            HttpHealthVerifier.withoutUserInfo(
                URI.create("https://u:p%40ss@shop.example.com:8443/app/?q=1")))
        .hasToString("https://shop.example.com:8443/app/?q=1");
    URI plain = URI.create("https://shop.example.com/");
    assertThat(HttpHealthVerifier.withoutUserInfo(plain)).isSameAs(plain);
  }

  @Test
  void builder_defaults() {
    try (HttpHealthVerifier v = HttpHealthVerifier.builder().build()) {
      assertThat(v)
          .hasToString(
              "HttpHealthVerifier[paths=[health, healthz], timeout=PT5M,"
                  + " requestTimeout=PT10S, pollInterval=PT5S]");
    }
  }

  @Test
  void verify_givesUpAtTheShorterOfItsTimeoutAndTheRequests() {
    healthStatus = 503;
    healthzStatus = 503;
    assertThat(timeoutOf(verifier(), Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(200));
    try (HttpHealthVerifier v =
        HttpHealthVerifier.builder()
            .pollInterval(Duration.ofMillis(20))
            .timeout(Duration.ofMillis(150))
            .build()) {
      assertThat(timeoutOf(v, Duration.ofHours(1))).isEqualTo(Duration.ofMillis(150));
    }
  }

  private Duration timeoutOf(HttpHealthVerifier v, Duration requestTimeout) {
    Throwable thrown =
        catchThrowable(() -> v.verify(request(Map.of("url", url()), requestTimeout)));
    assertThat(thrown).isInstanceOf(OperationTimeoutException.class);
    return ((OperationTimeoutException) thrown).timeout();
  }

  @Test
  void builder_refusesANonPositiveTimeout() {
    assertThatThrownBy(() -> HttpHealthVerifier.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, got PT0S");
  }

  @Test
  void close_leavesAGivenClientOpen() throws Exception {
    HttpClient mine = HttpClient.newHttpClient();
    HttpHealthVerifier v = HttpHealthVerifier.builder().client(mine).build();
    v.close();

    assertThatThrownBy(() -> v.verify(request(Map.of("url", url()), Duration.ofSeconds(1))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(
            mine.send(
                    HttpRequest.newBuilder(URI.create(url() + "health")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void verify_whenTheServerStallsAfterItsHeaders_failsInTimeSayingSo() {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (RawHttpServer stalling =
            RawHttpServer.start(
                out -> {
                  out.write(RawHttpServer.head(200, "Content-Length: 100"));
                  out.flush();
                  Thread.sleep(60_000);
                });
        HttpHealthVerifier v =
            HttpHealthVerifier.builder()
                .requestTimeout(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .build()) {
      long start = System.nanoTime();
      Throwable thrown =
          assertTimeoutPreemptively(
              Duration.ofSeconds(15),
              () ->
                  catchThrowable(
                      () ->
                          v.verify(
                              request(
                                  Map.of("url", stalling.uri().toString()), Duration.ofSeconds(2)),
                              lines::add)));

      assertThat(thrown).isInstanceOf(OperationTimeoutException.class);
      assertThat(lines).first().asString().contains("did not answer in time");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }
}
