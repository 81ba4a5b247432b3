package com.example.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.Environments;
import dev.baton.Secret;
import dev.baton.github.GitHubEventResolver;
import dev.baton.testkit.TestPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service over real HTTP on a loopback port, driven by {@link HttpClient}, with the pipeline
 * built on the testkit's fakes and handed to the same constructor {@link Wiring} uses.
 */
class WebhookServerTest {
  private static final String SECRET = "test-webhook-secret-0b8f";
  private static final int MAX_BODY = 4096;

  private final TestPipeline baton = TestPipeline.create();
  private final WebhookSignature signature = new WebhookSignature(Secret.of(SECRET));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String> answers = new ArrayList<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream stderr = System.err;
  private WebhookServer server;

  @BeforeEach
  void start() throws IOException {
    // slf4j-simple writes to System.err, looked up at each line: keep a copy of what is logged.
    System.setErr(new PrintStream(new TeeOutputStream(stderr, log), true, StandardCharsets.UTF_8));
    GitHubEventResolver events = GitHubEventResolver.builder(Environments.standard()).build();
    server =
        new WebhookServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                MAX_BODY,
                signature,
                events,
                baton.pipeline())
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    System.setErr(stderr);
    assertThat(answers)
        .as("no answer shows the webhook secret")
        .noneMatch(answer -> answer.contains(SECRET));
    assertThat(log.toString(StandardCharsets.UTF_8))
        .as("the log shows what happened, not the secret")
        .contains("listening on")
        .doesNotContain(SECRET);
  }

  @Test
  void signedPushToMain_isAccepted_withThePlan_andDeploysDev() throws Exception {
    CommitSha commit = baton.pushBuild();

    HttpResponse<String> response = post("push", pushToMain(commit), true);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body())
        .contains(
            "\"event\":", "\"type\":\"deploy\"", "\"environment\":\"dev\"", "\"digest\":\"sha256:");
    server.close(); // waits for the accepted run
    assertThat(baton.deployer().deploys())
        .singleElement()
        .satisfies(
            deploy ->
                assertThat(response.body())
                    .contains(deploy.image().digest().orElseThrow().toString()));
  }

  @Test
  void missingSignature_is401_andNothingRuns() throws Exception {
    CommitSha commit = baton.pushBuild();

    HttpResponse<String> response = post("push", pushToMain(commit), false);

    assertThat(response.statusCode()).isEqualTo(401);
    server.close();
    assertThat(baton.deployer().deploys()).isEmpty();
    assertThat(baton.registry().resolveCalls()).isZero();
  }

  @Test
  void wrongSignature_is401() throws Exception {
    byte[] body = pushToMain(baton.pushBuild());
    String forged = new WebhookSignature(Secret.of("another-secret")).sign(body);

    HttpResponse<String> response =
        send(
            request("push")
                .header(WebhookSignature.HEADER, forged)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void bodyOverTheCap_is413() throws Exception {
    byte[] huge =
        ("{\"padding\": \"" + "x".repeat(MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);

    assertThat(post("push", huge, true).statusCode()).isEqualTo(413);
  }

  static Stream<Arguments> signedDeliveriesThatDeployNothing() {
    return Stream.of(
        Arguments.of("signed bad JSON is 400", "push", "{\"ref\": ", 400, "not valid JSON"),
        Arguments.of(
            "an event that starts nothing is 200, ignored",
            "ping",
            "{\"zen\": \"Keep it simple.\"}",
            200,
            "\"status\":\"ignored\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signedDeliveriesThatDeployNothing")
  void signedDelivery_answersWithoutDeploying(
      String name, String event, String body, int status, String answer) throws Exception {
    HttpResponse<String> response = post(event, body.getBytes(StandardCharsets.UTF_8), true);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).contains(answer);
  }

  @Test
  void rebuiltCommit_is409_andNothingIsDeployed() throws Exception {
    CommitSha commit = baton.pushBuild();
    baton.pipeline().registerBuild(commit);
    baton.pushBuild(commit); // CI built the same commit again: another digest under sha-<commit>

    HttpResponse<String> response = post("push", pushToMain(commit), true);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body()).contains("error");
    server.close();
    assertThat(baton.deployer().deploys()).isEmpty();
  }

  @Test
  void quarantinedDigest_is409_withThePlansGate_andNothingIsDeployed() throws Exception {
    CommitSha commit = baton.pushBuild();
    var digest = baton.pipeline().registerBuild(commit).digest();
    baton.pipeline().quarantine(digest, "alice", "leaks memory");

    HttpResponse<String> response = post("push", pushToMain(commit), true);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(response.body())
        .contains("\"actions\":[]", "\"gates\":[{\"environment\":\"dev\",\"kind\":\"quarantine\"")
        .contains("leaks memory");
    server.close();
    assertThat(baton.deployer().deploys()).isEmpty();
  }

  @Test
  void otherMethodsAndPaths_areRefused() throws Exception {
    assertThat(send(request("push").GET()).statusCode()).isEqualTo(405);
    assertThat(
            send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/webhook/other"))
                    .POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void theSecretIsInNoToString() {
    assertThat(signature.toString()).doesNotContain(SECRET);
    assertThat(server.toString()).doesNotContain(SECRET);
  }

  private HttpResponse<String> post(String event, byte[] body, boolean signed) throws Exception {
    HttpRequest.Builder request = request(event);
    if (signed) {
      request.header(WebhookSignature.HEADER, signature.sign(body));
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private HttpRequest.Builder request(String event) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + WebhookServer.PATH))
        .timeout(Duration.ofSeconds(10))
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        .header("Content-Type", "application/json");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    answers.add(response.headers().map() + " " + response.body());
    return response;
  }

  /** Writes to two streams. */
  private static final class TeeOutputStream extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    TeeOutputStream(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }

  /** What GitHub sends on a push to main, reduced to the fields the resolver reads. */
  private static byte[] pushToMain(CommitSha commit) {
    return ("{\"ref\": \"refs/heads/main\", \"after\": \""
            + commit.value()
            + "\", \"deleted\": false,"
            + " \"repository\": {\"full_name\": \"acme/shop\", \"default_branch\": \"main\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
