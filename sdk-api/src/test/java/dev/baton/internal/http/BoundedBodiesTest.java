package dev.baton.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.internal.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies read against a server that misbehaves after its headers: every read ends within its
 * deadline or its size, with the typed cause.
 */
class BoundedBodiesTest {
  private static final Duration DEADLINE = Duration.ofMillis(500);

  private final HttpClient client = HttpClient.newHttpClient();
  private RawHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private <T> HttpResponse<T> get(HttpResponse.BodyHandler<T> handler) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(5)).build(), handler);
  }

  /** Sends the headers of a 200 with a long body, then nothing more. */
  private static RawHttpServer stallingAfterHeaders() {
    return stallingAfter(1000, "{\"a\":");
  }

  /**
   * Sends the headers of a 200 with a body of {@code length} bytes, then {@code start}, then
   * stalls.
   */
  private static RawHttpServer stallingAfter(long length, String start) {
    return RawHttpServer.start(
        out -> {
          out.write(concat(RawHttpServer.head(200, "Content-Length: " + length), start));
          out.flush();
          Thread.sleep(60_000);
        });
  }

  /** Answers a 200 with {@code body}, whole. */
  private static RawHttpServer answering(String body) {
    return RawHttpServer.start(
        out ->
            out.write(concat(RawHttpServer.head(200, "Content-Length: " + body.length()), body)));
  }

  /** Answers {@code status} with a chunked body that never ends. */
  private static RawHttpServer endless(int status) {
    return RawHttpServer.start(
        out -> {
          out.write(RawHttpServer.head(status, "Transfer-Encoding: chunked"));
          byte[] chunk = ("400\r\n" + "e".repeat(1024) + "\r\n").getBytes();
          while (true) {
            out.write(chunk);
          }
        });
  }

  @Test
  void bytes_whenTheBodyStallsAfterTheHeaders_failsAtTheDeadline() {
    server = stallingAfterHeaders();

    assertFailsAtTheDeadline(() -> get(BoundedBodies.bytes(1 << 20, 1024, DEADLINE)));
  }

  /** The call fails, by the deadline, within a few seconds. */
  private static void assertFailsAtTheDeadline(ThrowingCallable call) {
    assertFailsAt(call, BoundedBodies.DeadlineException.class, "");
  }

  /**
   * The call fails within a few seconds with an IOException whose limit is of type {@code limit}
   * and whose message contains {@code message}.
   */
  private static void assertFailsAt(
      ThrowingCallable call, Class<? extends IOException> limit, String message) {
    long start = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOf(IOException.class)
        .satisfies(e -> assertThat(limit(e)).isInstanceOf(limit).hasMessageContaining(message));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void bytes_whenTheBodyTricklesAByteAtATime_failsAtTheDeadline() {
    server =
        RawHttpServer.start(
            out -> {
              out.write(RawHttpServer.head(200, "Content-Length: 100000"));
              for (int i = 0; i < 100_000; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(20);
              }
            });

    assertFailsAtTheDeadline(() -> get(BoundedBodies.bytes(1 << 20, 1024, DEADLINE)));
  }

  @Test
  void bytes_whenAnOkBodyNeverEnds_failsAtTheSizeLimit() {
    server = endless(200);

    assertFailsAt(
        () -> get(BoundedBodies.bytes(64 * 1024, 1024, Duration.ofSeconds(10))),
        TooLargeException.class,
        "64 KiB (65536 bytes)");
  }

  @Test
  void bytes_whenContentLengthIsOverTheLimit_failsBeforeReading() {
    server = stallingAfter(99_999_999, "");

    assertFailsAt(
        () -> get(BoundedBodies.bytes(1024, 1024, Duration.ofSeconds(30))),
        TooLargeException.class,
        "Content-Length 99999999");
  }

  @Test
  void bytes_anErrorBodyIsCutToItsLimitWithoutFailing() throws Exception {
    server = endless(503);

    HttpResponse<byte[]> r = get(BoundedBodies.bytes(1 << 20, 2048, Duration.ofSeconds(10)));

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).hasSize(2048);
  }

  @Test
  void bytes_aWellBehavedBodyIsReadWhole() throws Exception {
    server = answering("hello");

    assertThat(get(BoundedBodies.bytes(5, 5, DEADLINE)).body()).asString().isEqualTo("hello");
  }

  @Test
  void discarding_whenTheBodyStalls_failsAtTheDeadline() {
    server = stallingAfterHeaders();

    assertFailsAtTheDeadline(() -> get(BoundedBodies.discarding(DEADLINE)));
  }

  @Test
  void stream_aReadBlockedPastTheDeadlineFails() throws Exception {
    server = stallingAfterHeaders();
    long start = System.nanoTime();
    HttpResponse<InputStream> r = get(BoundedBodies.stream(1 << 20, DEADLINE));

    try (InputStream in = r.body()) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(BoundedBodies.DeadlineException.class);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void stream_failsPastItsSizeLimit() throws Exception {
    server = answering("0123456789");
    HttpResponse<InputStream> r = get(BoundedBodies.stream(4, Duration.ofSeconds(5)));

    try (InputStream in = r.body()) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(TooLargeException.class);
    }
  }

  private static IOException limit(Throwable e) {
    return BoundedBodies.limitIn(e).orElseThrow();
  }

  private static byte[] concat(byte[] head, String body) {
    byte[] b = body.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + b.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(b, 0, all, head.length, b.length);
    return all;
  }
}
