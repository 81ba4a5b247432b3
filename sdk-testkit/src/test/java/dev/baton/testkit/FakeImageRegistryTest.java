package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import org.junit.jupiter.api.Test;

/** The scripting and inspection features of {@link FakeImageRegistry} beyond the contract. */
class FakeImageRegistryTest {
  private static final ImageReference REPO =
      ImageReference.parse("registry.example.test/acme/shop");

  private final FakeImageRegistry registry = new FakeImageRegistry();

  @Test
  void failNext_throwsOnceOnTheNextCallThenWorks() {
    registry.pushImage(REPO.withTag(Tag.parse("build")));
    ProviderException outage =
        ProviderException.retryable("registry unavailable", "retry later", null);
    registry.failNext(outage);

    assertThatThrownBy(() -> registry.resolve(REPO.withTag(Tag.parse("build")))).isSameAs(outage);
    assertThat(registry.resolve(REPO.withTag(Tag.parse("build")))).isPresent();
  }

  @Test
  void failNext_whenSeveralQueued_throwsThemInOrderOnTagAndResolve() {
    ResolvedImage image = registry.pushImage(REPO.withTag(Tag.parse("build")));
    AccessDeniedException denied = new AccessDeniedException("denied", "check the role", null);
    NotFoundException missing = NotFoundException.image(REPO.withTag(Tag.parse("x")));
    registry.failNext(denied).failNext(missing);

    assertThatThrownBy(() -> registry.tag(image, Tag.parse("1.0.0"))).isSameAs(denied);
    assertThatThrownBy(() -> registry.resolve(REPO.withTag(Tag.parse("build")))).isSameAs(missing);
    assertThat(registry.tag(image, Tag.parse("1.0.0"))).isEqualTo(TagResult.CREATED);
    assertThat(registry.tagWrites()).hasSize(1);
  }

  @Test
  void tagCalls_recordEveryCallInOrder_tagWritesOnlyTheWrites_neitherConflicts() {
    ResolvedImage a = registry.pushImage(REPO.withTag(Tag.parse("a")));
    ResolvedImage b = registry.pushImage(REPO.withTag(Tag.parse("b")));

    registry.tag(a, Tag.parse("1.0.0"));
    registry.tag(a, Tag.parse("1.0.0"));
    registry.tag(a, Tag.parse("latest"), TagPolicy.ALLOW_MOVE);
    registry.tag(b, Tag.parse("latest"), TagPolicy.ALLOW_MOVE);
    assertThatThrownBy(() -> registry.tag(b, Tag.parse("1.0.0")))
        .isInstanceOf(TagConflictException.class);

    var created = write("1.0.0", a, TagResult.CREATED);
    var checked = write("1.0.0", a, TagResult.ALREADY_PRESENT);
    var latest = write("latest", a, TagResult.CREATED);
    var moved = write("latest", b, TagResult.MOVED);
    assertThat(registry.tagCalls()).containsExactly(created, checked, latest, moved);
    assertThat(registry.tagWrites()).containsExactly(created, latest, moved);
  }

  private static FakeImageRegistry.TagWrite write(String tag, ResolvedImage image, TagResult r) {
    return new FakeImageRegistry.TagWrite(REPO.withTag(Tag.parse(tag)), image.digest(), r);
  }

  @Test
  void pushImage_twiceUnderOneTag_isARebuildWithANewDigest() {
    ImageReference build = REPO.withTag(Tag.parse("sha-1234567"));
    ResolvedImage first = registry.pushImage(build);

    ResolvedImage second = registry.pushImage(build);

    assertThat(second.digest()).isNotEqualTo(first.digest());
    assertThat(registry.digestOf(build)).contains(second.digest());
    assertThat(registry.resolve(REPO.withDigest(first.digest()))).isPresent();
  }

  @Test
  void pushImage_withoutTag_isRejected() {
    assertThatThrownBy(() -> registry.pushImage(REPO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(REPO.toString());
  }

  @Test
  void tag_whenImageFromElsewhere_isRejected() {
    ResolvedImage foreign = new FakeImageRegistry().pushImage(REPO.withTag(Tag.parse("a")));

    assertThatThrownBy(() -> registry.tag(foreign, Tag.parse("1.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in this registry");
    assertThat(registry.tagWrites()).isEmpty();
  }

  @Test
  void resolveCalls_countsEveryResolveIncludingFailedOnes() {
    registry.failNext(ProviderException.retryable("down", "retry", null));

    assertThatThrownBy(() -> registry.resolve(REPO.withTag(Tag.parse("a"))))
        .isInstanceOf(ProviderException.class);
    registry.resolve(REPO.withTag(Tag.parse("a")));

    assertThat(registry.resolveCalls()).isEqualTo(2);
  }

  @Test
  void digestOf_whenTagMissing_isEmpty() {
    assertThat(registry.digestOf(REPO.withTag(Tag.parse("nope")))).isEmpty();
  }
}
