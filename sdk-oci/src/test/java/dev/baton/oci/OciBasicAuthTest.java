package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.oci.support.ImagePusher.Pushed;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.RegistryFixture;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Basic authentication against a real {@code docker-registry} with htpasswd. */
class OciBasicAuthTest {
  @RegisterExtension static final RegistryFixture registry = RegistryFixture.htpasswd();

  private static ImageReference viaProxy(String repo, String tag) {
    return ImageReference.of(registry.proxy().host(), repo).withTag(Tag.parse(tag));
  }

  private static Pushed push(String repo, String tag) {
    return registry.push(viaProxy(repo, tag), Style.OCI, 1);
  }

  private static OciImageRegistry withCredentials(String password) {
    return OciImageRegistry.builder()
        .credentials(
            CredentialsProvider.of(
                registry.proxy().host(),
                RegistryCredentials.of(registry.registry().user(), password)))
        .build();
  }

  @Test
  void resolveAndTag_withCredentials_sendBasicPreemptivelyAfterTheFirstChallenge() {
    Pushed pushed = push("auth/app", "sha-1");
    ImageReference build = viaProxy("auth/app", "sha-1");
    try (OciImageRegistry oci = withCredentials(registry.registry().password())) {
      ResolvedImage image = oci.resolve(build).orElseThrow();
      TagResult result = oci.tag(image, Tag.parse("1.0.0"));

      assertThat(result).isEqualTo(TagResult.CREATED);
      // One wasted 401 to learn the realm, then credentials on every request.
      assertThat(registry.methods()).containsExactly("GET", "GET", "HEAD", "PUT");
    }
    byte[] raw = registry.raw(build.withTag(Tag.parse("1.0.0")));
    assertThat(Digest.sha256(raw)).isEqualTo(pushed.digest());
  }

  @Test
  void resolve_withoutCredentials_throwsAccessDeniedNamingRegistryRepositoryAndReference() {
    push("auth/closed", "sha-2");
    try (OciImageRegistry oci = OciImageRegistry.builder().build()) {
      assertThatThrownBy(() -> oci.resolve(viaProxy("auth/closed", "sha-2")))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("registry " + registry.proxy().host())
          .hasMessageContaining("repository auth/closed")
          .hasMessageContaining("reference sha-2")
          .hasMessageContaining("requires credentials")
          .satisfies(
              e ->
                  assertThat(((AccessDeniedException) e).hint())
                      .contains("CredentialsProvider")
                      .contains(registry.proxy().host()));
    }
    assertThat(registry.requests()).hasSize(1);
  }

  @Test
  void resolve_withWrongPassword_throwsAccessDeniedWithoutTheSecret() {
    push("auth/wrong", "sha-3");
    String wrong = "not-the-password-" + System.nanoTime();
    try (OciImageRegistry oci = withCredentials(wrong)) {
      assertThatThrownBy(() -> oci.resolve(viaProxy("auth/wrong", "sha-3")))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("refused the credentials")
          .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
    }
    assertThat(registry.requests()).hasSize(2); // the challenge, then one try with the credentials
  }
}
