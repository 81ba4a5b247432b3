package dev.baton.flow;

import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import dev.baton.testkit.FakeImageRegistry;
import dev.baton.testkit.TestPipeline;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A tag write counts only if the tag is on the digest afterwards. A registry cannot reveal every
 * race (the distribution API has no conditional write), so these tests play a writer outside
 * Baton's lease who moves the tag between Baton's write and its read-back.
 */
class TagWriteTest {
  private final TestPipeline t = TestPipeline.create();

  /** A registry whose writes of one tag are overtaken by a rival writer, yet answer "created". */
  private static final class Overtaken implements ImageRegistry {
    private final FakeImageRegistry real;
    private final Tag contested;
    private ResolvedImage rival;

    Overtaken(FakeImageRegistry real, Tag contested) {
      this.real = real;
      this.contested = contested;
    }

    @Override
    public Optional<ResolvedImage> resolve(ImageReference reference) {
      return real.resolve(reference);
    }

    @Override
    public TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
      TagResult result = real.tag(image, tag, policy);
      if (tag.equals(contested) && rival != null) {
        real.tag(rival, tag, TagPolicy.ALLOW_MOVE);
      }
      return result;
    }
  }

  @Test
  void releaseTag_overtakenByAnotherWriter_isAConflictNotCreated() {
    CommitSha released = onDev(t);
    Overtaken registry = new Overtaken(t.registry(), Tag.parse("v1.0.0"));
    registry.rival = t.pushBuild(t.pushBuild());

    assertThatThrownBy(
            () -> t.builder().registry(registry).build().run(published("v1.0.0", released)))
        .isInstanceOf(TagConflictException.class)
        .hasMessageContaining("v1.0.0");
    assertThat(t.registry().resolve(TestPipeline.REPOSITORY.withTag(Tag.parse("v1.0.0"))))
        .map(ResolvedImage::digest)
        .contains(registry.rival.digest());
  }

  @Test
  void movingTag_overtakenByAnotherWriter_isARetryableFailureNotSuccess() {
    CommitSha commit = t.pushBuild();
    Overtaken registry = new Overtaken(t.registry(), Tag.parse("latest"));
    registry.rival = t.pushBuild(t.pushBuild());

    assertThatThrownBy(() -> t.builder().registry(registry).build().run(pushToMain(commit)))
        .isInstanceOf(ProviderException.class)
        .matches(e -> ((BatonException) e).isRetryable(), "retryable")
        .hasMessageContaining("latest");
  }
}
