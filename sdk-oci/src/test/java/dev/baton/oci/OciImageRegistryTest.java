package dev.baton.oci;

import static dev.baton.oci.support.RegistryFixture.held;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.TagWriter;
import dev.baton.oci.support.ImagePusher.Pushed;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.RegistryFixture;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Resolve and same-repository retag against a real {@code docker-registry}, with every request
 * counted by a proxy in front of it and the result read back by {@code skopeo inspect --raw}.
 */
class OciImageRegistryTest {
  @RegisterExtension static final RegistryFixture registry = RegistryFixture.anonymous();
  private static final OciImageRegistry oci = registry.oci();

  /** A repository reached through the counting proxy; pushes go to the registry directly. */
  private static ImageReference repo(String name) {
    return registry.repo("it/" + name);
  }

  @Test
  void resolve_singleImage_givesDigestMediaTypeAndExactBytesInOneGet() {
    ImageReference ref = repo("single").withTag(Tag.parse("sha-1"));
    Pushed pushed = registry.push(ref, Style.OCI, 2);

    ResolvedImage image = oci.resolve(ref).orElseThrow();

    assertThat(image.digest()).isEqualTo(pushed.digest());
    assertThat(image.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(image.manifest())
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(pushed.manifest()));
    assertThat(image.platforms()).isEmpty();
    assertThat(registry.requests())
        .containsExactly("GET /v2/" + ref.repository() + "/manifests/sha-1");
  }

  // For Style.DOCKER: distribution 2.8 answers a list fetched by tag with its amd64 child unless
  // the
  // list type is accepted (research §3.3); one Accept with all four types gets the list itself.
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "OCI,    index,      sha-2, application/vnd.oci.image.index.v1+json",
    "DOCKER, dockerlist, v1,    application/vnd.docker.distribution.manifest.list.v2+json"
  })
  void resolve_indexByTag_isTheIndexWithItsPlatformsNotAChild(
      Style style, String repository, String tag, String mediaType) {
    ImageReference ref = repo(repository).withTag(Tag.parse(tag));
    Pushed pushed = registry.pushIndex(ref, style);

    ResolvedImage image = oci.resolve(ref).orElseThrow();

    assertThat(image.digest()).isEqualTo(pushed.digest());
    assertThat(image.isIndex()).isTrue();
    assertThat(image.mediaType()).isEqualTo(mediaType);
    assertThat(image.platforms())
        .containsExactly(Platform.of("linux", "amd64"), Platform.of("linux", "arm64"));
  }

  @Test
  void resolve_ociManifestWithoutMediaTypeField_takesTheTypeFromContentType() {
    ImageReference ref = repo("umoci").withTag(Tag.parse("build-1"));
    Pushed pushed = registry.push(ref, Style.OCI_WITHOUT_MEDIA_TYPE, 1);
    assertThat(new String(pushed.manifest()))
        .doesNotContain("\"mediaType\": \"application/vnd.oci.image.manifest");

    ResolvedImage image = oci.resolve(ref).orElseThrow();

    assertThat(image.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(image.digest()).isEqualTo(pushed.digest());
  }

  @Test
  void resolve_byDigest_whenRegistryAnswersOtherBytes_throwsAndNamesBoth() {
    ImageReference ref = repo("tamper").withTag(Tag.parse("v1"));
    Pushed pushed = registry.push(ref, Style.OCI, 1);
    byte[] other =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
            .getBytes();
    registry
        .proxy()
        .answerNext(
            200,
            java.util.Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
            other);

    assertThatThrownBy(() -> oci.resolve(ref.withoutTag().withDigest(pushed.digest())))
        .isInstanceOf(dev.baton.ProviderException.class)
        .hasMessageContaining(Digest.sha256(other).toString())
        .hasMessageContaining(pushed.digest().toString())
        .hasMessageContaining("registry " + registry.proxy().host())
        .hasMessageContaining("repository " + ref.repository());
  }

  @Test
  void tag_coldProcess_costsGetHeadPut_andSkopeoReadsTheSourceBytes() {
    ImageReference build = repo("cold").withTag(Tag.parse("sha-3"));
    Pushed pushed = registry.push(build, Style.OCI, 1);
    String r = build.repository();

    ResolvedImage image = oci.resolve(build).orElseThrow();
    TagResult result = oci.tag(image, Tag.parse("1.0.0"));

    assertThat(result).isEqualTo(TagResult.CREATED);
    assertThat(registry.requests())
        .containsExactly(
            "GET /v2/" + r + "/manifests/sha-3",
            "HEAD /v2/" + r + "/manifests/1.0.0",
            "PUT /v2/" + r + "/manifests/1.0.0");
    byte[] raw = registry.raw(build.withTag(Tag.parse("1.0.0")));
    assertThat(Digest.sha256(raw)).isEqualTo(pushed.digest());
  }

  @Test
  void tag_withHeldBytes_costsHeadAndPutOnly() {
    ImageReference build = repo("held").withTag(Tag.parse("sha-4"));
    Pushed pushed = registry.push(build, Style.OCI, 1);

    TagResult result = oci.tag(held(pushed, build), Tag.parse("1.0.0"));

    assertThat(result).isEqualTo(TagResult.CREATED);
    assertThat(registry.methods()).containsExactly("HEAD", "PUT");
  }

  @Test
  void tag_whenAlreadyAtDigest_sendsOneHeadAndNoWrite() {
    ImageReference build = repo("again").withTag(Tag.parse("sha-5"));
    Pushed pushed = registry.push(build, Style.OCI, 1);
    oci.tag(held(pushed, build), Tag.parse("1.0.0"));
    registry.proxy().reset();

    TagResult result = oci.tag(held(pushed, build), Tag.parse("1.0.0"), TagPolicy.ALLOW_MOVE);

    assertThat(result).isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(registry.requests())
        .containsExactly("HEAD /v2/" + build.repository() + "/manifests/1.0.0");
  }

  /**
   * How {@code baton promote} writes a tag: no read before the write (the tag's own HEAD is the
   * check), one HEAD to read it back; a tag already there costs its HEAD alone.
   */
  @Test
  void tagWriter_newTag_isHeadPutAndAHeadToReadItBack_aRerunOneHead() {
    ImageReference build = repo("writer").withTag(Tag.parse("sha-8"));
    Pushed pushed = registry.push(build, Style.OCI, 1);
    TagWriter writer = TagWriter.builder(oci).build();
    ImageReference release = build.withTag(Tag.parse("4.0.0"));
    String tagPath = "/v2/" + build.repository() + "/manifests/4.0.0";

    assertThat(writer.write(held(pushed, build), release, TagPolicy.NO_CLOBBER, line -> {}))
        .isEqualTo(TagResult.CREATED);
    assertThat(registry.requests())
        .containsExactly("HEAD " + tagPath, "PUT " + tagPath, "HEAD " + tagPath);
    registry.proxy().reset();

    assertThat(writer.write(held(pushed, build), release, TagPolicy.NO_CLOBBER, line -> {}))
        .isEqualTo(TagResult.ALREADY_PRESENT);
    assertThat(registry.requests()).containsExactly("HEAD " + tagPath);
    assertThat(registry.raw(release)).isEqualTo(pushed.manifest());
  }

  @Test
  void tag_withoutBytes_fetchesBySourceDigestThenPuts() {
    ImageReference build = repo("bare").withTag(Tag.parse("sha-6"));
    Pushed pushed = registry.push(build, Style.OCI, 1);
    ResolvedImage bare = ResolvedImage.of(build, pushed.digest(), pushed.mediaType(), List.of());

    assertThat(oci.tag(bare, Tag.parse("2.0.0"))).isEqualTo(TagResult.CREATED);

    String r = build.repository();
    assertThat(registry.requests())
        .containsExactly(
            "HEAD /v2/" + r + "/manifests/2.0.0",
            "GET /v2/" + r + "/manifests/" + pushed.digest(),
            "PUT /v2/" + r + "/manifests/2.0.0");
  }

  @Test
  void tag_index_putsTheIndexOnce_keepingItsDigestAndEveryPlatform() {
    ImageReference build = repo("multi").withTag(Tag.parse("sha-7"));
    Pushed pushed = registry.pushIndex(build, Style.OCI);
    ResolvedImage image = oci.resolve(build).orElseThrow();
    registry.proxy().reset();

    assertThat(oci.tag(image, Tag.parse("3.0.0"))).isEqualTo(TagResult.CREATED);

    assertThat(registry.requests())
        .containsExactly(
            "HEAD /v2/" + build.repository() + "/manifests/3.0.0",
            "PUT /v2/" + build.repository() + "/manifests/3.0.0");
    byte[] raw = registry.raw(build.withTag(Tag.parse("3.0.0")));
    assertThat(raw).isEqualTo(pushed.manifest());
    assertThat(oci.resolve(build.withTag(Tag.parse("3.0.0"))).orElseThrow().platforms()).hasSize(2);
  }

  @Test
  void tag_ociManifestWithoutMediaTypeField_putsItWithItsContentTypeUnchanged() {
    ImageReference build = repo("nomediatype").withTag(Tag.parse("build-2"));
    Pushed pushed = registry.push(build, Style.OCI_WITHOUT_MEDIA_TYPE, 1);
    ResolvedImage image = oci.resolve(build).orElseThrow();

    assertThat(oci.tag(image, Tag.parse("4.0.0"))).isEqualTo(TagResult.CREATED);

    assertThat(Digest.sha256(registry.raw(build.withTag(Tag.parse("4.0.0")))))
        .isEqualTo(pushed.digest());
  }

  @Test
  void tag_dockerSchema2_andDockerList_keepTheirBytes() {
    ImageReference repo = repo("docker");
    Pushed single = registry.push(repo.withTag(Tag.parse("single")), Style.DOCKER, 2);
    Pushed list = registry.pushIndex(repo.withTag(Tag.parse("list")), Style.DOCKER);

    oci.tag(oci.resolve(repo.withTag(Tag.parse("single"))).orElseThrow(), Tag.parse("s-prod"));
    oci.tag(oci.resolve(repo.withTag(Tag.parse("list"))).orElseThrow(), Tag.parse("l-prod"));

    assertThat(registry.raw(repo.withTag(Tag.parse("s-prod")))).isEqualTo(single.manifest());
    assertThat(registry.raw(repo.withTag(Tag.parse("l-prod")))).isEqualTo(list.manifest());
  }

  @Test
  void tag_whenTagNamesAnotherDigest_throwsConflictAndWritesNothing() {
    ImageReference repo = repo("conflict");
    Pushed a = registry.push(repo.withTag(Tag.parse("a")), Style.OCI, 1);
    Pushed b = registry.push(repo.withTag(Tag.parse("b")), Style.OCI, 1);
    oci.tag(held(a, repo.withTag(Tag.parse("a"))), Tag.parse("1.0.0"));
    registry.proxy().reset();

    assertThatThrownBy(() -> oci.tag(held(b, repo.withTag(Tag.parse("b"))), Tag.parse("1.0.0")))
        .isInstanceOf(TagConflictException.class)
        .hasMessageContaining(a.digest().toString())
        .hasMessageContaining(b.digest().toString());

    assertThat(registry.requests()).noneMatch(s -> s.startsWith("PUT"));
  }

  @Test
  void tag_whenAllowMove_movesTheTag() {
    ImageReference repo = repo("move");
    Pushed a = registry.push(repo.withTag(Tag.parse("a")), Style.OCI, 1);
    Pushed b = registry.push(repo.withTag(Tag.parse("b")), Style.OCI, 1);
    oci.tag(held(a, repo.withTag(Tag.parse("a"))), Tag.parse("latest"), TagPolicy.ALLOW_MOVE);

    assertThat(
            oci.tag(
                held(b, repo.withTag(Tag.parse("b"))), Tag.parse("latest"), TagPolicy.ALLOW_MOVE))
        .isEqualTo(TagResult.MOVED);
    assertThat(Digest.sha256(registry.raw(repo.withTag(Tag.parse("latest")))))
        .isEqualTo(b.digest());
  }

  @Test
  void tag_whenSourceDigestMissing_throwsNotFoundNamingTheImage_withoutRetrying() {
    ImageReference repo = repo("gone");
    registry.push(repo.withTag(Tag.parse("present")), Style.OCI, 1);
    Digest absent = Digest.sha256("absent".getBytes());
    ResolvedImage bare =
        ResolvedImage.of(
            repo.withTag(Tag.parse("present")),
            absent,
            "application/vnd.oci.image.manifest.v1+json",
            List.of());

    assertThatThrownBy(() -> oci.tag(bare, Tag.parse("1.0.0")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(absent.toString())
        .hasMessageContaining("repository " + repo.repository())
        .satisfies(
            e ->
                assertThat(((NotFoundException) e).hint())
                    .isEqualTo(dev.baton.Hints.IMAGE_NOT_FOUND));
    assertThat(registry.requests()).hasSize(2); // HEAD target (404), GET source (404): no retries
  }

  @Test
  void tag_whenRegistryReportsAnotherDigestAfterPut_throws() {
    ImageReference build = repo("drift").withTag(Tag.parse("sha-8"));
    Pushed pushed = registry.push(build, Style.OCI, 1);
    Digest other = Digest.sha256("something else".getBytes());
    registry.proxy().answerNext(404, java.util.Map.of(), new byte[0]); // HEAD: tag absent
    registry
        .proxy()
        .answerNext(201, java.util.Map.of("Docker-Content-Digest", other.toString()), new byte[0]);

    assertThatThrownBy(() -> oci.tag(held(pushed, build), Tag.parse("9.9.9")))
        .isInstanceOf(dev.baton.ProviderException.class)
        .hasMessageContaining(other.toString())
        .hasMessageContaining(pushed.digest().toString());
  }
}
