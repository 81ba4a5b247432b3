package dev.baton.oci;

import static dev.baton.oci.support.RegistryFixture.held;
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

  private static Pushed push(ImageReference viaProxy, boolean index, int layers) {
    return index
        ? registry.pushIndex(viaProxy, Style.OCI)
        : registry.push(viaProxy, Style.OCI, layers);
  }

  @Test
  void copy_crossRepository_withHeldBytes_costsHeadMountsAndPut_LPlus3() {
    int layers = 3;
    ImageReference source = repo("stage").withTag(Tag.parse("sha-1"));
    Pushed pushed = push(source, false, layers);
    ImageReference target = repo("prod").withTag(Tag.parse("1.0.0"));

    ResolvedImage copied = oci.copy(held(pushed, source), target);

    assertThat(copied.digest()).isEqualTo(pushed.digest());
    assertThat(copied.reference()).isEqualTo(target);
    assertThat(registry.requests()).hasSize(layers + 3);
    assertThat(registry.methods()).containsExactly("HEAD", "POST", "POST", "POST", "POST", "PUT");
    for (Digest blob : pushed.blobs()) {
      assertThat(registry.requests())
          .contains(
              "POST /v2/"
                  + target.repository()
                  + "/blobs/uploads/?mount="
                  + blob.toString().replace(":", "%3A")
                  + "&from="
                  + source.repository().replace("/", "%2F"));
    }
    assertThat(Digest.sha256(registry.raw(target))).isEqualTo(pushed.digest());
  }

  @Test
  void copy_crossRepository_coldProcess_costsLPlus4() {
    ImageReference source = repo("stage").withTag(Tag.parse("sha-2"));
    Pushed pushed = push(source, false, 1);
    ImageReference target = repo("prod").withTag(Tag.parse("1.0.0"));

    oci.copy(oci.resolve(source).orElseThrow(), target);

    assertThat(registry.methods()).containsExactly("GET", "HEAD", "POST", "POST", "PUT");
    assertThat(Digest.sha256(registry.raw(target))).isEqualTo(pushed.digest());
  }

  @Test
  void copy_index_crossRepository_pushesChildrenByDigestThenIndexByTag() {
    ImageReference source = repo("stage").withTag(Tag.parse("multi"));
    Pushed pushed = push(source, true, 1);
    ImageReference target = repo("prod").withTag(Tag.parse("2.0.0"));

    ResolvedImage copied = oci.copy(held(pushed, source), target);

    assertThat(copied.platforms()).hasSize(2);
    List<String> requests = registry.requests();
    // HEAD + P x GET child + B mounts + P x PUT child by digest + PUT index = 1 + 2 + 4 + 2 + 1
    assertThat(requests).hasSize(10);
    assertThat(requests.get(requests.size() - 1))
        .isEqualTo("PUT /v2/" + target.repository() + "/manifests/2.0.0");
    assertThat(requests)
        .filteredOn(s -> s.startsWith("PUT"))
        .hasSize(3)
        .allSatisfy(s -> assertThat(s).containsAnyOf("sha256:", "2.0.0"));
    assertThat(registry.raw(target)).isEqualTo(pushed.manifest());
  }

  @Test
  void copy_whenTargetAlreadyAtDigest_writesNothing() {
    ImageReference source = repo("stage").withTag(Tag.parse("sha-3"));
    Pushed pushed = push(source, false, 1);
    ImageReference target = repo("prod").withTag(Tag.parse("1.0.0"));
    oci.copy(held(pushed, source), target);
    registry.proxy().reset();

    ResolvedImage again = oci.copy(held(pushed, source), target);

    assertThat(again.digest()).isEqualTo(pushed.digest());
    assertThat(registry.methods()).containsExactly("HEAD");
  }

  @Test
  void copy_whenTargetTagNamesAnotherDigest_throwsConflict() {
    ImageReference stage = repo("stage");
    Pushed a = push(stage.withTag(Tag.parse("a")), false, 1);
    Pushed b = push(stage.withTag(Tag.parse("b")), false, 1);
    ImageReference target = repo("prod").withTag(Tag.parse("1.0.0"));
    oci.copy(held(a, stage.withTag(Tag.parse("a"))), target);

    assertThatThrownBy(() -> oci.copy(held(b, stage.withTag(Tag.parse("b"))), target))
        .isInstanceOf(TagConflictException.class);
    assertThat(Digest.sha256(registry.raw(target))).isEqualTo(a.digest());
  }

  @Test
  void copy_whenMountAnswers202_failsAndCancelsTheUpload() {
    ImageReference source = repo("stage").withTag(Tag.parse("sha-4"));
    Pushed pushed = push(source, false, 1);
    ImageReference target = repo("prod").withTag(Tag.parse("1.0.0"));
    registry.proxy().answerNext(404, Map.of(), new byte[0]); // HEAD target tag
    registry
        .proxy()
        .answerNext(
            202,
            Map.of("Location", "/v2/" + target.repository() + "/blobs/uploads/0b1c-session"),
            new byte[0]);

    assertThatThrownBy(() -> oci.copy(held(pushed, source), target))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("did not mount")
        .hasMessageContaining("202")
        .hasMessageContaining("repository " + target.repository());
    assertThat(registry.requests())
        .last()
        .asString()
        .startsWith("DELETE /v2/" + target.repository() + "/blobs/uploads/0b1c-session");
    assertThat(registry.requests()).noneMatch(s -> s.startsWith("PUT"));
  }

  @Test
  void copy_acrossRegistries_streamsEveryBlob_andKeepsTheDigest() {
    ImageReference source = repo("stage").withTag(Tag.parse("multi"));
    Pushed pushed = push(source, true, 1);
    ImageReference target =
        ImageReference.of(other.host(), "elsewhere/app").withTag(Tag.parse("1.0.0"));

    ResolvedImage copied = oci.copy(held(pushed, source), target);

    assertThat(copied.digest()).isEqualTo(pushed.digest());
    assertThat(other.raw(target)).isEqualTo(pushed.manifest());
    // Every blob was read from the source (none could be mounted across registries).
    assertThat(registry.requests())
        .filteredOn(s -> s.startsWith("GET") && s.contains("/blobs/"))
        .hasSize(pushed.blobs().size());
  }

  @Test
  void copy_acrossRegistries_whenBlobsAlreadyThere_readsNoBlob() {
    ImageReference source = repo("stage").withTag(Tag.parse("once"));
    Pushed pushed = push(source, false, 2);
    ImageReference first = ImageReference.of(other.host(), "elsewhere/one").withTag(Tag.parse("a"));
    oci.copy(held(pushed, source), first);
    registry.proxy().reset();

    // Same registry as the first target: the blobs are mounted there, not streamed again.
    ResolvedImage copied =
        oci.copy(
            oci.resolve(first).orElseThrow(),
            ImageReference.of(other.host(), "elsewhere/two").withTag(Tag.parse("b")));

    assertThat(copied.digest()).isEqualTo(pushed.digest());
    assertThat(registry.requests()).isEmpty();
  }

  @Test
  void copy_acrossRegistries_followsABlobRedirectToAnotherHost() {
    ImageReference source = repo("stage").withTag(Tag.parse("redirect"));
    Pushed pushed = push(source, false, 1);
    Digest config = pushed.blobs().get(0);
    // Blob storage elsewhere (as S3 behind a registry): the first blob GET is redirected.
    registry
        .proxy()
        .answerNext(
            307,
            Map.of(
                "Location",
                "http://" + registry.host() + "/v2/" + source.repository() + "/blobs/" + config),
            new byte[0]);
    ImageReference target =
        ImageReference.of(other.host(), "elsewhere/redirected").withTag(Tag.parse("1.0.0"));

    oci.copy(held(pushed, source), target);

    assertThat(Digest.sha256(other.raw(target))).isEqualTo(pushed.digest());
    assertThat(registry.requests().get(0))
        .isEqualTo("GET /v2/" + source.repository() + "/blobs/" + config);
  }
}
