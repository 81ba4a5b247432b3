package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.Digest;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.aws.fake.FakeEcr;
import dev.baton.aws.fake.TestImages;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Re-runs, races and immutable repositories: {@code ImageAlreadyExistsException} is success, and
 * {@code ImageTagAlreadyExistsException} is success only when the tag already names the digest. The
 * races use the fake's hook that lets "another promoter" write between the tag check and the
 * PutImage, which is the only window in which ECR itself answers with those errors.
 */
class EcrImageRegistryIdempotenceTest extends EcrTestCase {
  private static final String MUTABLE = "shop";
  private static final String IMMUTABLE = "shop-immutable";

  @BeforeEach
  void createRepositories() {
    ecr.createRepository(MUTABLE, false).createRepository(IMMUTABLE, true);
  }

  @Test
  void tag_immutableRepository_newTag_isCreated() {
    ResolvedImage build = pushed(IMMUTABLE, "sha-1", TestImages.ociImage());

    assertThat(registry.tag(build, Tag.parse("1.0.0"))).isEqualTo(TagResult.CREATED);
    assertThat(ecr.digestOf(IMMUTABLE, "1.0.0")).contains(build.digest().toString());
  }

  @Test
  void tag_immutableRepository_rerun_isAlreadyPresentWithoutWrite() {
    ResolvedImage build = pushed(IMMUTABLE, "sha-1", TestImages.ociImage());
    registry.tag(build, Tag.parse("1.0.0"));
    ecr.clearCalls();

    assertThat(registry.tag(build, Tag.parse("1.0.0"))).isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(ecr.calls("PutImage")).isEmpty();
  }

  @Test
  void tag_whenImmutableTagWrittenToSameDigestMeanwhile_isAlreadyPresent() {
    TestImages.Image image = TestImages.ociImage();
    ResolvedImage build = pushed(IMMUTABLE, "sha-1", image);
    ecr.beforeNextPutImage(() -> ecr.push(IMMUTABLE, "1.0.0", image));

    TagResult result = registry.tag(build, Tag.parse("1.0.0"));

    assertThat(result).isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(ecr.calls("PutImage")).hasSize(1);
    // The tag was read back after ImageTagAlreadyExistsException.
    assertThat(ecr.calls("BatchGetImage")).hasSize(3);
  }

  @Test
  void tag_whenImmutableTagWrittenToOtherDigestMeanwhile_throwsConflict() {
    ResolvedImage build = pushed(IMMUTABLE, "sha-1", TestImages.ociImage());
    TestImages.Image other = TestImages.ociImage();
    ecr.beforeNextPutImage(() -> ecr.push(IMMUTABLE, "1.0.0", other));

    TagConflictException e =
        catchThrowableOfType(
            TagConflictException.class, () -> registry.tag(build, Tag.parse("1.0.0")));

    assertThat(e).isNotNull();
    assertThat(e.existing()).isEqualTo(other.digest());
    assertThat(e.wanted()).isEqualTo(build.digest());
    assertThat(e.getCause())
        .as("ECR's own refusal is kept as the cause")
        .isInstanceOf(
            software.amazon.awssdk.services.ecr.model.ImageTagAlreadyExistsException.class);
    assertThat(ecr.digestOf(IMMUTABLE, "1.0.0")).contains(other.digest().toString());
  }

  @Test
  void tag_immutableRepository_allowMoveOverOtherDigest_throwsConflict() {
    Digest old = ecr.push(IMMUTABLE, "latest", TestImages.ociImage());
    ResolvedImage build = pushed(IMMUTABLE, "sha-2", TestImages.ociImage());

    TagConflictException e =
        catchThrowableOfType(
            TagConflictException.class,
            () -> registry.tag(build, Tag.parse("latest"), TagPolicy.ALLOW_MOVE));

    assertThat(e).isNotNull();
    assertThat(e.existing()).isEqualTo(old);
    assertThat(ecr.digestOf(IMMUTABLE, "latest")).contains(old.toString());
  }

  @Test
  void tag_whenMutableTagWrittenToSameDigestMeanwhile_isAlreadyPresent() {
    TestImages.Image image = TestImages.dockerImage();
    ResolvedImage build = pushed(MUTABLE, "sha-1", image);
    ecr.beforeNextPutImage(() -> ecr.push(MUTABLE, "1.0.0", image));

    assertThat(registry.tag(build, Tag.parse("1.0.0"))).isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(ecr.calls("PutImage")).hasSize(1);
  }

  @Test
  void tag_whenImageAlreadyExistsScripted_isAlreadyPresent() {
    ResolvedImage build = pushed(MUTABLE, "sha-1", TestImages.ociImage());
    ecr.failNext(
        "PutImage",
        400,
        "ImageAlreadyExistsException",
        "Image with digest '"
            + build.digest()
            + "' and tag '1.0.0' already exists in the repository with name 'shop'"
            + " in registry with id '"
            + FakeEcr.ACCOUNT
            + "'");

    assertThat(registry.tag(build, Tag.parse("1.0.0"))).isEqualTo(TagResult.ALREADY_PRESENT);
  }
}
