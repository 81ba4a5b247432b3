package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.TagWriter;
import dev.baton.aws.bench.EcrPromotionBench;
import dev.baton.aws.fake.FakeAwsServer.Call;
import dev.baton.aws.fake.TestImages;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a promotion costs in ECR calls when it goes the way {@code baton promote} sends it: the
 * source read once, then each tag through a {@link TagWriter} (the registry's check and write, then
 * the tag read back). Counted at the in-test ECR endpoint.
 */
class EcrPromotionCallsTest extends EcrTestCase {
  private static final int BATCH = 300;
  private static final int PACED = 50;

  private ResolvedImage source() {
    return pushed("sha-1", TestImages.ociImage());
  }

  @Test
  void write_newTag_isCheckPutAndReadBack_andARerunIsTheCheckAlone() {
    ResolvedImage build = source();
    TagWriter writer = TagWriter.builder(registry).build();
    ImageReference release = ref(REPO, "1.0.0");
    ecr.clearCalls();

    assertThat(writer.write(build, release, TagPolicy.NO_CLOBBER, line -> {}))
        .isEqualTo(TagResult.CREATED);
    assertThat(ecr.calls())
        .extracting(Call::operation)
        .containsExactly("BatchGetImage", "PutImage", "BatchGetImage");
    ecr.clearCalls();

    assertThat(writer.write(build, release, TagPolicy.NO_CLOBBER, line -> {}))
        .isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(ecr.calls()).extracting(Call::operation).containsExactly("BatchGetImage");
  }

  /**
   * A batch of 300 tags, 8 at a time (the command's default), PutImage unthrottled: one PutImage
   * per tag, and two image ids looked up per tag (the check and the read-back) in calls of at most
   * 100 ids; lookups that overlap share calls, so there are at most as many calls as ids.
   */
  @Test
  void batchOf300_eightAtATime_onePutImageAndTwoLookedUpIdsPerTag() {
    EcrPromotionBench.Batch batch = EcrPromotionBench.batch(registry, ecr, BATCH, 8, "b");

    assertThat(batch.putImages()).isEqualTo(BATCH);
    assertThat(batch.imageIds()).isEqualTo(2 * BATCH);
    assertThat(batch.largest()).isBetween(1, 100);
    assertThat(batch.batchGetImages()).isBetween(2 * BATCH / 100, 2 * BATCH);
    assertThat(ecr.calls()).hasSize(batch.putImages() + batch.batchGetImages());
    System.out.println("ECR, PutImage unthrottled: " + batch);
  }

  /**
   * At the default rate (ECR's quota, 10 per second), 50 PutImage calls in a row are spaced by
   * exactly 100 ms on the limiter's clock: 4.9 s from the first to the last, none waited for in
   * real time here.
   */
  @Test
  void defaultPacing_putImageCallsAreExactly100msApart_onTheInjectedClock() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    List<Long> sleeps = new ArrayList<>();
    List<Long> putTimes = new ArrayList<>();
    try (EcrImageRegistry paced =
        EcrImageRegistry.builder()
            .client(client)
            .pacing(
                now::get,
                nanos -> {
                  sleeps.add(nanos);
                  now.addAndGet(nanos);
                })
            .build()) {
      ecr.push(REPO, "sha-1", TestImages.ociImage());
      ResolvedImage build = paced.resolve(ref(REPO, "sha-1")).orElseThrow();
      for (int i = 0; i < PACED; i++) {
        ecr.beforeNextPutImage(() -> putTimes.add(now.get()));
        assertThat(paced.tag(build, Tag.parse("p" + i))).isEqualTo(TagResult.CREATED);
      }
    }

    assertThat(sleeps).hasSize(PACED - 1).containsOnly(100_000_000L);
    assertThat(putTimes).hasSize(PACED);
    for (int k = 1; k < PACED; k++) {
      assertThat(putTimes.get(k) - putTimes.get(k - 1)).isEqualTo(100_000_000L);
    }
    assertThat(putTimes.get(PACED - 1) - putTimes.get(0)).isEqualTo(4_900_000_000L);
  }
}
