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
import java.util.Optional;
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

  /** A digest no test pushes: a repository never holds it. */
  private static final Digest UNKNOWN_DIGEST =
      Digest.sha256("not a manifest in this repository".getBytes(StandardCharsets.UTF_8));

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
    Fixture f = new Fixture();
    f.push("present");

    assertThat(f.registry.resolve(f.at("absent"))).isEmpty();
  }

  /** A repository that does not exist is "not found", not an error. */
  @Test
  public void resolve_whenRepositoryMissing_isEmpty() {
    Fixture f = new Fixture();

    assertThat(f.registry.resolve(f.at("latest"))).isEmpty();
  }

  /** A digest that the repository does not hold resolves to nothing. */
  @Test
  public void resolve_whenDigestMissing_isEmpty() {
    Fixture f = new Fixture();
    f.push("present");

    assertThat(f.registry.resolve(f.repo.withDigest(UNKNOWN_DIGEST))).isEmpty();
  }

  /** A pushed image resolves by its tag and by its digest, to the same digest and media type. */
  @Test
  public void resolve_pushedImage_byTagAndByDigest_givesSameDigestAndMediaType() {
    Fixture f = new Fixture();
    ImageReference ref = f.at("sha-1111111");
    ResolvedImage pushed = pushImage(ref);

    ResolvedImage byTag = f.assertResolvesTo(ref, pushed);
    ResolvedImage byDigest = f.assertResolvesTo(f.repo.withDigest(pushed.digest()), pushed);

    assertThat(byTag.mediaType())
        .isEqualTo(pushed.mediaType())
        .isIn(ResolvedImage.MANIFEST_MEDIA_TYPES);
    assertThat(byTag.isIndex()).isFalse();
    assertThat(byTag.reference().repositoryOnly()).isEqualTo(f.repo.repositoryOnly());
    assertThat(byDigest.mediaType()).isEqualTo(pushed.mediaType());
    byTag.manifest().ifPresent(bytes -> assertThat(pushed.digest().matches(bytes)).isTrue());
  }

  /**
   * Attestation entries are not platforms: an index's {@link ResolvedImage#platforms()} are its
   * images' only, on resolve and after a retag, while its bytes and digest stay those pushed.
   */
  @Test
  public void resolve_whenIndexHasAttestations_platformsLeaveThemOut() {
    Fixture f = new Fixture();
    ImageReference build = f.at("sha-0000004");
    ResolvedImage pushed = pushIndexWithAttestations(build);

    ResolvedImage resolved = f.assertResolvesToIndex(build, pushed);

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
    ResolvedImage retagged = f.tagIndexAnew(resolved, "9.0.0", pushed);
    assertThat(retagged.platforms()).isEqualTo(resolved.platforms());
  }

  /** Tag and digest together resolve only when the tag points at that digest. */
  @Test
  public void resolve_whenTagAndDigest_matchesOnlyTheTaggedDigest() {
    Fixture f = new Fixture();
    Two two = f.pushTwo("a", "b");

    f.assertResolvesTo(f.at("a").withDigest(two.first().digest()), two.first());
    assertThat(f.registry.resolve(f.at("a").withDigest(two.second().digest()))).isEmpty();
  }

  // ---- currentDigest -------------------------------------------------------------------------

  /** A missing tag, digest or repository has no current digest. */
  @Test
  public void currentDigest_whenTagDigestOrRepositoryMissing_isEmpty() {
    Fixture f = new Fixture();
    assertThat(f.registry.currentDigest(f.at("latest"))).isEmpty();
    f.push("present");

    assertThat(f.registry.currentDigest(f.at("absent"))).isEmpty();
    assertThat(f.registry.currentDigest(f.repo.withDigest(UNKNOWN_DIGEST))).isEmpty();
  }

  /**
   * The digest a tag names follows every write of it, created then moved; with a digest too, it is
   * that digest only while the tag points at it.
   */
  @Test
  public void currentDigest_followsTheTag_asResolveDoes() {
    Fixture f = new Fixture();
    Two two = f.pushTwo("a", "b");
    ResolvedImage a = two.first();
    ResolvedImage b = two.second();
    ImageReference latest = f.at("latest");

    f.registry.tag(a, Tag.parse("latest"));
    assertThat(f.registry.currentDigest(latest)).contains(a.digest());
    f.registry.tag(b, Tag.parse("latest"), TagPolicy.ALLOW_MOVE);

    assertThat(f.registry.currentDigest(latest))
        .contains(b.digest())
        .isEqualTo(f.registry.resolve(latest).map(ResolvedImage::digest));
    assertThat(f.registry.currentDigest(f.repo.withDigest(a.digest()))).contains(a.digest());
    // Tag and digest together name the digest only when the tag points at it, as in resolve.
    assertThat(f.registry.currentDigest(latest.withDigest(b.digest()))).contains(b.digest());
    assertThat(f.registry.currentDigest(latest.withDigest(a.digest()))).isEmpty();
  }

  // ---- tag -----------------------------------------------------------------------------------

  /** A new tag is created and names the same digest; the original tag is untouched. */
  @Test
  public void tag_whenTagNew_createsItAtTheSameDigest() {
    Fixture f = new Fixture();
    ImageReference build = f.at("sha-2222222");
    ResolvedImage pushed = pushImage(build);

    TagResult result = f.registry.tag(f.registry.resolve(build).orElseThrow(), Tag.parse("1.2.3"));

    assertThat(result).isEqualTo(TagResult.CREATED);
    f.assertResolvesToSameImage("1.2.3", pushed);
    f.assertResolvesTo(build, pushed);
  }

  /** Writing a tag that already names the digest is a no-op, under either policy. */
  @Test
  public void tag_whenTagAlreadyAtDigest_isAlreadyPresent() {
    Fixture f = new Fixture();
    ResolvedImage pushed = f.push("sha-3333333");
    Tag release = Tag.parse("1.0.0");
    assertThat(f.registry.tag(pushed, release)).isEqualTo(TagResult.CREATED);

    assertThat(f.registry.tag(pushed, release, TagPolicy.NO_CLOBBER))
        .isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(f.registry.tag(pushed, release, TagPolicy.ALLOW_MOVE))
        .isEqualTo(TagResult.ALREADY_PRESENT);
    f.assertResolvesTo(f.repo.withTag(release), pushed);
  }

  /** Retagging the original tag itself is also a no-op. */
  @Test
  public void tag_whenSameTagAsResolved_isAlreadyPresent() {
    Fixture f = new Fixture();
    ResolvedImage pushed = f.push("sha-4444444");

    assertThat(f.registry.tag(pushed, Tag.parse("sha-4444444")))
        .isEqualTo(TagResult.ALREADY_PRESENT);
  }

  /** NO_CLOBBER refuses to move a tag, says which digests clash, and leaves the tag alone. */
  @Test
  public void tag_whenTagPointsElsewhere_throwsConflictAndLeavesTag() {
    Fixture f = new Fixture();
    Two two = f.pushTwoAndTagFirst("sha-aaaaaaa", "sha-bbbbbbb", "2.0.0", TagPolicy.NO_CLOBBER);
    Tag release = Tag.parse("2.0.0");

    TagConflictException e =
        catchThrowableOfType(
            TagConflictException.class,
            () -> f.registry.tag(two.second(), release, TagPolicy.NO_CLOBBER));

    assertThat(e).as("NO_CLOBBER over another digest must throw TagConflictException").isNotNull();
    assertThat(e.existing()).isEqualTo(two.first().digest());
    assertThat(e.wanted()).isEqualTo(two.second().digest());
    assertThat(e.image().tag()).contains(release);
    assertThat(e.image().repositoryOnly()).isEqualTo(f.repo.repositoryOnly());
    f.assertResolvesTo(f.repo.withTag(release), two.first());
  }

  /** The two-argument tag is NO_CLOBBER. */
  @Test
  public void tag_withoutPolicy_whenTagPointsElsewhere_throwsConflict() {
    Fixture f = new Fixture();
    Two two = f.pushTwoAndTagFirst("one", "two", "3.0.0", TagPolicy.NO_CLOBBER);

    TagConflictException e =
        catchThrowableOfType(
            TagConflictException.class, () -> f.registry.tag(two.second(), Tag.parse("3.0.0")));

    assertThat(e).isNotNull();
    f.assertResolvesTo(f.at("3.0.0"), two.first());
  }

  /** ALLOW_MOVE moves a tag to the new digest. */
  @Test
  public void tag_whenAllowMoveAndTagPointsElsewhere_movesIt() {
    Fixture f = new Fixture();
    Two two = f.pushTwoAndTagFirst("sha-ccccccc", "sha-ddddddd", "latest", TagPolicy.ALLOW_MOVE);

    TagResult result = f.registry.tag(two.second(), Tag.parse("latest"), TagPolicy.ALLOW_MOVE);

    assertThat(result).isEqualTo(TagResult.MOVED);
    f.assertResolvesTo(f.at("latest"), two.second());
    assertThat(f.registry.resolve(f.repo.withDigest(two.first().digest())))
        .as("moving a tag must not delete the manifest it pointed at")
        .isPresent();
  }

  /** An index is tagged whole: same digest, still an index, every platform. */
  @Test
  public void tag_whenIndex_keepsDigestMediaTypeAndPlatforms() {
    Fixture f = new Fixture();
    ImageReference build = f.at("sha-eeeeeee");
    ResolvedImage pushed = pushIndex(build);
    ResolvedImage resolved = f.assertResolvesToIndex(build, pushed);

    ResolvedImage retagged = f.tagIndexAnew(resolved, "4.0.0", pushed);

    assertThat(retagged.mediaType()).isEqualTo(pushed.mediaType());
    assertThat(retagged.platforms()).containsExactlyInAnyOrderElementsOf(resolved.platforms());
    assertThat(retagged.platforms())
        .extracting(Platform::os, Platform::architecture)
        .contains(tuple("linux", "amd64"), tuple("linux", "arm64"));
  }

  /** A retag works from an image that carries the manifest bytes it was read with. */
  @Test
  public void tag_whenImageCarriesManifestBytes_works() {
    Fixture f = new Fixture();
    ImageReference build = f.at("sha-fffffff");
    ResolvedImage pushed = pushImage(build);
    ResolvedImage withBytes =
        f.registry.resolve(build).filter(r -> r.manifest().isPresent()).orElse(pushed);
    Assumptions.assumeTrue(
        withBytes.manifest().isPresent(),
        "this registry keeps no manifest bytes on resolve or push");

    f.tagAnew(withBytes, "5.0.0", pushed);
  }

  /** A retag works from an image built with {@link ResolvedImage#of} alone, without bytes. */
  @Test
  public void tag_whenImageCarriesNoManifestBytes_works() {
    Fixture f = new Fixture();
    ImageReference build = f.at("sha-0000001");
    ResolvedImage pushed = pushImage(build);
    ResolvedImage bare =
        ResolvedImage.of(build, pushed.digest(), pushed.mediaType(), pushed.platforms());
    assertThat(bare.manifest()).isEmpty();

    assertThat(f.registry.tag(bare, Tag.parse("6.0.0"))).isEqualTo(TagResult.CREATED);
    f.assertResolvesToSameImage("6.0.0", pushed);
    assertThat(f.registry.tag(bare, Tag.parse("6.0.0"))).isEqualTo(TagResult.ALREADY_PRESENT);
  }

  /** An index without bytes is also tagged whole. */
  @Test
  public void tag_whenIndexCarriesNoManifestBytes_keepsIndex() {
    Fixture f = new Fixture();
    ImageReference build = f.at("sha-0000002");
    ResolvedImage pushed = pushIndex(build);
    ResolvedImage bare =
        ResolvedImage.of(
            build.withDigest(pushed.digest()),
            pushed.digest(),
            pushed.mediaType(),
            pushed.platforms());

    f.tagIndexAnew(bare, "7.0.0", pushed);
  }

  /**
   * Several threads writing the same tag to the same digest all succeed; one creates it.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void tag_whenConcurrentSameTagSameDigest_allSucceedAndOneCreates() throws Exception {
    Fixture f = new Fixture();
    ResolvedImage pushed = f.push("sha-0000003");
    Tag release = Tag.parse("8.0.0");
    List<TagResult> results =
        Racers.race(
            RACERS,
            60,
            TimeUnit.SECONDS,
            i -> () -> f.registry.tag(pushed, release, TagPolicy.NO_CLOBBER));

    assertThat(results).filteredOn(r -> r == TagResult.CREATED).hasSize(1);
    assertThat(results).filteredOn(r -> r == TagResult.ALREADY_PRESENT).hasSize(RACERS - 1);
    f.assertResolvesTo(f.repo.withTag(release), pushed);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Two images of different content pushed to one repository, in push order. */
  private record Two(ResolvedImage first, ResolvedImage second) {}

  /**
   * One test's registry and fresh repository, taken from the hooks when the test creates it, with
   * the set-up and checks the cases share.
   */
  private final class Fixture {
    final ImageRegistry registry = registry();
    final ImageReference repo = newRepository();

    /** This test's repository at the tag. */
    ImageReference at(String tag) {
      return repo.withTag(Tag.parse(tag));
    }

    /** Pushes a new image at the tag. */
    ResolvedImage push(String tag) {
      return pushImage(at(tag));
    }

    /** Pushes two new images at two tags; {@link #pushImage} must give them different digests. */
    Two pushTwo(String firstTag, String secondTag) {
      ResolvedImage first = push(firstTag);
      ResolvedImage second = push(secondTag);
      assertThat(second.digest())
          .as("pushImage must push unique content")
          .isNotEqualTo(first.digest());
      return new Two(first, second);
    }

    /**
     * Pushes two new images, then writes the release tag on the first under the policy, which must
     * create it: the start of every case where a tag already points elsewhere.
     */
    Two pushTwoAndTagFirst(String firstTag, String secondTag, String release, TagPolicy policy) {
      Two two = pushTwo(firstTag, secondTag);
      assertThat(registry.tag(two.first(), Tag.parse(release), policy))
          .isEqualTo(TagResult.CREATED);
      return two;
    }

    /**
     * Writes a tag that does not exist yet, which must create it, and resolves it: it names the
     * pushed image's digest.
     */
    ResolvedImage tagAnew(ResolvedImage image, String newTag, ResolvedImage pushed) {
      assertThat(registry.tag(image, Tag.parse(newTag))).isEqualTo(TagResult.CREATED);
      return assertResolvesTo(at(newTag), pushed);
    }

    /** {@link #tagAnew} for an index, which the new tag must name whole: every platform. */
    ResolvedImage tagIndexAnew(ResolvedImage index, String newTag, ResolvedImage pushed) {
      ResolvedImage retagged = tagAnew(index, newTag, pushed);
      assertThat(retagged.isIndex()).isTrue();
      assertThat(retagged.platforms()).hasSize(pushed.platforms().size());
      return retagged;
    }

    /** The reference resolves, in the registry, to the image's digest; returns what it read. */
    ResolvedImage assertResolvesTo(ImageReference reference, ResolvedImage image) {
      Optional<ResolvedImage> resolved = registry.resolve(reference);
      assertThat(resolved).as("%s resolves", reference).isPresent();
      assertThat(resolved.orElseThrow().digest()).isEqualTo(image.digest());
      return resolved.orElseThrow();
    }

    /** The reference resolves to the pushed index, which it reads back as an index. */
    ResolvedImage assertResolvesToIndex(ImageReference reference, ResolvedImage pushed) {
      ResolvedImage resolved = assertResolvesTo(reference, pushed);
      assertThat(resolved.isIndex()).isTrue();
      return resolved;
    }

    /** This repository at the tag resolves to the image's digest and media type. */
    void assertResolvesToSameImage(String tag, ResolvedImage image) {
      assertThat(assertResolvesTo(at(tag), image).mediaType()).isEqualTo(image.mediaType());
    }
  }
}
