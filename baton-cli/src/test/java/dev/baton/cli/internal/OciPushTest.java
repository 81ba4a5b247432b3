package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import dev.baton.ImageReference;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's push reads a registry's answers within the SDK's limits: a local server that sends an
 * endless body, or headers and then nothing, ends the push with the typed error naming the limit,
 * within seconds.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OciPushTest {
  private static final ImageReference IMAGE = ImageReference.parse("localhost/acme/shop:sha-1");

  private final LoopbackHttpServer server = LoopbackHttpServer.start();
  private final AtomicLong sent = new AtomicLong();

  @AfterEach
  void stop() {
    server.close();
  }

  private OciPush push() {
    URI base = URI.create("http://" + server.host());
    return new OciPush(
        base,
        Providers.RegistryAccess.from(true, RuntimeEnvironment.of(Map.of())),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1));
  }

  /** {@return what the push threw, after checking it gave up in less than 5 seconds} */
  private Throwable pushFailsWithinSeconds() {
    long start = System.nanoTime();
    Throwable e = catchThrowable(() -> push().pushImage(IMAGE));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    return e;
  }

  /** Answers the upload's start with 202 and a chunked body that never ends. */
  private void endless(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Location", "/v2/acme/shop/blobs/uploads/1");
    exchange.sendResponseHeaders(202, 0);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = exchange.getResponseBody()) {
      while (!Thread.currentThread().isInterrupted()) {
        out.write(chunk);
        sent.addAndGet(chunk.length);
      }
    } catch (IOException closedByTheClient) {
      // the push gave up on the body: what this test wants
    }
  }

  @Test
  void push_whenTheRegistrySendsAnEndlessBody_failsAtTheSizeLimit() {
    server.context("/v2/", this::endless);
    Throwable e = pushFailsWithinSeconds();

    assertThat(e)
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("start a blob upload")
        .hasMessageContaining("larger than 4 MiB (4194304 bytes), the limit");
    assertThat(((ProviderException) e).isRetryable()).isFalse();
  }

  @Test
  void push_whenTheBodyStallsAfterTheHeaders_failsAtTheReadDeadline() {
    server.context(
        "/v2/",
        exchange -> {
          exchange.sendResponseHeaders(202, 100);
          exchange.getResponseBody().write('{');
          exchange.getResponseBody().flush();
          try {
            Thread.sleep(20_000);
          } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    Throwable e = pushFailsWithinSeconds();

    assertThat(e)
        .isInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("did not answer in time")
        .hasMessageContaining("its response body did not arrive whole within 1s");
    assertThat(((OperationTimeoutException) e).timeout()).isEqualTo(Duration.ofSeconds(1));
  }
}
