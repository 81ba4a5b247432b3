package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.BatonException;
import dev.baton.ConfigurationException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.aws.fake.FakeEcr;
import dev.baton.aws.fake.TestImages;
import dev.baton.aws.internal.EcrInvalidParameter;
import dev.baton.spi.ResolvedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;

/**
 * The constraints of the ECR API model, which the in-test endpoint enforces as ECR does ({@code
 * InvalidParameterException}), and the typed errors {@link EcrImageRegistry} turns them into.
 */
class EcrRequestConstraintsTest extends EcrTestCase {

  // ---- what the endpoint refuses, through the raw client -------------------------------------

  @Test
  void endpoint_refusesRepositoryNamesOutsideTheModel() {
    for (String name : List.of("a", "x".repeat(257), "Shop", "shop/", "-shop", "team//shop")) {
      assertThat(
              catchThrowableOfType(
                  InvalidParameterException.class,
                  () ->
                      client.batchGetImage(
                          b ->
                              b.repositoryName(name)
                                  .imageIds(ImageIdentifier.builder().imageTag("1").build()))))
          .as(name)
          .isNotNull()
          .hasMessageContaining("'repositoryName'");
    }
  }

  @Test
  void endpoint_refusesMoreThan100ImageIds() {
    List<ImageIdentifier> ids = new ArrayList<>();
    for (int i = 0; i <= FakeEcr.MAX_IMAGE_IDS; i++) {
      ids.add(ImageIdentifier.builder().imageTag("t" + i).build());
    }

    assertThat(
            catchThrowableOfType(
                InvalidParameterException.class,
                () -> client.batchGetImage(b -> b.repositoryName(REPO).imageIds(ids))))
        .hasMessageContaining("'imageIds'");
    assertThat(client.batchGetImage(b -> b.repositoryName(REPO).imageIds(ids.subList(0, 100))))
        .satisfies(r -> assertThat(r.failures()).hasSize(100));
  }

  @Test
  void endpoint_refusesTagsLongerThan300_andRegistryReportsThemAsConfiguration() {
    ecr.push(REPO, "sha-1", TestImages.ociImage());
    String manifest = ecr.manifest(REPO, ecr.digestOf(REPO, "sha-1").orElseThrow()).orElseThrow();

    InvalidParameterException e =
        catchThrowableOfType(
            InvalidParameterException.class,
            () ->
                client.putImage(
                    b ->
                        b.repositoryName(REPO)
                            .imageManifest(manifest)
                            .imageTag("v".repeat(FakeEcr.MAX_TAG_LENGTH + 1))));
    BatonException mapped = EcrInvalidParameter.map(e, "PutImage of x", TestImages.OCI_MANIFEST);

    assertThat(e).hasMessageContaining("'imageTag'");
    assertThat(mapped).isInstanceOf(ConfigurationException.class);
    assertThat(mapped.hint()).contains("300");
    assertThat(ecr.digestOf(REPO, "v".repeat(FakeEcr.MAX_TAG_LENGTH + 1))).isEmpty();
  }

  // ---- what EcrImageRegistry makes of them ---------------------------------------------------

  @Test
  void resolve_whenRepositoryNameTooShortForEcr_throwsConfigurationWithNamingRules() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> registry.resolve(ref("a", "1.0.0")));

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("BatchGetImage of " + FakeEcr.HOST + "/a:1.0.0")
        .contains("InvalidParameterException")
        .contains("'repositoryName'");
    assertThat(e.hint()).contains("2 to 256 characters");
  }

  @Test
  void tag_whenManifestLargerThan4MiB_throwsPermanentNamingTheLimit() {
    byte[] bytes =
        ("{\"schemaVersion\": 2, \"mediaType\": \""
                + TestImages.OCI_MANIFEST
                + "\", \"annotations\": {\"pad\": \""
                + "x".repeat(FakeEcr.MAX_MANIFEST_LENGTH)
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    ResolvedImage huge =
        ResolvedImage.of(
                ImageReference.parse(FakeEcr.HOST + "/" + REPO + ":huge"),
                Digest.sha256(bytes),
                TestImages.OCI_MANIFEST,
                List.of())
            .withManifest(bytes);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> registry.tag(huge, Tag.parse("1.0.0")));

    assertThat(e).isNotNull();
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("PutImage of " + FakeEcr.HOST + "/" + REPO + ":1.0.0")
        .contains("'imageManifest'");
    assertThat(e.hint()).contains("4 MiB");
    assertThat(ecr.calls("PutImage")).hasSize(1);
    assertThat(ecr.digestOf(REPO, "1.0.0")).isEmpty();
  }
}
