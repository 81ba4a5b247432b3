package dev.baton.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.testkit.Latches;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LoopbackHttpServerTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Test
  void answersOnLoopback_throughTheHandler_andALongerContextWins() throws Exception {
    try (LoopbackHttpServer server =
        LoopbackHttpServer.start(e -> answer(e, 200, "root " + e.getRequestURI().getPath()))) {
      server.context("/health", e -> answer(e, 503, "down"));

      assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
      assertThat(server.host()).isEqualTo("127.0.0.1:" + server.port());
      HttpResponse<String> root = get(server.uri().resolve("/v2/"));
      assertThat(root.statusCode()).isEqualTo(200);
      assertThat(root.body()).isEqualTo("root /v2/");
      HttpResponse<String> health = get(server.uri().resolve("/health"));
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).isEqualTo("down");
    }
  }

  @Test
  void startedWithoutAHandler_answers404_untilAContextIsGiven() throws Exception {
    try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
      assertThat(get(server.uri().resolve("/token")).statusCode()).isEqualTo(404);

      server.context("/token", e -> answer(e, 200, "issued"));

      HttpResponse<String> token = get(server.uri().resolve("/token?scope=pull"));
      assertThat(token.statusCode()).isEqualTo(200);
      assertThat(token.body()).isEqualTo("issued");
      assertThat(get(server.uri().resolve("/v2/")).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aStallingHandler_holdsUpNeitherOtherRequestsNorClose() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    LoopbackHttpServer server =
        LoopbackHttpServer.start(
            e -> {
              if (e.getRequestURI().getPath().equals("/stall")) {
                stalled.countDown();
                try {
                  Thread.sleep(60_000);
                } catch (InterruptedException interrupted) {
                  Thread.currentThread().interrupt();
                }
              }
              answer(e, 200, "ok");
            });
    URI uri = server.uri();
    http.sendAsync(
        HttpRequest.newBuilder(uri.resolve("/stall")).build(),
        HttpResponse.BodyHandlers.discarding());
    Latches.await(stalled, Duration.ofSeconds(5), "the stalling handler never started");

    assertThat(get(uri.resolve("/other")).body()).isEqualTo("ok");
    long start = System.nanoTime();
    server.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThatThrownBy(() -> get(uri)).isInstanceOf(ConnectException.class);
  }
}
