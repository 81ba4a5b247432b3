package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ImageRegistry} must show, as an abstract JUnit 5 suite. A provider's
 * test extends it and supplies the registry, fresh repositories and a way to push images:
 *
 * <pre>{@code
 * class MyRegistryContractTest extends ImageRegistryContract {
 *   protected ImageRegistry registry() { return registry; }
 *   protected ImageReference newRepository() { return ImageReference.of(host, "t/" + UUID...); }
 *   protected ResolvedImage pushImage(ImageReference ref) { ... }
 *   protected ResolvedImage pushIndex(ImageReference ref) { ... }
 *   protected ResolvedImage pushIndexWithAttestations(ImageReference ref) { ... } // optional
 * }
 * }</pre>
 *
 * Each test works in its own repository from {@link #newRepository()}, so a shared registry is
 * fine.
 */
public abstract class ImageRegistryContract {
  /** How many threads race to write the same tag. */
  private static final int RACERS = 6;

  /** For subclasses. */
  protected ImageRegistryContract() {}

  /**
   * The registry under test; called at the start of every test.
   *
   * @return the registry
   */
  protected abstract ImageRegistry registry();

  /**
   * A fresh repository for this test (registry host + unique repository path, no tag, no digest).
   *
   * @return a repository no other test uses
   */
  protected abstract ImageReference newRepository();

  /**
   * Pushes, by the implementation's own means, a NEW single-platform image whose content is unique
   * to this call, under reference's tag (reference = repository + tag).
   *
   * @param reference repository and tag
   * @return the image as {@link ImageRegistry#resolve} would return it
   */
  protected abstract ResolvedImage pushImage(ImageReference reference);

  /**
   * Same as {@link #pushImage} for a new two-platform index (linux/amd64 and linux/arm64).
   *
   * @param reference repository and tag
   * @return the index as {@link ImageRegistry#resolve} would return it
   */
  protected abstract ResolvedImage pushIndex(ImageReference reference);

  /**
   * Pushes, by the implementation's own means, a NEW index as {@code docker buildx build --push}
   * writes it with provenance on: linux/amd64 and linux/arm64 images plus, for each, an attestation
   * manifest listed with platform {@code unknown/unknown} and the annotation {@code
   * vnd.docker.reference.type: attestation-manifest}. The default aborts the test that needs it, so
   * that existing suites keep compiling; every Baton provider overrides it.
   *
   * @param reference repository and tag
   * @return the index as {@link ImageRegistry#resolve} would return it
   */
  protected ResolvedImage pushIndexWithAttestations(ImageReference reference) {
    return Assumptions.abort("this suite pushes no index with attestation manifests");
  }

  // ---- resolve -------------------------------------------------------------------------------

  /** A tag that was never pushed resolves to nothing. */
  @Test
  public void resolve_whenTagMissing_isEmpty() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    pushImage(repo.withTag(Tag.parse("present")));

    assertThat(registry.resolve(repo.withTag(Tag.parse("absent")))).isEmpty();
  }

  /** A repository that does not exist is "not found", not an error. */
  @Test
  public void resolve_whenRepositoryMissing_isEmpty() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();

    assertThat(registry.resolve(repo.withTag(Tag.parse("latest")))).isEmpty();
  }

  /** A digest that the repository does not hold resolves to nothing. */
  @Test
  public void resolve_whenDigestMissing_isEmpty() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    pushImage(repo.withTag(Tag.parse("present")));
    Digest unknown =
        Digest.sha256("not a manifest in this repository".getBytes(StandardCharsets.UTF_8));

    assertThat(registry.resolve(repo.withDigest(unknown))).isEmpty();
  }

  /** A pushed image resolves by its tag and by its digest, to the same digest and media type. */
  @Test
  public void resolve_pushedImage_byTagAndByDigest_givesSameDigestAndMediaType() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ImageReference ref = repo.withTag(Tag.parse("sha-1111111"));
    ResolvedImage pushed = pushImage(ref);

    ResolvedImage byTag = registry.resolve(ref).orElseThrow();
    ResolvedImage byDigest = registry.resolve(repo.withDigest(pushed.digest())).orElseThrow();

    assertThat(byTag.digest()).isEqualTo(pushed.digest());
    assertThat(byTag.mediaType())
        .isEqualTo(pushed.mediaType())
        .isIn(ResolvedImage.MANIFEST_MEDIA_TYPES);
    assertThat(byTag.isIndex()).isFalse();
    assertThat(byTag.reference().repositoryOnly()).isEqualTo(repo.repositoryOnly());
    assertThat(byDigest.digest()).isEqualTo(pushed.digest());
    assertThat(byDigest.mediaType()).isEqualTo(pushed.mediaType());
    byTag.manifest().ifPresent(bytes -> assertThat(pushed.digest().matches(bytes)).isTrue());
  }

  /**
   * Attestation entries are not platforms: an index's {@link ResolvedImage#platforms()} are its
   * images' only, on resolve and after a retag, while its bytes and digest stay those pushed.
   */
  @Test
  public void resolve_whenIndexHasAttestations_platformsLeaveThemOut() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ImageReference build = repo.withTag(Tag.parse("sha-0000004"));
    ResolvedImage pushed = pushIndexWithAttestations(build);

    ResolvedImage resolved = registry.resolve(build).orElseThrow();

    assertThat(resolved.digest()).isEqualTo(pushed.digest());
    assertThat(resolved.isIndex()).isTrue();
    assertThat(resolved.platforms())
        .extracting(Platform::os, Platform::architecture)
        .containsExactly(tuple("linux", "amd64"), tuple("linux", "arm64"));
    resolved
        .manifest()
        .ifPresent(
            bytes -> {
              assertThat(pushed.digest().matches(bytes)).isTrue();
              assertThat(new String(bytes, StandardCharsets.UTF_8))
                  .contains("attestation-manifest");
            });
    ResolvedImage retagged = tagAnew(registry, resolved, repo.withTag(Tag.parse("9.0.0")), pushed);
    assertThat(retagged.platforms()).isEqualTo(resolved.platforms());
  }

  /** Tag and digest together resolve only when the tag points at that digest. */
  @Test
  public void resolve_whenTagAndDigest_matchesOnlyTheTaggedDigest() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ResolvedImage a = pushImage(repo.withTag(Tag.parse("a")));
    ResolvedImage b = pushImage(repo.withTag(Tag.parse("b")));
    assertThat(b.digest()).as("pushImage must push unique content").isNotEqualTo(a.digest());

    assertResolvesTo(registry, repo.withTag(Tag.parse("a")).withDigest(a.digest()), a);
    assertThat(registry.resolve(repo.withTag(Tag.parse("a")).withDigest(b.digest()))).isEmpty();
  }

  // ---- currentDigest -------------------------------------------------------------------------

  /** A missing tag, digest or repository has no current digest. */
  @Test
  public void currentDigest_whenTagDigestOrRepositoryMissing_isEmpty() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    assertThat(registry.currentDigest(repo.withTag(Tag.parse("latest")))).isEmpty();
    pushImage(repo.withTag(Tag.parse("present")));
    Digest unknown =
        Digest.sha256("not a manifest in this repository".getBytes(StandardCharsets.UTF_8));

    assertThat(registry.currentDigest(repo.withTag(Tag.parse("absent")))).isEmpty();
    assertThat(registry.currentDigest(repo.withDigest(unknown))).isEmpty();
  }

  /**
   * The digest a tag names follows every write of it, created then moved; with a digest too, it is
   * that digest only while the tag points at it.
   */
  @Test
  public void currentDigest_followsTheTag_asResolveDoes() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ResolvedImage a = pushImage(repo.withTag(Tag.parse("a")));
    ResolvedImage b = pushImage(repo.withTag(Tag.parse("b")));
    ImageReference latest = repo.withTag(Tag.parse("latest"));

    registry.tag(a, Tag.parse("latest"));
    assertThat(registry.currentDigest(latest)).contains(a.digest());
    registry.tag(b, Tag.parse("latest"), TagPolicy.ALLOW_MOVE);

    assertThat(registry.currentDigest(latest))
        .contains(b.digest())
        .isEqualTo(registry.resolve(latest).map(ResolvedImage::digest));
    assertThat(registry.currentDigest(repo.withDigest(a.digest()))).contains(a.digest());
    // Tag and digest together name the digest only when the tag points at it, as in resolve.
    assertThat(registry.currentDigest(latest.withDigest(b.digest()))).contains(b.digest());
    assertThat(registry.currentDigest(latest.withDigest(a.digest()))).isEmpty();
  }

  // ---- tag -----------------------------------------------------------------------------------

  /** A new tag is created and names the same digest; the original tag is untouched. */
  @Test
  public void tag_whenTagNew_createsItAtTheSameDigest() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ImageReference build = repo.withTag(Tag.parse("sha-2222222"));
    ResolvedImage pushed = pushImage(build);

    TagResult result = registry.tag(registry.resolve(build).orElseThrow(), Tag.parse("1.2.3"));

    assertThat(result).isEqualTo(TagResult.CREATED);
    assertResolvesToSameImage(registry, repo.withTag(Tag.parse("1.2.3")), pushed);
    assertResolvesTo(registry, build, pushed);
  }

  /** Writing a tag that already names the digest is a no-op, under either policy. */
  @Test
  public void tag_whenTagAlreadyAtDigest_isAlreadyPresent() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ResolvedImage pushed = pushImage(repo.withTag(Tag.parse("sha-3333333")));
    Tag release = Tag.parse("1.0.0");
    assertThat(registry.tag(pushed, release)).isEqualTo(TagResult.CREATED);

    assertThat(registry.tag(pushed, release, TagPolicy.NO_CLOBBER))
        .isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(registry.tag(pushed, release, TagPolicy.ALLOW_MOVE))
        .isEqualTo(TagResult.ALREADY_PRESENT);
    assertResolvesTo(registry, repo.withTag(release), pushed);
  }

  /** Retagging the original tag itself is also a no-op. */
  @Test
  public void tag_whenSameTagAsResolved_isAlreadyPresent() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    Tag build = Tag.parse("sha-4444444");
    ResolvedImage pushed = pushImage(repo.withTag(build));

    assertThat(registry.tag(pushed, build)).isEqualTo(TagResult.ALREADY_PRESENT);
  }

  /** NO_CLOBBER refuses to move a tag, says which digests clash, and leaves the tag alone. */
  @Test
  public void tag_whenTagPointsElsewhere_throwsConflictAndLeavesTag() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ResolvedImage first = pushImage(repo.withTag(Tag.parse("sha-aaaaaaa")));
    ResolvedImage second = pushImage(repo.withTag(Tag.parse("sha-bbbbbbb")));
    assertThat(second.digest())
        .as("pushImage must push unique content")
        .isNotEqualTo(first.digest());
    Tag release = Tag.parse("2.0.0");
    assertThat(registry.tag(first, release)).isEqualTo(TagResult.CREATED);

    TagConflictException e =
        catchThrowableOfType(
            TagConflictException.class, () -> registry.tag(second, release, TagPolicy.NO_CLOBBER));

    assertThat(e).as("NO_CLOBBER over another digest must throw TagConflictException").isNotNull();
    assertThat(e.existing()).isEqualTo(first.digest());
    assertThat(e.wanted()).isEqualTo(second.digest());
    assertThat(e.image().tag()).contains(release);
    assertThat(e.image().repositoryOnly()).isEqualTo(repo.repositoryOnly());
    assertResolvesTo(registry, repo.withTag(release), first);
  }

  /** The two-argument tag is NO_CLOBBER. */
  @Test
  public void tag_withoutPolicy_whenTagPointsElsewhere_throwsConflict() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ResolvedImage first = pushImage(repo.withTag(Tag.parse("one")));
    ResolvedImage second = pushImage(repo.withTag(Tag.parse("two")));
    Tag release = Tag.parse("3.0.0");
    registry.tag(first, release);

    TagConflictException e =
        catchThrowableOfType(TagConflictException.class, () -> registry.tag(second, release));

    assertThat(e).isNotNull();
    assertResolvesTo(registry, repo.withTag(release), first);
  }

  /** ALLOW_MOVE moves a tag to the new digest. */
  @Test
  public void tag_whenAllowMoveAndTagPointsElsewhere_movesIt() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ResolvedImage first = pushImage(repo.withTag(Tag.parse("sha-ccccccc")));
    ResolvedImage second = pushImage(repo.withTag(Tag.parse("sha-ddddddd")));
    Tag latest = Tag.parse("latest");
    assertThat(registry.tag(first, latest, TagPolicy.ALLOW_MOVE)).isEqualTo(TagResult.CREATED);

    TagResult result = registry.tag(second, latest, TagPolicy.ALLOW_MOVE);

    assertThat(result).isEqualTo(TagResult.MOVED);
    assertResolvesTo(registry, repo.withTag(latest), second);
    assertThat(registry.resolve(repo.withDigest(first.digest())))
        .as("moving a tag must not delete the manifest it pointed at")
        .isPresent();
  }

  /** An index is tagged whole: same digest, still an index, every platform. */
  @Test
  public void tag_whenIndex_keepsDigestMediaTypeAndPlatforms() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ImageReference build = repo.withTag(Tag.parse("sha-eeeeeee"));
    ResolvedImage pushed = pushIndex(build);
    ResolvedImage resolved = registry.resolve(build).orElseThrow();
    assertThat(resolved.isIndex()).isTrue();

    ResolvedImage retagged = tagAnew(registry, resolved, repo.withTag(Tag.parse("4.0.0")), pushed);

    assertThat(retagged.mediaType()).isEqualTo(pushed.mediaType());
    assertThat(retagged.isIndex()).isTrue();
    assertThat(retagged.platforms()).containsExactlyInAnyOrderElementsOf(resolved.platforms());
    assertThat(retagged.platforms())
        .extracting(Platform::os, Platform::architecture)
        .contains(tuple("linux", "amd64"), tuple("linux", "arm64"));
  }

  /** A retag works from an image that carries the manifest bytes it was read with. */
  @Test
  public void tag_whenImageCarriesManifestBytes_works() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ImageReference build = repo.withTag(Tag.parse("sha-fffffff"));
    ResolvedImage pushed = pushImage(build);
    ResolvedImage withBytes =
        registry.resolve(build).filter(r -> r.manifest().isPresent()).orElse(pushed);
    Assumptions.assumeTrue(
        withBytes.manifest().isPresent(),
        "this registry keeps no manifest bytes on resolve or push");

    tagAnew(registry, withBytes, repo.withTag(Tag.parse("5.0.0")), pushed);
  }

  /** A retag works from an image built with {@link ResolvedImage#of} alone, without bytes. */
  @Test
  public void tag_whenImageCarriesNoManifestBytes_works() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ImageReference build = repo.withTag(Tag.parse("sha-0000001"));
    ResolvedImage pushed = pushImage(build);
    ResolvedImage bare =
        ResolvedImage.of(build, pushed.digest(), pushed.mediaType(), pushed.platforms());
    assertThat(bare.manifest()).isEmpty();

    assertThat(registry.tag(bare, Tag.parse("6.0.0"))).isEqualTo(TagResult.CREATED);
    assertResolvesToSameImage(registry, repo.withTag(Tag.parse("6.0.0")), pushed);
    assertThat(registry.tag(bare, Tag.parse("6.0.0"))).isEqualTo(TagResult.ALREADY_PRESENT);
  }

  /** An index without bytes is also tagged whole. */
  @Test
  public void tag_whenIndexCarriesNoManifestBytes_keepsIndex() {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ImageReference build = repo.withTag(Tag.parse("sha-0000002"));
    ResolvedImage pushed = pushIndex(build);
    ResolvedImage bare =
        ResolvedImage.of(
            build.withDigest(pushed.digest()),
            pushed.digest(),
            pushed.mediaType(),
            pushed.platforms());

    ResolvedImage retagged = tagAnew(registry, bare, repo.withTag(Tag.parse("7.0.0")), pushed);
    assertThat(retagged.isIndex()).isTrue();
    assertThat(retagged.platforms()).hasSize(pushed.platforms().size());
  }

  /**
   * Several threads writing the same tag to the same digest all succeed; one creates it.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void tag_whenConcurrentSameTagSameDigest_allSucceedAndOneCreates() throws Exception {
    ImageRegistry registry = registry();
    ImageReference repo = newRepository();
    ResolvedImage pushed = pushImage(repo.withTag(Tag.parse("sha-0000003")));
    Tag release = Tag.parse("8.0.0");
    List<TagResult> results =
        Racers.race(
            RACERS,
            60,
            TimeUnit.SECONDS,
            i -> () -> registry.tag(pushed, release, TagPolicy.NO_CLOBBER));

    assertThat(results).filteredOn(r -> r == TagResult.CREATED).hasSize(1);
    assertThat(results).filteredOn(r -> r == TagResult.ALREADY_PRESENT).hasSize(RACERS - 1);
    assertResolvesTo(registry, repo.withTag(release), pushed);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * Writes a tag that does not exist yet, which must create it, and resolves it: it names the
   * pushed image's digest.
   */
  private static ResolvedImage tagAnew(
      ImageRegistry registry, ResolvedImage image, ImageReference newTag, ResolvedImage pushed) {
    assertThat(registry.tag(image, newTag.tag().orElseThrow())).isEqualTo(TagResult.CREATED);
    ResolvedImage retagged = registry.resolve(newTag).orElseThrow();
    assertThat(retagged.digest()).isEqualTo(pushed.digest());
    return retagged;
  }

  /** The reference resolves, in the registry, to the image's digest. */
  private static void assertResolvesTo(
      ImageRegistry registry, ImageReference reference, ResolvedImage image) {
    assertThat(registry.resolve(reference))
        .hasValueSatisfying(r -> assertThat(r.digest()).isEqualTo(image.digest()));
  }

  /** The reference resolves, in the registry, to the image's digest and media type. */
  private static void assertResolvesToSameImage(
      ImageRegistry registry, ImageReference reference, ResolvedImage image) {
    assertThat(registry.resolve(reference))
        .hasValueSatisfying(
            r -> {
              assertThat(r.digest()).isEqualTo(image.digest());
              assertThat(r.mediaType()).isEqualTo(image.mediaType());
            });
  }
}
