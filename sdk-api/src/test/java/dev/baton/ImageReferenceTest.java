package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {

  static final String HEX64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final String DIGEST = "sha256:" + HEX64;
  static final String SHA40 = "3f786850e387550fdab836ed7e6dc881de23001b";
  static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

  /** input, registry, repository, tag ("" = none), digest ("" = none), normalised form. */
  static Stream<Arguments> validReferences() {
    return Stream.of(
        Arguments.of("nginx", "docker.io", "library/nginx", "", "", "docker.io/library/nginx"),
        Arguments.of(
            "nginx:1.25", "docker.io", "library/nginx", "1.25", "", "docker.io/library/nginx:1.25"),
        Arguments.of(
            "nginx@" + DIGEST,
            "docker.io",
            "library/nginx",
            "",
            DIGEST,
            "docker.io/library/nginx@" + DIGEST),
        Arguments.of(
            "library/nginx", "docker.io", "library/nginx", "", "", "docker.io/library/nginx"),
        Arguments.of(
            "docker.io/nginx", "docker.io", "library/nginx", "", "", "docker.io/library/nginx"),
        Arguments.of("foo/bar", "docker.io", "foo/bar", "", "", "docker.io/foo/bar"),
        Arguments.of(
            "index.docker.io/foo/bar", "docker.io", "foo/bar", "", "", "docker.io/foo/bar"),
        Arguments.of(
            "index.docker.io/nginx",
            "docker.io",
            "library/nginx",
            "",
            "",
            "docker.io/library/nginx"),
        Arguments.of(
            "ghcr.io/org/team/app:sha-" + SHA40,
            "ghcr.io",
            "org/team/app",
            "sha-" + SHA40,
            "",
            "ghcr.io/org/team/app:sha-" + SHA40),
        Arguments.of(
            "127.0.0.1:5000/team/app@" + DIGEST,
            "127.0.0.1:5000",
            "team/app",
            "",
            DIGEST,
            "127.0.0.1:5000/team/app@" + DIGEST),
        Arguments.of(
            "localhost:5000/app:v1@" + DIGEST,
            "localhost:5000",
            "app",
            "v1",
            DIGEST,
            "localhost:5000/app:v1@" + DIGEST),
        Arguments.of("localhost/app", "localhost", "app", "", "", "localhost/app"),
        Arguments.of("[::1]:5000/a/b:t", "[::1]:5000", "a/b", "t", "", "[::1]:5000/a/b:t"),
        Arguments.of("[2001:db8::1]/a", "[2001:db8::1]", "a", "", "", "[2001:db8::1]/a"),
        Arguments.of(ECR + "/app:1.2.3", ECR, "app", "1.2.3", "", ECR + "/app:1.2.3"),
        Arguments.of(
            "registry.example.com:443/a__b/c--d/e.f_g:_x",
            "registry.example.com:443",
            "a__b/c--d/e.f_g",
            "_x",
            "",
            "registry.example.com:443/a__b/c--d/e.f_g:_x"),
        // Docker's rule: an upper-case first component can only be a registry.
        Arguments.of("UPPER/case", "UPPER", "case", "", "", "UPPER/case"),
        Arguments.of(
            "My-Registry/team/app", "My-Registry", "team/app", "", "", "My-Registry/team/app"),
        // Docker's rule: with no '/', "localhost:5000" is Docker Hub's library/localhost:5000.
        Arguments.of(
            "localhost:5000",
            "docker.io",
            "library/localhost",
            "5000",
            "",
            "docker.io/library/localhost:5000"),
        Arguments.of(
            "ghcr.io", "docker.io", "library/ghcr.io", "", "", "docker.io/library/ghcr.io"));
  }

  @ParameterizedTest
  @MethodSource("validReferences")
  void parse_whenValid_normalisesEachPart(
      String text, String registry, String repository, String tag, String digest, String wire) {
    ImageReference ref = ImageReference.parse(text);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag.isEmpty() ? Optional.empty() : Optional.of(Tag.parse(tag)));
    assertThat(ref.digest()).isEqualTo(Digest.tryParse(digest));
    assertThat(ref.isPinned()).isEqualTo(!digest.isEmpty());
    assertThat(ref).hasToString(wire);
    assertThat(ImageReference.parse(wire)).isEqualTo(ref).hasSameHashCodeAs(ref);
    assertThat(ImageReference.tryParse(text)).contains(ref);
  }

  @Test
  void parse_whenNameIsExactly255Characters_isAccepted() {
    ImageReference ref = ImageReference.parse("ghcr.io/" + "a".repeat(247) + ":" + "t".repeat(128));

    assertThat(ref.registry().length() + 1 + ref.repository().length()).isEqualTo(255);
    assertThat(ref.tag()).hasValueSatisfying(t -> assertThat(t.value()).hasSize(128));
  }

  @Test
  void parse_neverDefaultsToLatest() {
    ImageReference ref = ImageReference.parse("ghcr.io/org/app");

    assertThat(ref.tag()).isEmpty();
    assertThat(ref.digest()).isEmpty();
    assertThat(ref.isPinned()).isFalse();
    assertThat(ref.toString()).doesNotContain("latest");
  }

  @ParameterizedTest
  @CsvSource({
    "ghcr.io,          org/app,  ghcr.io/org/app",
    "docker.io,        nginx,    docker.io/library/nginx",
    "index.docker.io,  foo/bar,  docker.io/foo/bar",
    "localhost,        app,      localhost/app",
    "localhost:5000,   a/b/c,    localhost:5000/a/b/c",
    "[::1],            app,      [::1]/app",
    "Registry,         app,      Registry/app",
  })
  void of_normalisesLikeParse_andHasNoTagOrDigest(String registry, String repository, String wire) {
    ImageReference ref = ImageReference.of(registry, repository);

    assertThat(ref).hasToString(wire).isEqualTo(ImageReference.parse(wire));
    assertThat(ref.tag()).isEmpty();
    assertThat(ref.digest()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    // A registry Docker would read as a Docker Hub path component cannot round-trip.
    "myregistry,  app,       or Docker reads it as a Docker Hub repository path",
    "ghcr.io/x,   app,       must be a host name",
    "'',          app,       must be a host name",
    "ghcr.io,     Org/app,   repository path component \"Org\"",
    "ghcr.io,     '',        repository path component \"\"",
    "ghcr.io,     app:1.0,   repository path component \"app:1.0\"",
    "ghcr.io,     app/,      repository path component \"\"",
  })
  void of_whenInvalid_throwsQuotingTheBadPart(String registry, String repository, String expected) {
    assertThatThrownBy(() -> ImageReference.of(registry, repository))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid image reference \"" + registry + "/" + repository + "\": ")
        .hasMessageContaining(expected);
  }

  @Test
  void withers_replaceOnlyTheirOwnPart() {
    ImageReference ref = ImageReference.parse("ghcr.io/org/app:1.0@" + DIGEST);
    Tag tag = Tag.parse("2.0");
    Digest other = Digest.sha256(new byte[] {1});

    assertThat(ref.withoutDigest()).hasToString("ghcr.io/org/app:1.0");
    assertThat(ref.withoutTag()).hasToString("ghcr.io/org/app@" + DIGEST);
    assertThat(ref.repositoryOnly()).hasToString("ghcr.io/org/app");
    assertThat(ref.withTag(tag)).hasToString("ghcr.io/org/app:2.0@" + DIGEST);
    assertThat(ref.withDigest(other)).hasToString("ghcr.io/org/app:1.0@" + other);
    assertThat(ref.withRepository("org/team/other"))
        .hasToString("ghcr.io/org/team/other:1.0@" + DIGEST);
    assertThat(ref.withoutTag().withoutDigest()).isEqualTo(ref.repositoryOnly());
    assertThat(ref.repositoryOnly().withTag(Tag.parse("1.0")).withDigest(Digest.parse(DIGEST)))
        .isEqualTo(ref);
  }

  @Test
  void withRepository_onDockerHub_normalisesOfficialImages() {
    ImageReference ref = ImageReference.parse("nginx:1.25");

    assertThat(ref.withRepository("httpd")).hasToString("docker.io/library/httpd:1.25");
  }

  @Test
  void withRepository_whenInvalid_throwsQuotingIt() {
    ImageReference ref = ImageReference.parse("ghcr.io/org/app");

    assertThatThrownBy(() -> ref.withRepository("Org/App"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid image reference \"ghcr.io/Org/App\": ");
    assertThatThrownBy(() -> ref.withRepository("a".repeat(250)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 255");
  }

  @ParameterizedTest
  @CsvSource({
    "nginx,                        registry-1.docker.io",
    "index.docker.io/foo/bar,      registry-1.docker.io",
    "ghcr.io/org/app,              ghcr.io",
    "localhost:5000/app,           localhost:5000",
    ECR + "/app,                   " + ECR,
  })
  void apiHost_isDockerHubApiHostOnlyForDockerHub(String text, String apiHost) {
    assertThat(ImageReference.parse(text).apiHost()).isEqualTo(apiHost);
  }

  @Test
  void equals_coversAllFourParts() {
    ImageReference ref = ImageReference.parse("ghcr.io/org/app:1@" + DIGEST);

    assertThat(ref)
        .isEqualTo(ImageReference.parse("ghcr.io/org/app:1@" + DIGEST))
        .isNotEqualTo(null);
    assertThat(ref).isNotEqualTo(ImageReference.parse("quay.io/org/app:1@" + DIGEST));
    assertThat(ref).isNotEqualTo(ImageReference.parse("ghcr.io/org/other:1@" + DIGEST));
    assertThat(ref).isNotEqualTo(ImageReference.parse("ghcr.io/org/app:2@" + DIGEST));
    assertThat(ref).isNotEqualTo(ref.withDigest(Digest.sha256(new byte[] {1})));
    assertThat(ref).isNotEqualTo(ref.withoutTag()).isNotEqualTo(ref.withoutDigest());
    assertThat(ImageReference.parse("nginx"))
        .isEqualTo(ImageReference.parse("docker.io/library/nginx"))
        .hasSameHashCodeAs(ImageReference.parse("index.docker.io/library/nginx"));
  }
}
