package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ProviderException;
import dev.baton.spi.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {
  private static final RequestSubject SITE = new RequestSubject("reg.example", "team/app", "v1");
  private static final String OCI = "application/vnd.oci.image.manifest.v1+json";
  private static final String INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String D1 = "sha256:" + "a".repeat(64);
  private static final String D2 = "sha256:" + "b".repeat(64);

  private static ManifestJson json(String s) {
    return ManifestJson.parse(s.getBytes(StandardCharsets.UTF_8), SITE);
  }

  @Test
  void mediaType_contentTypeWins_parametersIgnored() {
    ManifestJson m = json("{\"schemaVersion\":2,\"config\":{},\"layers\":[]}");

    assertThat(m.mediaType(Optional.of(OCI + "; charset=utf-8"))).isEqualTo(OCI);
  }

  @Test
  void mediaType_whenFieldContradictsContentType_isRejected() {
    ManifestJson m = json("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[]}");

    assertThatThrownBy(() -> m.mediaType(Optional.of(OCI)))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(INDEX)
        .hasMessageContaining(OCI);
  }

  @Test
  void mediaType_withGenericContentType_usesFieldThenShape() {
    assertThat(
            json("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[]}")
                .mediaType(Optional.of("application/json")))
        .isEqualTo(INDEX);
    assertThat(json("{\"schemaVersion\":2,\"manifests\":[]}").mediaType(Optional.empty()))
        .isEqualTo(INDEX);
    assertThat(
            json("{\"schemaVersion\":2,\"config\":{},\"layers\":[]}")
                .mediaType(Optional.of("text/plain")))
        .isEqualTo(OCI);
  }

  @Test
  void mediaType_schema1_isRejectedWithAHint() {
    ManifestJson m = json("{\"schemaVersion\":1,\"fsLayers\":[]}");

    assertThatThrownBy(
            () ->
                m.mediaType(
                    Optional.of("application/vnd.docker.distribution.manifest.v1+prettyjws")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("prettyjws")
        .hasMessageContaining("registry reg.example");
  }

  @Test
  void platformsAndBlobs_areReadInOrder_skippingEntriesWithoutPlatform() {
    ManifestJson index =
        json(
            "{\"manifests\":[{\"mediaType\":\""
                + OCI
                + "\",\"digest\":\""
                + D1
                + "\",\"size\":1,\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\","
                + "\"variant\":\"v8\"}},{\"mediaType\":\""
                + OCI
                + "\",\"digest\":\""
                + D2
                + "\",\"size\":2}]}");
    ManifestJson image =
        json(
            "{\"config\":{\"digest\":\""
                + D1
                + "\",\"size\":3},\"layers\":[{"
                + "\"digest\":\""
                + D2
                + "\",\"size\":4,\"urls\":[\"https://x\"]}]}");

    assertThat(index.platforms()).containsExactly(new Platform("linux", "arm64", "v8"));
    assertThat(index.manifests()).hasSize(2);
    assertThat(image.blobs()).extracting(d -> d.digest().toString()).containsExactly(D1, D2);
    assertThat(image.blobs().get(1).urls()).containsExactly("https://x");
  }

  @Test
  void parse_notJsonOrBadDigest_isAProviderErrorNamingTheSite() {
    assertThatThrownBy(() -> json("<html>"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("repository team/app");
    assertThatThrownBy(() -> json("{\"layers\":[{\"digest\":\"no-digest\"}]}").blobs())
        .isInstanceOf(ProviderException.class);
  }
}
