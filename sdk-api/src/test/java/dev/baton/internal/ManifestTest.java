package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.spi.Platform;
import org.junit.jupiter.api.Test;

/** The shared manifest model: mediaType, descriptors and platforms, bytes untouched. */
class ManifestTest {
  /**
   * A buildx index: two platforms and an attestation entry (docker/buildx attestation storage
   * docs).
   */
  private static final String BUILDX_INDEX =
      """
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
      """
          .formatted("a".repeat(64));

  @Test
  void platforms_buildxIndex_skipsAttestationsAndEntriesWithoutPlatform() {
    assertThat(Manifest.parse(BUILDX_INDEX).platforms())
        .containsExactly(Platform.of("linux", "amd64"), new Platform("linux", "arm", "v7"));
  }

  @Test
  void manifests_buildxIndex_keepsEveryEntry_markingTheAttestation() {
    assertThat(Manifest.parse(BUILDX_INDEX).manifests())
        .extracting(Descriptor::isAttestation)
        .containsExactly(false, false, true, false);
  }

  @Test
  void mediaTypeField_presentOrAbsent() {
    assertThat(Manifest.parse(BUILDX_INDEX).mediaTypeField())
        .contains("application/vnd.oci.image.index.v1+json");
    assertThat(Manifest.parse("{\"schemaVersion\": 2}").mediaTypeField()).isEmpty();
    assertThat(Manifest.parse("{\"schemaVersion\": 2}").schemaVersion()).isEqualTo(2);
  }

  @Test
  void platforms_singleManifest_isEmpty() {
    assertThat(Manifest.parse("{\"schemaVersion\": 2, \"layers\": []}").platforms()).isEmpty();
  }

  @Test
  void blobs_configThenLayers_withSizesAndUrls() {
    String d1 = "sha256:" + "a".repeat(64);
    String d2 = "sha256:" + "b".repeat(64);
    Manifest image =
        Manifest.parse(
            "{\"config\":{\"digest\":\""
                + d1
                + "\",\"size\":3},"
                + "\"layers\":[{\"digest\":\""
                + d2
                + "\",\"size\":4,\"urls\":[\"https://x\"]}]}");

    assertThat(image.blobs()).extracting(d -> d.digest().toString()).containsExactly(d1, d2);
    assertThat(image.blobs()).extracting(Descriptor::size).containsExactly(3L, 4L);
    assertThat(image.blobs().get(1).urls()).containsExactly("https://x");
  }

  @Test
  void notAnObjectOrBadDigest_isIllegalArgument() {
    assertThatThrownBy(() -> Manifest.parse("<html>")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Manifest.parse("[]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Manifest.parse("{\"layers\":[{\"digest\":\"no-digest\"}]}").blobs())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-digest");
  }
}
