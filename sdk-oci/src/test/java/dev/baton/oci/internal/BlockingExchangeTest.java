package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.baton.internal.TooLargeException;
import dev.baton.internal.http.BoundedBodies;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits {@link BlockingExchange} keeps, against the JDK's HTTP server on loopback; the
 * registry-level faults (stalls, trickles, endless and oversized bodies) are {@code
 * OciFaultInjectionTest}'s.
 */
class BlockingExchangeTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private LoopbackHttpServer server;
  private URI base;
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);
  private final BlockingExchange exchange = new BlockingExchange(Duration.ofSeconds(5));

  @BeforeEach
  void start() {
    server = LoopbackHttpServer.start();
    server.context(
        "/ok",
        ex -> {
          clientPorts.add(ex.getRemoteAddress().getPort());
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Docker-Content-Digest", "sha256:abc");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.context(
        "/huge-head",
        ex -> {
          // A blob's HEAD: its size, no body.
          ex.getResponseHeaders().add("Content-Length", String.valueOf(10L << 30));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.context(
        "/challenge",
        ex -> {
          ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
          ex.sendResponseHeaders(401, -1);
          ex.close();
        });
    server.context(
        "/hang",
        ex -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.close();
        });
    base = server.uri();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private HttpResponse<byte[]> get(String path, String method) throws Exception {
    return exchange.send(method, base.resolve(path), Map.of(), null, LONG, LONG, 1024, 1024);
  }

  @Test
  void answersAreReadWhole_andConnectionsKeptAlive() throws Exception {
    for (int i = 0; i < 5; i++) {
      HttpResponse<byte[]> r = get("/ok", "GET");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
      assertThat(r.headers().firstValue("docker-content-digest")).contains("sha256:abc");
    }
    assertThat(clientPorts).as("one connection for five requests").hasSize(1);
  }

  @Test
  void headOfALargeBlob_isNotRefusedForItsContentLength() throws Exception {
    HttpResponse<byte[]> r = get("/huge-head", "HEAD");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(10L << 30);
  }

  @Test
  void aBodyOverTheLimit_isRefused() {
    Throwable e =
        catchThrowable(
            () -> exchange.send("GET", base.resolve("/ok"), Map.of(), null, LONG, LONG, 1, 1024));
    assertThat(e).isInstanceOf(TooLargeException.class);
  }

  @Test
  void theJvmsAuthenticator_isNeverAsked() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Authenticator before = Authenticator.getDefault();
    Authenticator.setDefault(
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            asked.incrementAndGet();
            return new PasswordAuthentication("u", "p".toCharArray());
          }
        });
    try {
      HttpResponse<byte[]> r = get("/challenge", "GET");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().allValues("WWW-Authenticate"))
          .isEqualTo(List.of("Basic realm=\"test\""));
      assertThat(asked).hasValue(0);
    } finally {
      Authenticator.setDefault(before);
    }
  }

  @Test
  void noHeadersInTime_isAnHttpTimeout() {
    long start = System.nanoTime();
    Throwable e =
        catchThrowable(
            () ->
                exchange.send(
                    "GET",
                    base.resolve("/hang"),
                    Map.of(),
                    null,
                    Duration.ofMillis(300),
                    LONG,
                    1024,
                    1024));
    assertThat(e).isInstanceOf(HttpTimeoutException.class);
    assertThat(BoundedBodies.limitIn(e)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void anInterruptedCaller_isReleasedAtOnce() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> thrown.set(catchThrowable(() -> get("/hang", "GET"))), "blocked-on-registry");
    t.start();
    Thread.sleep(300);
    long start = System.nanoTime();
    t.interrupt();
    t.join(5_000);
    assertThat(t.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }
}
