package dev.baton.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.spi.Platform;
import org.junit.jupiter.api.Test;

/** Reading mediaType and platforms without touching the manifest. */
class ManifestsTest {
  /** A buildx index: two platforms and an attestation entry (docker/buildx attestation storage docs). */
  private static final String BUILDX_INDEX = """
      {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
          {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1,
           "digest": "sha256:%1$s", "platform": {"architecture": "amd64", "os": "linux"}},
          {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1,
           "digest": "sha256:%1$s",
           "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}},
          {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1,
           "digest": "sha256:%1$s", "platform": {"architecture": "unknown", "os": "unknown"},
           "annotations": {"vnd.docker.reference.type": "attestation-manifest"}},
          {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 1,
           "digest": "sha256:%1$s"}
        ]
      }
      """.formatted("a".repeat(64));

  @Test
  void platforms_buildxIndex_skipsAttestationsAndEntriesWithoutPlatform() {
    assertThat(Manifests.platforms(BUILDX_INDEX)).containsExactly(
        Platform.of("linux", "amd64"), new Platform("linux", "arm", "v7"));
  }

  @Test
  void mediaTypeField_presentOrAbsent() {
    assertThat(Manifests.mediaTypeField(BUILDX_INDEX))
        .contains("application/vnd.oci.image.index.v1+json");
    assertThat(Manifests.mediaTypeField("{\"schemaVersion\": 2}")).isEmpty();
  }

  @Test
  void platforms_singleManifest_isEmpty() {
    assertThat(Manifests.platforms("{\"schemaVersion\": 2, \"layers\": []}")).isEmpty();
  }
}
