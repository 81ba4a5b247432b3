package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.oci.support.CountingProxy;
import dev.baton.oci.support.ImagePusher;
import dev.baton.oci.support.ImagePusher.Pushed;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.LocalRegistry;
import dev.baton.oci.support.Skopeo;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Basic authentication against a real {@code docker-registry} with htpasswd. */
class OciBasicAuthTest {
  private static LocalRegistry registry;
  private static CountingProxy proxy;
  private static ImagePusher pusher;

  @BeforeAll
  static void start() {
    registry = LocalRegistry.htpasswd();
    proxy = CountingProxy.start(registry.host());
    pusher = ImagePusher.basic(registry.host(), registry.user(), registry.password());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void resetCounts() {
    proxy.reset();
  }

  private static Pushed push(String repo, String tag) {
    Pushed p = pusher.pushImage(ImageReference.of(registry.host(), repo).withTag(Tag.parse(tag)),
        Style.OCI, 1);
    proxy.reset();
    return p;
  }

  private static OciImageRegistry withCredentials(String password) {
    return OciImageRegistry.builder().credentials(CredentialsProvider.of(proxy.host(),
        RegistryCredentials.of(registry.user(), password))).build();
  }

  @Test
  void resolveAndTag_withCredentials_sendBasicPreemptivelyAfterTheFirstChallenge() {
    Pushed pushed = push("auth/app", "sha-1");
    ImageReference build = ImageReference.of(proxy.host(), "auth/app").withTag(Tag.parse("sha-1"));
    try (OciImageRegistry oci = withCredentials(registry.password())) {
      ResolvedImage image = oci.resolve(build).orElseThrow();
      TagResult result = oci.tag(image, Tag.parse("1.0.0"));

      assertThat(result).isEqualTo(TagResult.CREATED);
      // One wasted 401 to learn the realm, then credentials on every request.
      assertThat(proxy.requests()).extracting(s -> s.split(" ")[0])
          .containsExactly("GET", "GET", "HEAD", "PUT");
    }
    byte[] raw = Skopeo.require().inspectRaw(registry.host() + "/auth/app:1.0.0",
        registry.user() + ":" + registry.password());
    assertThat(Digest.sha256(raw)).isEqualTo(pushed.digest());
  }

  @Test
  void resolve_withoutCredentials_throwsAccessDeniedNamingRegistryRepositoryAndReference() {
    push("auth/closed", "sha-2");
    try (OciImageRegistry oci = OciImageRegistry.builder().build()) {
      assertThatThrownBy(() -> oci.resolve(
          ImageReference.of(proxy.host(), "auth/closed").withTag(Tag.parse("sha-2"))))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("registry " + proxy.host())
          .hasMessageContaining("repository auth/closed")
          .hasMessageContaining("reference sha-2")
          .hasMessageContaining("requires credentials")
          .satisfies(e -> assertThat(((AccessDeniedException) e).hint())
              .contains("CredentialsProvider").contains(proxy.host()));
    }
    assertThat(proxy.requests()).hasSize(1);
  }

  @Test
  void resolve_withWrongPassword_throwsAccessDeniedWithoutTheSecret() {
    push("auth/wrong", "sha-3");
    String wrong = "not-the-password-" + System.nanoTime();
    try (OciImageRegistry oci = withCredentials(wrong)) {
      assertThatThrownBy(() -> oci.resolve(
          ImageReference.of(proxy.host(), "auth/wrong").withTag(Tag.parse("sha-3"))))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("refused the credentials")
          .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
    }
    assertThat(proxy.requests()).hasSize(2); // the challenge, then one try with the credentials
  }
}
