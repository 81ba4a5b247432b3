package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.oci.support.ImagePusher.Pushed;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.RegistryFixture;
import dev.baton.spi.ResolvedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cross-repository copy by blob mount, and cross-registry copy by streaming, against real {@code
 * docker-registry} instances; counted by a proxy, read back by {@code skopeo}.
 */
class OciCopyTest {
  @RegisterExtension static final RegistryFixture registry = RegistryFixture.anonymous();
  private static final OciImageRegistry oci = registry.oci();
  @RegisterExtension static final RegistryFixture other = RegistryFixture.anonymous();

  private static ImageReference repo(String name) {
    return registry.repo("copy/" + name);
  }

  private static ImageReference prod(String tag) {
    return repo("prod").withTag(Tag.parse(tag));
  }

  private static ImageReference elsewhere(String repository, String tag) {
    return ImageReference.of(other.host(), "elsewhere/" + repository).withTag(Tag.parse(tag));
  }

  /**
   * An image pushed as {@code copy/stage:<tag>} through the proxy, to be copied to {@code target}.
   */
  private record Copy(ImageReference source, Pushed pushed, ImageReference target) {
    /** The source as a caller that pushed it, and so holds its manifest bytes, has it. */
    ResolvedImage held() {
      return RegistryFixture.held(pushed, source);
    }
  }

  /**
   * @param tag the source's tag in {@code copy/stage}
   * @param index an index of two platforms, else a single manifest
   * @param layers the layers of a single manifest
   * @param target where the test copies it
   */
  private static Copy pushToStage(String tag, boolean index, int layers, ImageReference target) {
    ImageReference source = repo("stage").withTag(Tag.parse(tag));
    Pushed pushed =
        index ? registry.pushIndex(source, Style.OCI) : registry.push(source, Style.OCI, layers);
    return new Copy(source, pushed, target);
  }

  @Test
  void copy_crossRepository_withHeldBytes_costsHeadMountsAndPut_LPlus3() {
    int layers = 3;
    Copy c = pushToStage("sha-1", false, layers, prod("1.0.0"));

    ResolvedImage copied = oci.copy(c.held(), c.target());

    assertThat(copied.digest()).isEqualTo(c.pushed().digest());
    assertThat(copied.reference()).isEqualTo(c.target());
    assertThat(registry.requests()).hasSize(layers + 3);
    assertThat(registry.methods()).containsExactly("HEAD", "POST", "POST", "POST", "POST", "PUT");
    for (Digest blob : c.pushed().blobs()) {
      assertThat(registry.requests())
          .contains(
              "POST /v2/"
                  + c.target().repository()
                  + "/blobs/uploads/?mount="
                  + blob.toString().replace(":", "%3A")
                  + "&from="
                  + c.source().repository().replace("/", "%2F"));
    }
    assertThat(Digest.sha256(registry.raw(c.target()))).isEqualTo(c.pushed().digest());
  }

  @Test
  void copy_crossRepository_coldProcess_costsLPlus4() {
    Copy c = pushToStage("sha-2", false, 1, prod("1.0.0"));

    oci.copy(oci.resolve(c.source()).orElseThrow(), c.target());

    assertThat(registry.methods()).containsExactly("GET", "HEAD", "POST", "POST", "PUT");
    assertThat(Digest.sha256(registry.raw(c.target()))).isEqualTo(c.pushed().digest());
  }

  @Test
  void copy_index_crossRepository_pushesChildrenByDigestThenIndexByTag() {
    Copy c = pushToStage("multi", true, 1, prod("2.0.0"));

    ResolvedImage copied = oci.copy(c.held(), c.target());

    assertThat(copied.platforms()).hasSize(2);
    List<String> requests = registry.requests();
    // HEAD + P x GET child + B mounts + P x PUT child by digest + PUT index = 1 + 2 + 4 + 2 + 1
    assertThat(requests).hasSize(10);
    assertThat(requests.get(requests.size() - 1))
        .isEqualTo("PUT /v2/" + c.target().repository() + "/manifests/2.0.0");
    assertThat(requests)
        .filteredOn(s -> s.startsWith("PUT"))
        .hasSize(3)
        .allSatisfy(s -> assertThat(s).containsAnyOf("sha256:", "2.0.0"));
    assertThat(registry.raw(c.target())).isEqualTo(c.pushed().manifest());
  }

  @Test
  void copy_whenTargetAlreadyAtDigest_writesNothing() {
    Copy c = pushToStage("sha-3", false, 1, prod("1.0.0"));
    oci.copy(c.held(), c.target());
    registry.proxy().reset();

    ResolvedImage again = oci.copy(c.held(), c.target());

    assertThat(again.digest()).isEqualTo(c.pushed().digest());
    assertThat(registry.methods()).containsExactly("HEAD");
  }

  @Test
  void copy_whenTargetTagNamesAnotherDigest_throwsConflict() {
    Copy a = pushToStage("a", false, 1, prod("1.0.0"));
    Copy b = pushToStage("b", false, 1, a.target());
    oci.copy(a.held(), a.target());

    assertThatThrownBy(() -> oci.copy(b.held(), b.target()))
        .isInstanceOf(TagConflictException.class);
    assertThat(Digest.sha256(registry.raw(a.target()))).isEqualTo(a.pushed().digest());
  }

  @Test
  void copy_whenMountAnswers202_failsAndCancelsTheUpload() {
    Copy c = pushToStage("sha-4", false, 1, prod("1.0.0"));
    String target = c.target().repository();
    registry.proxy().answerNext(404, Map.of(), new byte[0]); // HEAD target tag
    registry
        .proxy()
        .answerNext(
            202, Map.of("Location", "/v2/" + target + "/blobs/uploads/0b1c-session"), new byte[0]);

    assertThatThrownBy(() -> oci.copy(c.held(), c.target()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("did not mount")
        .hasMessageContaining("202")
        .hasMessageContaining("repository " + target);
    assertThat(registry.requests())
        .last()
        .asString()
        .startsWith("DELETE /v2/" + target + "/blobs/uploads/0b1c-session");
    assertThat(registry.requests()).noneMatch(s -> s.startsWith("PUT"));
  }

  @Test
  void copy_acrossRegistries_streamsEveryBlob_andKeepsTheDigest() {
    Copy c = pushToStage("multi", true, 1, elsewhere("app", "1.0.0"));

    ResolvedImage copied = oci.copy(c.held(), c.target());

    assertThat(copied.digest()).isEqualTo(c.pushed().digest());
    assertThat(other.raw(c.target())).isEqualTo(c.pushed().manifest());
    // Every blob was read from the source (none could be mounted across registries).
    assertThat(registry.requests())
        .filteredOn(s -> s.startsWith("GET") && s.contains("/blobs/"))
        .hasSize(c.pushed().blobs().size());
  }

  @Test
  void copy_acrossRegistries_whenBlobsAlreadyThere_readsNoBlob() {
    Copy c = pushToStage("once", false, 2, elsewhere("one", "a"));
    oci.copy(c.held(), c.target());
    registry.proxy().reset();

    // Same registry as the first target: the blobs are mounted there, not streamed again.
    ResolvedImage copied = oci.copy(oci.resolve(c.target()).orElseThrow(), elsewhere("two", "b"));

    assertThat(copied.digest()).isEqualTo(c.pushed().digest());
    assertThat(registry.requests()).isEmpty();
  }

  @Test
  void copy_acrossRegistries_followsABlobRedirectToAnotherHost() {
    Copy c = pushToStage("redirect", false, 1, elsewhere("redirected", "1.0.0"));
    String source = c.source().repository();
    Digest config = c.pushed().blobs().get(0);
    // Blob storage elsewhere (as S3 behind a registry): the first blob GET is redirected.
    registry
        .proxy()
        .answerNext(
            307,
            Map.of("Location", "http://" + registry.host() + "/v2/" + source + "/blobs/" + config),
            new byte[0]);

    oci.copy(c.held(), c.target());

    assertThat(Digest.sha256(other.raw(c.target()))).isEqualTo(c.pushed().digest());
    assertThat(registry.requests().get(0)).isEqualTo("GET /v2/" + source + "/blobs/" + config);
  }
}
