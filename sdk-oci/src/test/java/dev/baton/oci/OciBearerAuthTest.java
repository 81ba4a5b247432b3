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
import dev.baton.oci.support.TokenServer;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagResult;
import dev.baton.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Docker token (Bearer) flow against a real {@code docker-registry} configured with {@code
 * auth.token} and a token server run by the test that signs ES256 JWTs.
 */
class OciBearerAuthTest {
  private static final AtomicInteger REPOS = new AtomicInteger();
  private static TokenServer tokens;
  private static LocalRegistry registry;
  private static CountingProxy proxy;
  private static ImagePusher pusher;

  @BeforeAll
  static void start() {
    tokens =
        TokenServer.start().user("ci", "s3cret", "pull", "push").user("reader", "r3ad", "pull");
    registry = LocalRegistry.token(tokens);
    proxy = CountingProxy.start(registry.host());
    pusher = ImagePusher.bearer(registry.host(), tokens, "ci", "s3cret");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {proxy, registry, tokens}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  private int tokensBefore;

  @BeforeEach
  void resetCounts() {
    proxy.reset();
    tokensBefore = tokens.requests().size();
  }

  private int tokenRequests() {
    return tokens.requests().size() - tokensBefore;
  }

  private static ImageReference repo(String name) {
    return ImageReference.of(proxy.host(), "bearer/" + name + "-" + REPOS.incrementAndGet());
  }

  /** Pushes directly (the pusher gets its own token), then starts counting afresh. */
  private Pushed push(ImageReference viaProxy) {
    Pushed p =
        pusher.pushImage(
            ImageReference.of(registry.host(), viaProxy.repository())
                .withTag(viaProxy.tag().orElseThrow()),
            Style.OCI,
            2);
    proxy.reset();
    tokensBefore = tokens.requests().size();
    return p;
  }

  private static OciImageRegistry.Builder as(String user, String password) {
    return OciImageRegistry.builder()
        .credentials(CredentialsProvider.of(proxy.host(), RegistryCredentials.of(user, password)));
  }

  @Test
  void resolveAndTag_fetchATokenPerScopeOnce_andReuseIt() {
    ImageReference build = repo("app").withTag(Tag.parse("sha-1"));
    Pushed pushed = push(build);
    try (OciImageRegistry oci = as("ci", "s3cret").build()) {
      ResolvedImage image = oci.resolve(build).orElseThrow();
      assertThat(oci.tag(image, Tag.parse("1.0.0"))).isEqualTo(TagResult.CREATED);
      assertThat(oci.tag(image, Tag.parse("1.0.1"))).isEqualTo(TagResult.CREATED);

      // GET (401, learns the realm), GET with a pull token; then a pull,push token serves both
      // tags.
      assertThat(proxy.requests())
          .extracting(s -> s.split(" ")[0])
          .containsExactly("GET", "GET", "HEAD", "PUT", "HEAD", "PUT");
      assertThat(tokenRequests()).isEqualTo(2);
      assertThat(tokens.requests().get(tokensBefore + 1))
          .contains("scope=repository:" + build.repository() + ":pull,push");
    }
    byte[] raw =
        Skopeo.require()
            .inspectRaw(registry.host() + "/" + build.repository() + ":1.0.1", "ci:s3cret");
    assertThat(Digest.sha256(raw)).isEqualTo(pushed.digest());
  }

  @Test
  void copy_crossRepository_usesOneTokenCoveringBothRepositories() {
    ImageReference source = repo("stage").withTag(Tag.parse("sha-2"));
    Pushed pushed = push(source);
    ImageReference target = repo("prod").withTag(Tag.parse("1.0.0"));
    try (OciImageRegistry oci = as("ci", "s3cret").build()) {
      ResolvedImage held =
          ResolvedImage.of(source, pushed.digest(), pushed.mediaType(), pushed.platforms())
              .withManifest(pushed.manifest());

      oci.copy(held, target);

      assertThat(tokenRequests()).isEqualTo(1);
      assertThat(tokens.requests().get(tokensBefore))
          .contains("scope=repository:" + target.repository() + ":pull,push")
          .contains("scope=repository:" + source.repository() + ":pull");
      // HEAD (401), HEAD, 3 mounts, PUT: the mount token was fetched before the first mount.
      assertThat(proxy.requests()).hasSize(6);
    }
    assertThat(
            Digest.sha256(
                Skopeo.require()
                    .inspectRaw(
                        registry.host() + "/" + target.repository() + ":1.0.0", "ci:s3cret")))
        .isEqualTo(pushed.digest());
  }

  @Test
  void tag_asReadOnlyUser_throwsAccessDenied_whileResolveWorks() {
    ImageReference build = repo("readonly").withTag(Tag.parse("sha-3"));
    push(build);
    try (OciImageRegistry oci = as("reader", "r3ad").build()) {
      ResolvedImage image = oci.resolve(build).orElseThrow();

      assertThatThrownBy(() -> oci.tag(image, Tag.parse("1.0.0")))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("repository " + build.repository())
          .hasMessageContaining("reference 1.0.0");
    }
  }

  @Test
  void tokens_areRefetchedOnceTheyExpire() {
    ImageReference build = repo("expiry").withTag(Tag.parse("sha-4"));
    push(build);
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    tokens.expiresIn(60);
    try (OciImageRegistry oci = as("ci", "s3cret").clock(clock).build()) {
      oci.resolve(build).orElseThrow();
      oci.resolve(build).orElseThrow();
      assertThat(tokenRequests()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(61));
      oci.resolve(build).orElseThrow();

      assertThat(tokenRequests()).isEqualTo(2);
    } finally {
      tokens.expiresIn(300);
    }
  }

  @Test
  void resolve_whenTokenServerRefusesTheCredentials_throwsAccessDenied() {
    ImageReference build = repo("refused").withTag(Tag.parse("sha-5"));
    push(build);
    try (OciImageRegistry oci = as("ci", "wrong-password").build()) {
      assertThatThrownBy(() -> oci.resolve(build))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("token server refused")
          .satisfies(e -> assertThat(e.toString()).doesNotContain("wrong-password"));
    }
  }
}
