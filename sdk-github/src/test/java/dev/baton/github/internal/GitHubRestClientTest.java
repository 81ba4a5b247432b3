package dev.baton.github.internal;

import static dev.baton.github.fake.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.AccessDeniedException;
import dev.baton.BatonException;
import dev.baton.NotFoundException;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.Secret;
import dev.baton.github.Connections;
import dev.baton.github.GitHubConnection;
import dev.baton.github.fake.Fixtures;
import dev.baton.github.fake.ScriptedServer;
import dev.baton.internal.retry.RandomSource;
import dev.baton.internal.retry.Waits;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client against a loopback server answering with GitHub's published example bodies (see
 * {@code src/test/resources/github-api/README.md}).
 */
class GitHubRestClientTest {
  static final Secret TOKEN = Secret.of("ghs_0123456789abcdefTOKENVALUE");
  static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  final ScriptedServer server = new ScriptedServer();
  final List<Duration> sleeps = new ArrayList<>();

  GitHubRestClient client(String prefix) {
    return Connections.restClient(
        Connections.builder(
                server.uri(prefix),
                new Waits(sleeps::add, RandomSource.HIGHEST),
                Clock.fixed(NOW, ZoneOffset.UTC))
            .token(TOKEN));
  }

  /** Settings as users give them, through the connection's builder, waiting with {@code waits}. */
  GitHubConnection.Builder settings(Waits waits) {
    return Connections.builder(server.uri(""), waits, Clock.systemUTC()).token(TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void get_exampleBody_isParsedAndRequestCarriesGitHubHeaders() {
    server.enqueue(json(200, Fixtures.api("get-release-by-tag.json")));

    JsonNode release = client("").get("/repos/octocat/Hello-World/releases/tags/v1.0.0");

    assertThat(release.path("tag_name").asText()).isEqualTo("v1.0.0");
    ScriptedServer.Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/repos/octocat/Hello-World/releases/tags/v1.0.0");
    assertThat(r.header("authorization")).isEqualTo("Bearer " + TOKEN.reveal());
    assertThat(r.header("accept")).isEqualTo("application/vnd.github+json");
    assertThat(r.header("x-github-api-version")).isEqualTo("2022-11-28");
    assertThat(r.header("user-agent")).isEqualTo("baton-sdk");
  }

  @Test
  void post_sendsJsonBody() throws Exception {
    server.enqueue(json(201, Fixtures.api("create-release.json")));

    JsonNode created =
        client("").post("/repos/o/r/releases", Map.of("tag_name", "1.2.0", "draft", true));

    assertThat(created.path("id").asLong()).isEqualTo(1);
    ScriptedServer.Request r = server.requests().get(0);
    assertThat(r.header("content-type")).isEqualTo("application/json");
    assertThat(JSON.readTree(r.body()).path("tag_name").asText()).isEqualTo("1.2.0");
  }

  @Test
  void list_followsLinkHeadersUnderEnterpriseBasePath() throws Exception {
    // GitHub Enterprise Server: the API lives under /api/v3, and Link URLs carry that prefix.
    String base = server.uri("/api/v3").toString();
    server.enqueue(
        json(200, page(1, 2))
            .header(
                "Link",
                "<"
                    + base
                    + "/repos/o/r/releases?per_page=2&page=2>; rel=\"next\", <"
                    + base
                    + "/repos/o/r/releases?per_page=2&page=3>; rel=\"last\""));
    server.enqueue(
        json(200, page(3, 4))
            .header(
                "Link",
                "<"
                    + base
                    + "/repos/o/r/releases?per_page=2&page=1>; rel=\"prev\", <"
                    + base
                    + "/repos/o/r/releases?per_page=2&page=3>; rel=\"next\""));
    server.enqueue(
        json(200, page(5))
            .header("Link", "<" + base + "/repos/o/r/releases?per_page=2&page=2>; rel=\"prev\""));

    List<Long> ids = new ArrayList<>();
    client("/api/v3")
        .list("/repos/o/r/releases?per_page=2")
        .forEach(n -> ids.add(n.get("id").asLong()));

    assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(server.requests())
        .extracting(ScriptedServer.Request::path)
        .containsExactly(
            "/api/v3/repos/o/r/releases?per_page=2",
            "/api/v3/repos/o/r/releases?per_page=2&page=2",
            "/api/v3/repos/o/r/releases?per_page=2&page=3");
  }

  @Test
  void list_stoppedEarly_fetchesNoFurtherPage() throws Exception {
    server.enqueue(
        json(200, page(1, 2))
            .header("Link", "<" + server.uri("") + "/repos/o/r/releases?page=2>; rel=\"next\""));

    JsonNode first = client("").list("/repos/o/r/releases").iterator().next();

    assertThat(first.get("id").asLong()).isEqualTo(1);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void list_nextLinkToAnotherHost_isRefusedAndTokenNotSent() throws Exception {
    server.enqueue(
        json(200, page(1))
            .header("Link", "<https://evil.example/repos/o/r/releases?page=2>; rel=\"next\""));

    assertThatThrownBy(() -> client("").list("/repos/o/r/releases").forEach(n -> {}))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("refusing to send the token");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void get_404_throwsNotFoundAndFindIsEmpty() {
    server.enqueue(json(404, Fixtures.api("error-not-found.json")));
    server.enqueue(json(404, Fixtures.api("error-not-found.json")));

    assertThatThrownBy(() -> client("").get("/repos/o/r/releases/tags/9.9.9"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("GitHub GET /repos/o/r/releases/tags/9.9.9 answered 404: Not Found");
    assertThat(client("").find("/repos/o/r/releases/tags/9.9.9")).isEmpty();
  }

  @Test
  void get_401_throwsAccessDeniedWithoutTheToken() {
    server.enqueue(json(401, Fixtures.api("error-bad-credentials.json")));

    assertThatThrownBy(() -> client("").get("/repos/o/r/releases"))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Bad credentials")
        .satisfies(e -> assertThat(e.toString()).doesNotContain(TOKEN.reveal()));
  }

  @Test
  void post_403WithoutRateLimit_throwsAccessDeniedWithPermissionsHint() {
    server.enqueue(
        json(403, Fixtures.api("error-forbidden.json")).header("x-ratelimit-remaining", "4999"));

    assertThatThrownBy(() -> client("").post("/repos/o/r/releases", Map.of()))
        .isInstanceOfSatisfying(
            AccessDeniedException.class, e -> assertThat(e.hint()).contains("contents: write"))
        .hasMessageContaining("Resource not accessible by integration");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void get_primaryRateLimit_waitsUntilResetThenSucceeds() {
    server.enqueue(
        json(403, Fixtures.api("error-rate-limited.json"))
            .header("x-ratelimit-limit", "5000")
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 42)));
    server.enqueue(json(200, Fixtures.api("list-releases.json")));

    JsonNode body = client("").get("/repos/o/r/releases");

    assertThat(body.isArray()).isTrue();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(43));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void get_primaryRateLimitResettingTooLate_throwsRetryableWithoutWaiting() {
    server.enqueue(
        json(429, Fixtures.api("error-rate-limited.json"))
            .header("x-ratelimit-remaining", "0")
            .header("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 3600)));

    assertThatThrownBy(() -> client("").get("/repos/o/r/releases"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("rate limited for 3601s more")
        .hasMessageContaining("API rate limit exceeded");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void post_secondaryRateLimitWithRetryAfter_waitsAsToldAndRetriesThePost() {
    server.enqueue(
        json(403, Fixtures.api("error-secondary-rate-limit.json")).header("retry-after", "7"));
    server.enqueue(json(201, Fixtures.api("create-deployment.json")));

    JsonNode d = client("").post("/repos/o/r/deployments", Map.of("ref", "main"));

    assertThat(d.path("id").asLong()).isEqualTo(1);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(server.requests())
        .extracting(ScriptedServer.Request::method)
        .containsExactly("POST", "POST");
  }

  @Test
  void get_secondaryRateLimitWithoutRetryAfter_waitsOneMinute() {
    server.enqueue(json(403, Fixtures.api("error-secondary-rate-limit.json")));
    server.enqueue(json(200, "[]"));

    client("").get("/repos/o/r/deployments");

    assertThat(sleeps).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void get_retryAfterWithRealSleeper_actuallyWaits() {
    GitHubRestClient real = Connections.restClient(settings(Waits.SYSTEM));
    server.enqueue(
        json(429, Fixtures.api("error-secondary-rate-limit.json")).header("retry-after", "1"));
    server.enqueue(json(200, "[]"));

    long start = System.nanoTime();
    real.get("/repos/o/r/deployments");

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void get_rateLimitedEveryTime_givesUpAfterMaxRetries() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(
          json(403, Fixtures.api("error-secondary-rate-limit.json")).header("retry-after", "1"));
    }

    assertThatThrownBy(() -> client("").get("/repos/o/r/deployments"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue());
    assertThat(server.requests()).hasSize(4);
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void patch_422_throwsWithGitHubsValidationErrors() {
    server.enqueue(json(422, Fixtures.api("error-validation-failed.json")));

    assertThatThrownBy(() -> client("").patch("/repos/o/r/releases/1", Map.of("tag_name", "1.0")))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("422: Validation Failed [Release tag_name already_exists]");
  }

  @Test
  void get_5xx_backoffIsJitteredBelowTheDoublingCeiling() {
    server.enqueue(json(502, Fixtures.api("error-server.json")));
    server.enqueue(json(502, Fixtures.api("error-server.json")));
    server.enqueue(json(200, Fixtures.api("list-releases.json")));

    try (GitHubRestClient c =
        Connections.restClient(settings(new Waits(sleeps::add, max -> max / 4)))) {
      c.get("/repos/o/r/releases");
    }

    assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void close_leavesAGivenHttpClientOpen() throws Exception {
    java.net.http.HttpClient mine = java.net.http.HttpClient.newHttpClient();
    server.enqueue(json(200, "[]"));
    server.enqueue(json(200, "[]"));
    GitHubRestClient c = Connections.restClient(settings(Waits.SYSTEM).httpClient(mine));
    c.get("/repos/o/r/deployments");
    c.close();

    assertThat(
            mine.send(
                    java.net.http.HttpRequest.newBuilder(server.uri("/x")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void get_5xxThenSuccess_retriesWithExponentialBackoff() {
    server.enqueue(json(502, Fixtures.api("error-server.json")));
    server.enqueue(
        new ScriptedServer.Response(
            503, Map.of("Content-Type", "text/html"), "<html>unicorn</html>"));
    server.enqueue(json(200, Fixtures.api("list-releases.json")));

    client("").get("/repos/o/r/releases");

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void get_5xxEveryTime_throwsRetryableAfterBoundedRetries() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(500, Fixtures.api("error-server.json")));
    }

    assertThatThrownBy(() -> client("").get("/repos/o/r/releases"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("answered 500: Server Error");
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void post_5xx_isNotRetriedBecauseItMayHaveBeenApplied() {
    server.enqueue(json(502, Fixtures.api("error-server.json")));

    assertThatThrownBy(() -> client("").post("/repos/o/r/releases", Map.of()))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue());
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void get_successWithNonJsonBody_throwsNamingTheApiUrl() {
    server.enqueue(
        new ScriptedServer.Response(
            200, Map.of("Content-Type", "text/html"), "<html>GitHub</html>"));

    assertThatThrownBy(() -> client("").get("/repos/o/r/releases"))
        .isInstanceOfSatisfying(BatonException.class, e -> assertThat(e.hint()).contains("api/v3"));
  }

  @Test
  void get_connectionRefused_retriesThenThrowsRetryable() {
    URI dead = server.uri("");
    server.close();
    GitHubRestClient c =
        Connections.restClient(
            Connections.builder(
                    dead, new Waits(sleeps::add, RandomSource.SYSTEM), Clock.systemUTC())
                .token(TOKEN));

    assertThatThrownBy(() -> c.get("/repos/o/r/releases"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue());
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void builder_badScheme_isRejected() {
    assertThatThrownBy(
            () -> Connections.builder(URI.create("ftp://x"), Waits.SYSTEM, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://x");
  }

  /** Elements of list-releases.json with the given ids. */
  static String page(long... ids) throws Exception {
    JsonNode example = JSON.readTree(Fixtures.api("list-releases.json")).get(0);
    ArrayNode out = JSON.createArrayNode();
    for (long id : ids) {
      ObjectNode copy = example.deepCopy();
      copy.put("id", id);
      out.add(copy);
    }
    return JSON.writeValueAsString(out);
  }

  @Test
  void get_whenTheBodyStallsAfterTheHeaders_failsInTimeRetryableNamingTheHostAndLimit() {
    server.enqueue(ScriptedServer.stallingAfterHeaders());
    server.enqueue(ScriptedServer.stallingAfterHeaders());
    GitHubRestClient c =
        Connections.restClient(
            settings(new Waits(sleeps::add, RandomSource.SYSTEM))
                .readTimeout(Duration.ofSeconds(1))
                .maxRetries(1));
    long start = System.nanoTime();

    assertThatThrownBy(() -> c.get("/repos/o/r/releases/1"))
        .isInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("GitHub GET /repos/o/r/releases/1: 127.0.0.1 did not answer in time")
        .hasMessageContaining("its response body did not arrive whole within PT1S (2 attempts)")
        .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isTrue())
        .satisfies(e -> assertThat(e.toString()).doesNotContain(TOKEN.reveal()));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void get_whenTheBodyNeverEnds_isRefusedAtTheLimitWithoutRetry() {
    server.enqueue(ScriptedServer.endlessBody());
    GitHubRestClient c =
        Connections.restClient(
            settings(new Waits(sleeps::add, RandomSource.SYSTEM)).maxResponseBytes(256 * 1024));

    assertThatThrownBy(() -> c.get("/repos/o/r/releases"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("larger than 256 KiB (262144 bytes), the limit")
        .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isFalse());
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void get_retriesStopAtTheCallTimeout() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(503, "{\"message\":\"unavailable\"}"));
    }
    List<Duration> waited = new ArrayList<>();
    GitHubRestClient c =
        Connections.restClient(
            settings(new Waits(waited::add, RandomSource.HIGHEST))
                .maxRetries(4)
                .retryBackoff(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(3)));

    assertThatThrownBy(() -> c.get("/repos/o/r/releases"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("503");
    // 2 s fits in the 3 s; the next wait, 4 s, would outlast them.
    assertThat(waited).containsExactly(Duration.ofSeconds(2));
  }
}
