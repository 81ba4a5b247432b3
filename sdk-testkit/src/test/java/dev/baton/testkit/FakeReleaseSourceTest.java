package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.CommitSha;
import dev.baton.ProviderException;
import dev.baton.ReleaseVersion;
import dev.baton.SemanticVersion;
import dev.baton.spi.DraftResult;
import dev.baton.spi.Release;
import org.junit.jupiter.api.Test;

/** The scripting and inspection features of {@link FakeReleaseSource} beyond the contract. */
class FakeReleaseSourceTest {
  private static final CommitSha A = CommitSha.parse("a".repeat(40));
  private static final CommitSha B = CommitSha.parse("b".repeat(40));

  private final FakeReleaseSource source = new FakeReleaseSource();

  @Test
  void draftRelease_first_is010TaggedBareAndNamedWithV() {
    Release draft = source.draftRelease(A).release();

    assertThat(draft.version()).isEqualTo(ReleaseVersion.parse("0.1.0"));
    assertThat(draft.name()).isEqualTo("v0.1.0");
    assertThat(draft.prerelease()).isFalse();
  }

  @Test
  void nextBump_decidesTheVersionAfterThePublishedOne() {
    source.publish(source.draftRelease(A).release().version());

    source.nextBump(SemanticVersion.Bump.PATCH);
    assertThat(source.draftRelease(B).release().version().tag()).isEqualTo("0.1.1");
    source.nextBump(SemanticVersion.Bump.MAJOR);
    DraftResult moved = source.draftRelease(B);

    assertThat(moved.release().version().tag()).isEqualTo("1.0.0");
    assertThat(moved.outcome()).isEqualTo(DraftResult.Outcome.UPDATED);
  }

  @Test
  void tagTemplate_withV_tagsWithV() {
    source.tagTemplate("v$VERSION");

    Release draft = source.draftRelease(A).release();

    assertThat(draft.version().tag()).isEqualTo("v0.1.0");
    assertThat(draft.version().semantic()).contains(new SemanticVersion(0, 1, 0));
  }

  @Test
  void failNext_failsTheNextCallOnceWithoutCreatingADraft() {
    ProviderException failure = ProviderException.retryable("GitHub 502", "retry", null);
    source.failNext(failure);

    assertThatThrownBy(() -> source.draftRelease(A)).isSameAs(failure);
    assertThat(source.creates()).isZero();
    assertThat(source.draftRelease(A).outcome()).isEqualTo(DraftResult.Outcome.CREATED);
    assertThat(source.creates()).isEqualTo(1);
  }

  @Test
  void creates_andReleases_showEveryReleaseEverMade() {
    source.draftRelease(A);
    source.draftRelease(B);
    Release first = source.publish(source.draftRelease(B).release().version());
    source.draftRelease(A);

    assertThat(source.creates()).isEqualTo(2);
    assertThat(source.releases())
        .extracting(Release::version, Release::draft)
        .containsExactly(tuple(first.version(), false), tuple(ReleaseVersion.parse("0.2.0"), true));
  }

  @Test
  void publish_whenUnknownVersion_isRejected() {
    assertThatThrownBy(() -> source.publish(ReleaseVersion.parse("9.9.9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9.9.9");
  }
}
