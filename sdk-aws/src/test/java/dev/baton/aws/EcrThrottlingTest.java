package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.aws.fake.FakeAwsServer.Call;
import dev.baton.aws.fake.TestImages;
import dev.baton.aws.internal.AwsClients;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Throttling: the SDK retries {@code ThrottlingException} (with the module's retry settings), and
 * PutImage calls are spaced client-side; a quota reached ({@code LimitExceededException}) is no
 * throttling and fails at once. The spacing is checked on the arrival times the endpoint recorded,
 * as a lower bound that cannot be met by a limiter that lets calls through early: call {@code k}
 * (0-based, in arrival order) cannot arrive before {@code start + k / rate}.
 */
class EcrThrottlingTest extends EcrTestCase {

  private ResolvedImage build(EcrImageRegistry registry) {
    ecr.push(REPO, "sha-1", TestImages.ociImage());
    return registry.resolve(ref(REPO, "sha-1")).orElseThrow();
  }

  @Test
  void tag_whenThrottledTwice_retriesAndCreates() {
    assertThat(tagWhilePutImageFails(2, 400, "ThrottlingException", "Rate exceeded"))
        .isEqualTo(TagResult.CREATED);
    assertThat(ecr.calls("PutImage")).hasSize(3);
  }

  @Test
  void tag_whenThrottledPastEveryRetry_throwsRetryableProviderException() {
    ProviderException e =
        tagFailsWhilePutImageFails(
            AwsClients.MAX_ATTEMPTS, 400, "ThrottlingException", "Rate exceeded");

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("throttled").contains("ThrottlingException");
    assertThat(ecr.calls("PutImage")).hasSize(AwsClients.MAX_ATTEMPTS);
  }

  @Test
  void tag_whenRepositoryQuotaExceeded_throwsPermanentQuotaErrorWithoutRetry() {
    ProviderException e =
        tagFailsWhilePutImageFails(
            1,
            400,
            "LimitExceededException",
            "The operation did not succeed because it would have exceeded a service limit for your"
                + " account.");

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("service quota")
        .contains("LimitExceededException")
        .doesNotContain("throttled");
    assertThat(e.hint())
        .contains("images per repository")
        .contains("Service Quotas")
        .contains("lifecycle policy");
    assertThat(ecr.calls("PutImage")).hasSize(1);
  }

  @Test
  void tag_whenServerErrorOnce_retriesAndCreates() {
    assertThat(
            tagWhilePutImageFails(
                1,
                500,
                "ServerException",
                "These errors are usually caused by a server-side issue."))
        .isEqualTo(TagResult.CREATED);
    assertThat(ecr.calls("PutImage")).hasSize(2);
  }

  @Test
  void tag_sequentialPutImages_areSpacedByTheRate() {
    double rate = 5;
    try (EcrImageRegistry registry =
        EcrImageRegistry.builder().client(client).putImageRate(rate).build()) {
      ResolvedImage build = build(registry);
      long start = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        assertThat(registry.tag(build, Tag.parse("v" + i))).isEqualTo(TagResult.CREATED);
      }
      assertSpaced(start, rate, 4);
    }
  }

  @Test
  void tag_concurrentPutImages_shareOneLimiterPerAccountAndRegion() throws Exception {
    double rate = 25;
    int tags = 12;
    try (EcrImageRegistry registry =
        EcrImageRegistry.builder().client(client).putImageRate(rate).build()) {
      ResolvedImage build = build(registry);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      long start = System.nanoTime();
      try {
        List<Future<TagResult>> results = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
          Tag tag = Tag.parse("c" + i);
          results.add(pool.submit(() -> registry.tag(build, tag)));
        }
        for (Future<TagResult> result : results) {
          assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(TagResult.CREATED);
        }
      } finally {
        pool.shutdownNow();
      }
      assertSpaced(start, rate, tags);
    }
  }

  /**
   * Tags a freshly pushed build {@code 1.0.0}, through a registry with the module's default retry
   * and rate settings, while the next {@code times} PutImage calls answer HTTP {@code status} with
   * the error {@code code}.
   */
  private TagResult tagWhilePutImageFails(int times, int status, String code, String message) {
    try (EcrImageRegistry defaults = EcrImageRegistry.builder().client(client).build()) {
      ResolvedImage build = build(defaults);
      for (int i = 0; i < times; i++) {
        ecr.failNext("PutImage", status, code, message);
      }
      return defaults.tag(build, Tag.parse("1.0.0"));
    }
  }

  /**
   * What {@link #tagWhilePutImageFails} throws; fails when it throws nothing or the tag was
   * written.
   */
  private ProviderException tagFailsWhilePutImageFails(
      int times, int status, String code, String message) {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> tagWhilePutImageFails(times, status, code, message));
    assertThat(e).isNotNull();
    assertThat(ecr.digestOf(REPO, "1.0.0")).isEmpty();
    return e;
  }

  private void assertSpaced(long start, double rate, int expected) {
    List<Call> puts = ecr.calls("PutImage");
    assertThat(puts).hasSize(expected);
    long interval = Math.round(1_000_000_000d / rate);
    for (int k = 0; k < puts.size(); k++) {
      long earliest = start + k * interval;
      assertThat(puts.get(k).nanoTime())
          .as(
              "PutImage #%d arrived %d ms after start; the limiter allows it from %d ms",
              k, (puts.get(k).nanoTime() - start) / 1_000_000, k * interval / 1_000_000)
          .isGreaterThanOrEqualTo(earliest);
    }
  }
}
