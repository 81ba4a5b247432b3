package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.AccessDeniedException;
import dev.baton.ConfigurationException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.aws.fake.FakeAwsServer.Call;
import dev.baton.aws.fake.FakeEcr;
import dev.baton.aws.fake.TestImages;
import dev.baton.aws.internal.AwsHints;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EcrImageRegistry} with the real EcrClient against the in-test ECR endpoint. */
class EcrImageRegistryTest extends EcrTestCase {

  // ---- resolve ------------------------------------------------------------------------------

  @Test
  void resolve_byTag_returnsDigestMediaTypeAndExactBytes() {
    TestImages.Image image = TestImages.ociImage();
    ResolvedImage resolved = pushed("sha-1", image);

    assertThat(resolved.mediaType()).isEqualTo(TestImages.OCI_MANIFEST);
    assertThat(resolved.platforms()).isEmpty();
    assertThat(resolved.manifest())
        .hasValueSatisfying(
            bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(image.manifest()));
    JsonNode request = ecr.calls("BatchGetImage").get(0).body();
    assertThat(request.path("registryId").asText()).isEqualTo(FakeEcr.ACCOUNT);
    assertThat(request.path("repositoryName").asText()).isEqualTo(REPO);
    assertThat(request.path("imageIds").get(0).path("imageTag").asText()).isEqualTo("sha-1");
    List<String> accepted = new ArrayList<>();
    request.path("acceptedMediaTypes").forEach(t -> accepted.add(t.asText()));
    assertThat(accepted).containsExactlyInAnyOrderElementsOf(ResolvedImage.MANIFEST_MEDIA_TYPES);
    assertThat(ecr.calls()).allMatch(Call::signed);
  }

  @Test
  void resolve_byDigest_returnsImage() {
    Digest digest = ecr.push(REPO, "sha-1", TestImages.dockerImage());

    ResolvedImage resolved =
        registry
            .resolve(ImageReference.parse(FakeEcr.HOST + "/" + REPO + "@" + digest))
            .orElseThrow();

    assertThat(resolved.digest()).isEqualTo(digest);
    assertThat(resolved.mediaType()).isEqualTo(TestImages.DOCKER_MANIFEST);
    assertThat(
            ecr.calls("BatchGetImage")
                .get(0)
                .body()
                .path("imageIds")
                .get(0)
                .path("imageDigest")
                .asText())
        .isEqualTo(digest.toString());
  }

  @Test
  void resolve_whenTagMissing_returnsEmpty() {
    ecr.push(REPO, "present", TestImages.ociImage());

    assertThat(registry.resolve(ref(REPO, "absent"))).isEmpty();
  }

  @Test
  void resolve_whenRepositoryMissing_returnsEmpty() {
    assertThat(registry.resolve(ref("no-such-repo", "1.0.0"))).isEmpty();
  }

  @Test
  void resolve_ociIndex_listsPlatformsWithVariant() {
    TestImages.Image index = TestImages.ociIndex();
    ResolvedImage resolved = pushed("sha-2", index);

    assertThat(resolved.isIndex()).isTrue();
    assertThat(resolved.platforms())
        .containsExactly(Platform.of("linux", "amd64"), new Platform("linux", "arm64", "v8"));
  }

  @Test
  void resolve_dockerManifestList_isIndexWithPlatforms() {
    ResolvedImage resolved = pushed("sha-3", TestImages.dockerList());

    assertThat(resolved.mediaType()).isEqualTo(TestImages.DOCKER_LIST);
    assertThat(resolved.platforms()).hasSize(2);
  }

  @Test
  void resolve_whenManifestBytesDoNotHashToReportedDigest_throws() {
    ecr.push(REPO, "sha-4", TestImages.ociImage());
    ecr.corruptNextManifest();

    assertThatThrownBy(() -> registry.resolve(ref(REPO, "sha-4")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("hashes to")
        .hasMessageContaining(FakeEcr.HOST + "/" + REPO + ":sha-4");
  }

  @Test
  void resolve_whenHostIsNotEcr_throwsConfigurationNamingHost() {
    assertThatThrownBy(() -> registry.resolve(ImageReference.parse("ghcr.io/acme/shop:1.0.0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"ghcr.io\"")
        .hasMessageContaining("not an Amazon ECR private registry");
    assertThat(ecr.calls()).isEmpty();
  }

  @Test
  void resolve_whenReferenceHasNeitherTagNorDigest_throwsConfiguration() {
    assertThatThrownBy(() -> registry.resolve(ImageReference.parse(FakeEcr.HOST + "/" + REPO)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("neither a tag nor a digest");
  }

  @Test
  void resolve_whenReferenceInOtherRegionThanClient_throwsConfiguration() {
    ImageReference frankfurt =
        ImageReference.parse(FakeEcr.ACCOUNT + ".dkr.ecr.eu-central-1.amazonaws.com/shop:1.0.0");

    assertThatThrownBy(() -> registry.resolve(frankfurt))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eu-central-1")
        .hasMessageContaining("us-east-1");
  }

  @Test
  void resolve_whenAccessDenied_throwsAccessDeniedWithAuthHint() {
    ecr.failNext(
        "BatchGetImage",
        400,
        "AccessDeniedException",
        "User: arn:aws:sts::"
            + FakeEcr.ACCOUNT
            + ":assumed-role/github-actions/run-1 is not authorized to perform:"
            + " ecr:BatchGetImage on resource: arn:aws:ecr:us-east-1:"
            + FakeEcr.ACCOUNT
            + ":repository/shop because no identity-based policy allows the ecr:BatchGetImage action");

    AccessDeniedException e =
        catchThrowableOfType(
            AccessDeniedException.class, () -> registry.resolve(ref(REPO, "1.0.0")));

    assertThat(e).isNotNull();
    assertThat(e.hint()).isEqualTo(AwsHints.AUTH);
    assertThat(e.getMessage()).contains("ecr:BatchGetImage").contains(REPO + ":1.0.0");
    assertThat(e.isRetryable()).isFalse();
  }

  // ---- tag ----------------------------------------------------------------------------------

  @Test
  void tag_whenTagNew_putsUntouchedManifestOnceAndCreates() {
    TestImages.Image image = TestImages.ociImage();
    ResolvedImage build = pushed("sha-1", image);
    ecr.clearCalls();

    TagResult result = registry.tag(build, Tag.parse("1.2.3"));

    assertThat(result).isEqualTo(TagResult.CREATED);
    // Bytes held from resolve: only the no-clobber check and the write.
    assertThat(ecr.calls())
        .extracting(Call::operation)
        .containsExactly("BatchGetImage", "PutImage");
    JsonNode put = ecr.calls("PutImage").get(0).body();
    assertThat(put.path("imageManifest").asText()).isEqualTo(image.manifest());
    assertThat(put.path("imageManifestMediaType").asText()).isEqualTo(TestImages.OCI_MANIFEST);
    assertThat(put.path("imageDigest").asText()).isEqualTo(image.digest().toString());
    assertThat(put.path("imageTag").asText()).isEqualTo("1.2.3");
    assertThat(put.path("registryId").asText()).isEqualTo(FakeEcr.ACCOUNT);
    assertThat(ecr.digestOf(REPO, "1.2.3")).contains(image.digest().toString());
    assertThat(ecr.manifest(REPO, image.digest().toString())).contains(image.manifest());
  }

  @Test
  void tag_whenTagAlreadyAtDigest_isAlreadyPresentWithoutWrite() {
    TestImages.Image image = TestImages.ociImage();
    ecr.push(REPO, "sha-1", image);
    ecr.push(REPO, "1.2.3", image);
    ResolvedImage build = registry.resolve(ref(REPO, "sha-1")).orElseThrow();

    assertThat(registry.tag(build, Tag.parse("1.2.3"))).isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(ecr.calls("PutImage")).isEmpty();
  }

  @Test
  void tag_whenTagPointsElsewhere_throwsConflictAndLeavesTag() {
    Digest old = ecr.push(REPO, "1.2.3", TestImages.ociImage());
    ResolvedImage build = pushed("sha-2", TestImages.ociImage());

    TagConflictException e = tagFails(TagConflictException.class, build, "1.2.3");

    assertThat(e.existing()).isEqualTo(old);
    assertThat(e.wanted()).isEqualTo(build.digest());
    assertThat(e.image()).isEqualTo(ref(REPO, "1.2.3"));
    assertThat(ecr.digestOf(REPO, "1.2.3")).contains(old.toString());
    assertThat(ecr.calls("PutImage")).isEmpty();
  }

  @Test
  void tag_whenAllowMoveAndTagPointsElsewhere_moves() {
    ecr.push(REPO, "latest", TestImages.ociImage());
    ResolvedImage build = pushed("sha-2", TestImages.ociImage());

    assertThat(registry.tag(build, Tag.parse("latest"), TagPolicy.ALLOW_MOVE))
        .isEqualTo(TagResult.MOVED);
    assertThat(ecr.digestOf(REPO, "latest")).contains(build.digest().toString());
  }

  @Test
  void tag_whenIndex_putsTheIndexOnceAndKeepsItsDigest() {
    TestImages.Image index = TestImages.ociIndex();
    ResolvedImage build = pushed("sha-3", index);

    assertThat(registry.tag(build, Tag.parse("2.0.0"))).isEqualTo(TagResult.CREATED);

    assertThat(ecr.calls("PutImage")).hasSize(1);
    assertThat(ecr.calls("PutImage").get(0).body().path("imageManifestMediaType").asText())
        .isEqualTo(TestImages.OCI_INDEX);
    assertThat(registry.resolve(ref(REPO, "2.0.0")).orElseThrow())
        .satisfies(
            r -> {
              assertThat(r.digest()).isEqualTo(index.digest());
              assertThat(r.platforms()).isEqualTo(build.platforms());
            });
  }

  @Test
  void tag_whenManifestHasNoMediaTypeField_sendsImageManifestMediaType() {
    TestImages.Image umoci = TestImages.ociImageWithoutMediaType();
    ResolvedImage build = pushed("sha-5", umoci);

    assertThat(registry.tag(build, Tag.parse("1.0.0"))).isEqualTo(TagResult.CREATED);
    assertThat(ecr.calls("PutImage").get(0).body().path("imageManifestMediaType").asText())
        .isEqualTo(TestImages.OCI_MANIFEST);
    assertThat(ecr.manifest(REPO, umoci.digest().toString())).contains(umoci.manifest());
  }

  @Test
  void tag_whenImageCarriesNoBytes_readsSourceByDigestFirst() {
    TestImages.Image image = TestImages.ociImage();
    Digest digest = ecr.push(REPO, "sha-1", image);
    ResolvedImage bare =
        ResolvedImage.of(ref(REPO, "sha-1"), digest, TestImages.OCI_MANIFEST, List.of());

    assertThat(registry.tag(bare, Tag.parse("1.0.0"))).isEqualTo(TagResult.CREATED);

    List<Call> gets = ecr.calls("BatchGetImage");
    assertThat(gets.get(0).body().path("imageIds").get(0).path("imageDigest").asText())
        .isEqualTo(digest.toString());
    assertThat(ecr.calls("PutImage").get(0).body().path("imageManifest").asText())
        .isEqualTo(image.manifest());
  }

  @Test
  void tag_whenSourceDigestGone_throwsNotFound() {
    Digest unknown = TestImages.ociImage().digest();
    ResolvedImage bare =
        ResolvedImage.of(ref(REPO, "sha-9"), unknown, TestImages.OCI_MANIFEST, List.of());

    assertThatThrownBy(() -> registry.tag(bare, Tag.parse("1.0.0")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown.toString());
  }

  @Test
  void tag_whenRepositoryMissing_throwsNotFoundWithHint() {
    TestImages.Image image = TestImages.ociImage();
    ResolvedImage elsewhere =
        ResolvedImage.of(ref("gone", "sha-1"), image.digest(), image.mediaType(), List.of())
            .withManifest(image.manifest().getBytes(StandardCharsets.UTF_8));

    NotFoundException e = tagFails(NotFoundException.class, elsewhere, "1.0.0");

    assertThat(e.getMessage())
        .contains(FakeEcr.HOST + "/gone")
        .contains("RepositoryNotFoundException");
    assertThat(e.hint()).contains("repository");
  }

  @Test
  void tag_whenLayersNotInRepository_throwsWithBlobMountingHint() {
    TestImages.Image image = TestImages.ociImage();
    ecr.push(REPO, "sha-1", image);
    // An image read from one repository, presented as if it lived in another one.
    ResolvedImage foreign = inOther(image);

    ProviderException e = tagFails(ProviderException.class, foreign, "1.0.0");

    assertThat(e.getMessage()).contains("LayersNotFoundException");
    assertThat(e.hint()).contains("BLOB_MOUNTING");
    assertThat(ecr.digestOf("other", "1.0.0")).isEmpty();
  }

  @Test
  void tag_whenIndexChildrenNotInRepository_throwsReferencedImagesNotFound() {
    ResolvedImage foreign = inOther(TestImages.dockerList());

    ProviderException e = tagFails(ProviderException.class, foreign, "1.0.0");

    assertThat(e.getMessage()).contains("ReferencedImagesNotFoundException");
    assertThat(e.hint()).contains("by digest");
  }

  @Test
  void tag_whenEcrComputesAnotherDigest_throwsNonRetryable() {
    ProviderException e =
        tagWhilePutImageFails(
            ProviderException.class,
            "ImageDigestDoesNotMatchException",
            "The specified image digest does not match the digest of the image manifest");

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("ImageDigestDoesNotMatchException");
  }

  @Test
  void tag_whenPutImageAccessDenied_throwsAccessDeniedWithAuthHint() {
    AccessDeniedException e =
        tagWhilePutImageFails(
            AccessDeniedException.class,
            "AccessDeniedException",
            "User: arn:aws:sts::"
                + FakeEcr.ACCOUNT
                + ":assumed-role/github-actions/run-1 is not authorized to perform:"
                + " ecr:PutImage on resource: arn:aws:ecr:us-east-1:"
                + FakeEcr.ACCOUNT
                + ":repository/shop");

    assertThat(e.hint()).isEqualTo(AwsHints.AUTH);
    assertThat(e.getMessage()).contains("ecr:PutImage").contains("1.0.0");
    assertThat(e.getCause())
        .isInstanceOf(software.amazon.awssdk.services.ecr.model.EcrException.class);
  }

  /**
   * {@code image} as if read from the repository {@code other} as {@code sha-1}; creates that
   * repository, empty.
   */
  private ResolvedImage inOther(TestImages.Image image) {
    ecr.createRepository("other", false);
    return ResolvedImage.of(ref("other", "sha-1"), image.digest(), image.mediaType(), List.of())
        .withManifest(image.manifest().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * What tagging a freshly pushed and resolved build {@code 1.0.0} throws while ECR answers
   * PutImage with an HTTP 400 {@code errorCode}.
   */
  private <E extends Throwable> E tagWhilePutImageFails(
      Class<E> type, String errorCode, String message) {
    ResolvedImage build = pushed("sha-1", TestImages.ociImage());
    ecr.failNext("PutImage", 400, errorCode, message);
    return tagFails(type, build, "1.0.0");
  }

  /** What tagging {@code image} as {@code tag} throws; fails when it throws nothing. */
  private <E extends Throwable> E tagFails(Class<E> type, ResolvedImage image, String tag) {
    E e = catchThrowableOfType(type, () -> registry.tag(image, Tag.parse(tag)));
    assertThat(e).isNotNull();
    return e;
  }
}
