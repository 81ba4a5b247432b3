package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.ImageReference;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.oci.support.FaultProxy;
import dev.baton.oci.support.FaultProxy.Fault;
import dev.baton.oci.support.FaultProxy.Kind;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.RegistryFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults injected between the client and a real registry (Debian's {@code docker-registry} with
 * htpasswd Basic auth) by a socket-level proxy. Every fault ends within its limit, short ones set
 * here (1 s per phase, 2 attempts), with a typed error, and the password is never in a message.
 */
class OciFaultInjectionTest {
  @RegisterExtension static final RegistryFixture registry = RegistryFixture.htpasswd();

  private static final Duration LIMIT = Duration.ofSeconds(1);

  /** The longest wait between two attempts, as configured below. */
  private static final Duration MAX_BACKOFF = Duration.ofMillis(100);

  /**
   * How late past its deadline the client's watchdog may cut a request off: the period it looks at
   * the requests under way ({@code BlockingExchange.Watchdog.PERIOD}).
   */
  private static final Duration WATCHDOG_PERIOD = Duration.ofMillis(50);

  /**
   * What a loaded two-core machine adds to the promised time: the watchdog's and the caller's
   * threads get the CPU late while other builds run (runs took 1.8 s and, at a load of 5, 3.8 s
   * more than the promise). Still far below what a fault without a deadline takes: a trickled
   * manifest of some hundred bytes at five bytes a second, or a hang that ends only at the 30 s
   * operation limit.
   */
  private static final Duration LOAD_HEADROOM = Duration.ofSeconds(5);

  private static FaultProxy proxy;
  private static ImageReference image;

  private OciImageRegistry oci;

  @BeforeAll
  static void start() {
    proxy = FaultProxy.start(registry.registry().port());
    image = ImageReference.of(proxy.host(), "faults/app").withTag(Tag.parse("v1"));
    registry.pusher().pushImage(registry.direct(image), Style.OCI, 1);
  }

  @AfterAll
  static void stop() {
    proxy.close();
  }

  @AfterEach
  void closeClient() {
    proxy.reset();
    if (oci != null) {
      oci.close();
    }
  }

  /** A client with short limits that has already learnt the registry's Basic challenge. */
  private OciImageRegistry client(Duration operation, int attempts) {
    proxy.reset();
    oci =
        OciImageRegistry.builder()
            .credentials(
                CredentialsProvider.of(
                    proxy.host(),
                    RegistryCredentials.of(
                        registry.registry().user(), registry.registry().password())))
            .requestTimeout(LIMIT)
            .readTimeout(LIMIT)
            .operationTimeout(operation)
            .maxAttempts(attempts)
            .retryBackoff(Duration.ofMillis(50), MAX_BACKOFF)
            .build();
    assertThat(oci.resolve(image)).isPresent();
    proxy.reset();
    return oci;
  }

  private OciImageRegistry client() {
    return client(Duration.ofSeconds(30), 2);
  }

  /** Resolves through the fault: what it threw, checked for secrets, and how long it took. */
  private <T extends Throwable> Timed<T> failing(OciImageRegistry oci, Class<T> type) {
    long start = System.nanoTime();
    T e = catchThrowableOfType(type, () -> oci.resolve(image));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(e).as("resolve through the fault").isNotNull();
    assertNoSecret(e);
    return new Timed<>(e, took);
  }

  private record Timed<T>(T error, Duration took) {}

  /** A retryable failure saying {@code text}, after {@code requests}, within {@code bound}. */
  private static void assertRetryable(
      Timed<ProviderException> t, String text, int requests, Duration bound) {
    assertThat(t.error()).hasMessageContaining(text);
    assertThat(t.error().isRetryable()).isTrue();
    assertThat(proxy.requests()).hasSize(requests);
    assertThat(t.took()).isLessThan(bound);
  }

  private static void assertNoSecret(Throwable e) {
    String password = registry.registry().password();
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (registry.registry().user() + ":" + password).getBytes(StandardCharsets.UTF_8));
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(password).doesNotContain(basic);
      assertThat(t.toString()).doesNotContain(password).doesNotContain(basic);
      if (t instanceof ProviderException p) {
        assertThat(p.hint()).doesNotContain(password).doesNotContain(basic);
      }
    }
  }

  /**
   * What the client promises for {@code attempts} attempts that each run out one of its limits:
   * each attempt gets its headers within the request limit, then its body within the read limit
   * once the headers are in (a hang never gets that far), cut off within the watchdog's period,
   * with at most the longest backoff between attempts.
   */
  private static Duration promised(Kind kind, int attempts) {
    Duration attempt = kind == Kind.HANG ? LIMIT : LIMIT.plus(LIMIT);
    return attempt
        .plus(WATCHDOG_PERIOD)
        .multipliedBy(attempts)
        .plus(MAX_BACKOFF.multipliedBy(attempts - 1));
  }

  /** Resolves through a fault on every request: a retryable time-out after 2 attempts of 1 s. */
  private Timed<OperationTimeoutException> timingOut(Kind kind) {
    OciImageRegistry oci = client();
    proxy.always(Fault.of(kind));
    Timed<OperationTimeoutException> t = failing(oci, OperationTimeoutException.class);
    assertThat(t.error())
        .hasMessageContaining("http://" + proxy.host() + " did not answer in time")
        .hasMessageContaining("2 attempts")
        .hasMessageNotContaining("could not reach");
    assertThat(t.error().isRetryable()).isTrue();
    assertThat(t.error().timeout()).isEqualTo(LIMIT);
    // Each attempt waited out its limit; none took much longer than the client promises.
    assertThat(t.took()).isBetween(LIMIT.multipliedBy(2), promised(kind, 2).plus(LOAD_HEADROOM));
    return t;
  }

  @Test
  void hangBeforeHeaders_timesOutAfterEachAttemptsLimit() {
    assertThat(timingOut(Kind.HANG).error())
        .hasMessageContaining("no response headers within PT1S");
  }

  @Test
  void stallAfterHeaders_timesOutReadingTheBody() {
    assertThat(timingOut(Kind.STALL_AFTER_HEADERS).error())
        .hasMessageContaining("its response body did not arrive whole within PT1S");
  }

  @Test
  void trickledBody_timesOutReadingTheBody() {
    assertThat(timingOut(Kind.TRICKLE).error())
        .hasMessageContaining("its response body did not arrive whole within PT1S");
  }

  @Test
  void endlessBody_isRefusedAtTheManifestLimitWithoutRetry() {
    OciImageRegistry oci = client();
    proxy.next(Fault.of(Kind.ENDLESS_BODY), 1);
    Timed<ProviderException> t = failing(oci, ProviderException.class);

    assertThat(t.error())
        .isNotInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("larger than 4 MiB (4194304 bytes), the limit");
    assertThat(t.error().isRetryable()).isFalse();
    assertThat(proxy.requests()).hasSize(1);
    assertThat(t.took()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void oversizedBody_isRefusedFromItsContentLengthBeforeReading() {
    OciImageRegistry oci = client();
    proxy.next(Fault.of(Kind.OVERSIZED_BODY), 1);
    Timed<ProviderException> t = failing(oci, ProviderException.class);

    assertThat(t.error()).hasMessageContaining("larger than 4 MiB");
    assertThat(t.error().getCause()).hasMessageContaining("Content-Length 8388608");
    assertThat(t.error().isRetryable()).isFalse();
    assertThat(t.took()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void resetOnce_isRetriedAndSucceeds() {
    OciImageRegistry oci = client();
    proxy.next(Fault.of(Kind.RESET), 1);

    assertThat(oci.resolve(image)).isPresent();
    assertThat(proxy.requests()).hasSize(2);
  }

  @Test
  void resetEveryTime_failsRetryableAfterTheAttempts() {
    OciImageRegistry oci = client();
    proxy.always(Fault.of(Kind.RESET));
    Timed<ProviderException> t = failing(oci, ProviderException.class);

    assertThat(t.error()).hasMessageContaining("could not reach http://" + proxy.host());
    assertThat(t.error().isRetryable()).isTrue();
    // The JDK's client sends a GET whose connection was reset once more by itself.
    assertThat(proxy.requests()).hasSizeBetween(2, 4);
    assertThat(t.took()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void always503_failsRetryableAfterTheAttempts() {
    OciImageRegistry oci = client();
    proxy.always(new Fault(Kind.STATUS, 503, null));
    Timed<ProviderException> t = failing(oci, ProviderException.class);

    assertRetryable(t, "HTTP 503", 2, Duration.ofSeconds(2));
  }

  @Test
  void status429WithRetryAfter_waitsThatLongThenSucceeds() {
    OciImageRegistry oci = client();
    proxy.next(new Fault(Kind.STATUS, 429, "1"), 1);
    long start = System.nanoTime();

    assertThat(oci.resolve(image)).isPresent();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
  }

  @Test
  void retryAfterBeyondTheOperationLimit_failsAtOnceRetryable() {
    OciImageRegistry oci = client(Duration.ofSeconds(2), 4);
    proxy.next(new Fault(Kind.STATUS, 429, "5"), 1);
    Timed<ProviderException> t = failing(oci, ProviderException.class);

    assertRetryable(t, "HTTP 429", 1, Duration.ofSeconds(1));
  }

  @Test
  void manyAttempts_stopAtTheOperationLimit() {
    OciImageRegistry oci = client(Duration.ofMillis(2500), 10);
    proxy.always(Fault.of(Kind.HANG));
    Timed<OperationTimeoutException> t = failing(oci, OperationTimeoutException.class);

    assertThat(t.error())
        .hasMessageContaining("did not answer in time")
        .hasMessageContaining("no time left of the PT2.5S for the request");
    assertThat(t.error().timeout()).isEqualTo(Duration.ofMillis(2500));
    // Ten attempts that each waited out their own timeout would take far longer; the slack above
    // the limit is for a loaded machine, not for another attempt.
    assertThat(t.took()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
  }

  @Test
  void authorizationEchoedInAnErrorBody_isMasked() {
    OciImageRegistry oci = client();
    proxy.next(new Fault(Kind.ECHO_AUTHORIZATION, 400, null), 1);
    Timed<ProviderException> t = failing(oci, ProviderException.class);

    assertThat(t.error()).hasMessageContaining("HTTP 400").hasMessageContaining("Basic ****");
    assertThat(t.took()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void authorizationEchoedInA401_isMaskedInTheAccessDenied() {
    OciImageRegistry oci = client();
    proxy.next(new Fault(Kind.ECHO_AUTHORIZATION, 401, null), 1);
    Timed<ProviderException> t = failing(oci, ProviderException.class);

    assertThat(t.error()).isInstanceOf(dev.baton.AccessDeniedException.class);
    assertThat(t.error()).hasMessageContaining("Basic ****");
  }
}
