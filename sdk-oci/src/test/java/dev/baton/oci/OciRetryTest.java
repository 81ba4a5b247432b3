package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.internal.retry.RandomSource;
import dev.baton.internal.retry.Waits;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.LocalRegistry;
import dev.baton.oci.support.RegistryFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retries, against a real registry behind a proxy that answers the first requests itself with 429,
 * 503 or a dropped connection. Waits are recorded, not slept.
 */
class OciRetryTest {
  @RegisterExtension static final RegistryFixture registry = RegistryFixture.anonymous();
  private static ImageReference image;

  private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void pushImage() {
    image = ImageReference.of(registry.proxy().host(), "retry/app").withTag(Tag.parse("v1"));
    registry.push(image, Style.OCI, 1);
  }

  private OciImageRegistry oci(int attempts) {
    return OciImageRegistry.builder()
        .maxAttempts(attempts)
        .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
        .maxRetryAfter(Duration.ofSeconds(30))
        .build(new Waits(waits::add, RandomSource.LOWEST));
  }

  @Test
  void resolve_when429WithRetryAfter_waitsThatLongThenSucceeds() {
    resolveThrough(429, "7", 1, 4);
    assertThat(waits).containsExactly(Duration.ofSeconds(7));
    assertThat(registry.requests()).hasSize(2);
  }

  @Test
  void resolve_when503Twice_backsOffWithJitterThenSucceeds() {
    resolveThrough(503, null, 2, 4);
    assertThat(waits).hasSize(2);
    // Equal jitter, at its floor: half of 100 ms, then half of 200 ms.
    assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void resolve_whenAlways503_givesUpAfterMaxAttemptsWithARetryableError() {
    ProviderException e = resolveFailing(503, null, 3, 3);

    assertThat(e).hasMessageContaining("HTTP 503").hasMessageContaining("repository retry/app");
    assertThat(e.isRetryable()).isTrue();
    assertThat(registry.requests()).hasSize(3);
  }

  @Test
  void resolve_whenConnectionDropped_retriesAndSucceeds() {
    resolveThrough(0, null, 1, 3);
    assertThat(registry.requests()).hasSize(2);
  }

  @Test
  void resolve_whenRetryAfterExceedsTheCap_failsAtOnceRetryable() {
    ProviderException e = resolveFailing(429, "3600", 1, 4);

    assertThat(e).hasMessageContaining("HTTP 429");
    assertThat(e.isRetryable()).isTrue();
    assertThat(waits).isEmpty();
    assertThat(registry.requests()).hasSize(1);
  }

  @Test
  void resolve_whenRegistryUnreachable_throwsRetryableNamingTheRegistry() throws Exception {
    int closed = LocalRegistry.freePort();
    ImageReference nowhere =
        ImageReference.of("127.0.0.1:" + closed, "retry/app").withTag(Tag.parse("v1"));
    try (OciImageRegistry oci = oci(2)) {
      assertThatThrownBy(() -> oci.resolve(nowhere))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("registry 127.0.0.1:" + closed)
          .hasMessageContaining("could not reach")
          .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isTrue())
          .satisfies(e -> assertThat(((ProviderException) e).hint()).contains("nothing answers"));
    }
    assertThat(waits).hasSize(1);
  }

  @Test
  void resolve_overHttpsToAPlainHttpRegistry_failsWithoutRetryAndSaysHowToOptIn() {
    ImageReference ref = ImageReference.of(registry.host(), "retry/app").withTag(Tag.parse("v1"));
    try (OciImageRegistry oci =
        OciImageRegistry.builder()
            .plainHttpForLoopback(false)
            .build(new Waits(waits::add, RandomSource.LOWEST))) {
      assertThatThrownBy(() -> oci.resolve(ref))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("https://" + registry.host())
          .satisfies(e -> assertThat(((ProviderException) e).hint()).contains("plainHttp"));
    }
    assertThat(waits).isEmpty();
  }

  @Test
  void resolve_withExplicitPlainHttpOptIn_worksWithLoopbackDefaultOff() {
    ImageReference ref = ImageReference.of(registry.host(), "retry/app").withTag(Tag.parse("v1"));
    try (OciImageRegistry oci =
        OciImageRegistry.builder().plainHttpForLoopback(false).plainHttp(registry.host()).build()) {
      assertThat(oci.resolve(ref)).isPresent();
    }
  }

  /**
   * The proxy answers the next {@code times} requests with {@code status} (0: drops the connection)
   * and {@code retryAfter}; resolving with at most {@code attempts} then succeeds.
   */
  private void resolveThrough(int status, String retryAfter, int times, int attempts) {
    registry.proxy().failNext(status, retryAfter, times);
    try (OciImageRegistry oci = oci(attempts)) {
      assertThat(oci.resolve(image)).isPresent();
    }
  }

  /** As {@link #resolveThrough}, but resolving fails: with what it throws. */
  private ProviderException resolveFailing(int status, String retryAfter, int times, int attempts) {
    registry.proxy().failNext(status, retryAfter, times);
    try (OciImageRegistry oci = oci(attempts)) {
      return catchThrowableOfType(ProviderException.class, () -> oci.resolve(image));
    }
  }
}
