package dev.baton;

import static dev.baton.CommitShaTest.SHA;
import static dev.baton.DigestTest.EMPTY_SHA256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every value type's {@code parse} and {@code tryParse} accept and refuse, as one table: a
 * refused text is quoted after {@code invalid WHAT} with what is wrong with it, and {@code
 * tryParse} is empty; a null text is refused alike; an accepted text is the value's wire form. What
 * only one type does (a commit id's case folding, a digest's two parts, a reference's normalising)
 * stays in that type's own test.
 */
class ValueTypesParseTest {

  /**
   * One value type's parsers.
   *
   * @param what its name in messages
   * @param parse its {@code parse}
   * @param tryParse its {@code tryParse}
   */
  record Parser<T>(String what, Function<String, T> parse, Function<String, Optional<T>> tryParse) {
    @Override
    public String toString() {
      return what;
    }
  }

  static final Parser<EnvironmentName> ENVIRONMENT_NAME =
      new Parser<>("environment name", EnvironmentName::parse, EnvironmentName::tryParse);
  static final Parser<StackName> STACK_NAME =
      new Parser<>("stack name", StackName::parse, StackName::tryParse);
  static final Parser<Tag> TAG = new Parser<>("tag", Tag::parse, Tag::tryParse);
  static final Parser<CommitSha> COMMIT_SHA =
      new Parser<>("commit SHA", CommitSha::parse, CommitSha::tryParse);
  static final Parser<ReleaseVersion> RELEASE_VERSION =
      new Parser<>("release version", ReleaseVersion::parse, ReleaseVersion::tryParse);
  static final Parser<SemanticVersion> SEMANTIC_VERSION =
      new Parser<>("semantic version", SemanticVersion::parse, SemanticVersion::tryParse);
  static final Parser<Digest> DIGEST = new Parser<>("digest", Digest::parse, Digest::tryParse);
  static final Parser<ImageReference> IMAGE_REFERENCE =
      new Parser<>("image reference", ImageReference::parse, ImageReference::tryParse);

  /** A digest as a reference pins it. */
  private static final String PINNED = "sha256:" + EMPTY_SHA256;

  /**
   * A type held in one record component: the type, the text, the value's text and wire form (the
   * text itself but for a commit id, whose case is lowered).
   */
  static Stream<Arguments> accepted() {
    return Stream.of(
            rows(
                ENVIRONMENT_NAME,
                "dev",
                "staging",
                "prod",
                "0",
                "eu-west_1",
                "pr-1234",
                "a".repeat(63)),
            rows(
                STACK_NAME,
                "plat-ue2-prod",
                "orgs/acme/prod/us-east-2",
                "a",
                "9",
                "Acme.Prod_1",
                "a/.hidden",
                "a/...",
                "a/b..c",
                "a-/b_",
                "a".repeat(128)),
            rows(
                TAG,
                "latest",
                "1.2.3",
                "v1.2.3",
                "_private",
                "A",
                "9",
                "1.0.0-rc.1_build.7",
                "UPPER.lower-_",
                "sha-0123456789abcdef0123456789abcdef01234567",
                "a".repeat(128)),
            Stream.of(
                Arguments.of(COMMIT_SHA, SHA, SHA),
                Arguments.of(COMMIT_SHA, SHA.toUpperCase(Locale.ROOT), SHA),
                Arguments.of(COMMIT_SHA, "3f786850E387550fdab836ed7e6dc881DE23001b", SHA),
                Arguments.of(COMMIT_SHA, "0".repeat(40), "0".repeat(40))))
        .flatMap(Function.identity());
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @MethodSource("accepted")
  void parse_whenValid_keepsValue(Parser<?> type, String text, String value)
      throws ReflectiveOperationException {
    assertAccepted(type, text, value);
  }

  /** The type, the text, the fragments the message must contain after the quoted text. */
  static Stream<Arguments> refused() {
    return Stream.of(
            // EnvironmentName: lower case, 1 to 63 characters.
            refusals(
                ENVIRONMENT_NAME,
                "[a-z0-9][a-z0-9_-]{0,62}",
                "",
                "Prod",
                "PROD",
                "-dev",
                "_dev",
                "dev.eu",
                "dev/eu",
                "dev eu",
                "dév",
                "dev\n",
                "a".repeat(64)),
            // StackName: safe as a process argument and as a path below the stacks directory.
            refusals(STACK_NAME, "must not start with '-'", "-plat", "--help"),
            refusals(
                STACK_NAME,
                "expected [A-Za-z0-9]",
                "",
                "/etc/stacks",
                ".hidden",
                "_x",
                "a b",
                "a;rm",
                "a\nb",
                "a\\b",
                "a".repeat(129)),
            refusals(STACK_NAME, "must not be empty", "a//b", "a/", "a/b/"),
            refusals(STACK_NAME, "\"..\" path segment", "a/../b", "a/..", "a/b/../../.."),
            // Tag: the OCI distribution-spec grammar.
            refusals(TAG, "expected [A-Za-z0-9_]", ""),
            refusals(
                TAG,
                "expected",
                ".hidden",
                "-dash",
                "a:b",
                "a/b",
                "a b",
                "a+b",
                "v1.2.3\n",
                "café"),
            refusals(TAG, "it is 129 characters; at most 128 are allowed", "a".repeat(129)),
            // CommitSha: exactly 40 hex characters.
            refusals(
                COMMIT_SHA,
                "expected exactly 40 hex characters",
                "",
                "3f78685",
                "3f786850e387550fdab836ed7e6dc881de23001",
                "3f786850e387550fdab836ed7e6dc881de23001b0",
                "3f786850e387550fdab836ed7e6dc881de23001g",
                " 3f786850e387550fdab836ed7e6dc881de23001b",
                "3f786850e387550fdab836ed7e6dc881de23001b\n",
                "0x3f786850e387550fdab836ed7e6dc881de2300"),
            // ReleaseVersion: any git tag that is also an image tag.
            refusals(
                RELEASE_VERSION,
                "image tag",
                "",
                "-1.2.3",
                ".1.2.3",
                "v1.2.3/hotfix",
                "release 1",
                "v1.2.3:x",
                "ü1"),
            Stream.of(Arguments.of(RELEASE_VERSION, "v".repeat(129), "129 characters")),
            // Digest: the OCI image-spec grammar, sha256 and sha512 checked further.
            refusals(DIGEST, "expected algorithm:encoded", "", "sha256", EMPTY_SHA256),
            refusals(
                DIGEST,
                "encoded part",
                "sha256:",
                "sha256::" + EMPTY_SHA256,
                "foo:a b",
                "sha256:" + EMPTY_SHA256 + " "),
            refusals(
                DIGEST,
                "algorithm must be lowercase",
                ":" + EMPTY_SHA256,
                "SHA256:" + EMPTY_SHA256,
                "sha256-:abc",
                "sha..256:abc"),
            refusals(
                DIGEST,
                "lowercase hex",
                "sha256:" + EMPTY_SHA256.toUpperCase(Locale.ROOT),
                "sha256:" + EMPTY_SHA256.replace('e', 'g')),
            Stream.of(
                Arguments.of(
                    DIGEST, "sha256:abc", "sha256 must be 64 lowercase hex characters, got 3"),
                Arguments.of(DIGEST, "sha256:" + EMPTY_SHA256.substring(1), "got 63 characters"),
                Arguments.of(DIGEST, "sha256:" + EMPTY_SHA256 + "0", "got 65 characters"),
                Arguments.of(
                    DIGEST,
                    "sha512:" + EMPTY_SHA256,
                    "sha512 must be 128 lowercase hex characters")),
            // ImageReference: Docker's reference grammar; the message names the bad part.
            refusals(
                IMAGE_REFERENCE,
                "repository path component \"\"",
                "Foo//bar",
                "a//b",
                "a/",
                "/a",
                "ghcr.io/"),
            Stream.of(
                Arguments.of(IMAGE_REFERENCE, "", "expected [registry/]repository[:tag][@digest]"),
                Arguments.of(
                    IMAGE_REFERENCE,
                    "docker.io/UPPER/x",
                    "repository path component \"UPPER\" must be lowercase"),
                Arguments.of(IMAGE_REFERENCE, "-leading", "repository path component \"-leading\""),
                Arguments.of(IMAGE_REFERENCE, "a_/b", "repository path component \"a_\""),
                Arguments.of(IMAGE_REFERENCE, "a..b", "repository path component \"a..b\""),
                Arguments.of(IMAGE_REFERENCE, "a___b", "repository path component \"a___b\""),
                Arguments.of(IMAGE_REFERENCE, "a b", "repository path component \"a b\""),
                Arguments.of(IMAGE_REFERENCE, "a:", "invalid tag \"\""),
                Arguments.of(IMAGE_REFERENCE, "a:b:c", "invalid tag \"b:c\""),
                Arguments.of(IMAGE_REFERENCE, "a:-x", "invalid tag \"-x\""),
                Arguments.of(
                    IMAGE_REFERENCE, "nginx:" + "t".repeat(129), "129 characters; at most 128"),
                Arguments.of(
                    IMAGE_REFERENCE,
                    "a@sha256:short",
                    "invalid digest \"sha256:short\": sha256 must be 64"),
                Arguments.of(IMAGE_REFERENCE, "a@", "invalid digest \"\""),
                Arguments.of(IMAGE_REFERENCE, "a:1@" + PINNED + "@" + PINNED, "invalid digest"),
                Arguments.of(
                    IMAGE_REFERENCE,
                    "ghcr.io:http/a",
                    "registry \"ghcr.io:http\" must be a host name"),
                Arguments.of(
                    IMAGE_REFERENCE, "-bad.io/a", "registry \"-bad.io\" must be a host name"),
                Arguments.of(
                    IMAGE_REFERENCE, "bad-.io/a", "registry \"bad-.io\" must be a host name"),
                Arguments.of(
                    IMAGE_REFERENCE, "[zz::1]/a", "registry \"[zz::1]\" must be a host name"),
                Arguments.of(
                    IMAGE_REFERENCE, "Bad_Host/a", "registry \"Bad_Host\" must be a host name"),
                Arguments.of(IMAGE_REFERENCE, EMPTY_SHA256, "image ID, not a repository name"),
                Arguments.of(
                    IMAGE_REFERENCE,
                    "ghcr.io/" + "a".repeat(248),
                    "is 256 characters; at most 255"),
                // Docker checks the length of the normalised name, so library/ counts.
                Arguments.of(IMAGE_REFERENCE, "a".repeat(240), "is 258 characters; at most 255")))
        .flatMap(Function.identity());
  }

  /** One row for each text, which is also the value: the type, the text, the value. */
  private static Stream<Arguments> rows(Parser<?> type, String... texts) {
    return Stream.of(texts).map(text -> Arguments.of(type, text, text));
  }

  /** One row for each text, all refused with the same fragment in the message. */
  private static Stream<Arguments> refusals(Parser<?> type, String expected, String... texts) {
    return Stream.of(texts).map(text -> Arguments.of(type, text, expected));
  }

  @ParameterizedTest(name = "{0} \"{1}\"")
  @MethodSource("refused")
  void parse_whenInvalid_throwsQuotingInputAndSayingWhatIsWrong(
      Parser<?> type, String text, String expected) {
    assertRejected(type, text, expected);
  }

  /** SemanticVersion: strictly [v]major.minor.patch, each part an int. */
  @ParameterizedTest(name = "semantic version \"{0}\"")
  @MethodSource
  void parse_whenNotStrictMajorMinorPatch_throwsQuotingInput(String text) {
    assertRejected(SEMANTIC_VERSION, text);
  }

  static Stream<String> parse_whenNotStrictMajorMinorPatch_throwsQuotingInput() {
    return Stream.of(
        "",
        "1",
        "1.2",
        "1.2.3.4",
        "1.2.3-rc1",
        "1.2.3+build.5",
        "v",
        "vv1.2.3",
        "version1.2.3",
        " 1.2.3",
        "1.2.3 ",
        "1..3",
        "-1.2.3",
        "1.-2.3",
        "01.2.3",
        "1.02.3",
        "1.2.03",
        "1.2.x",
        "１.2.3",
        "2147483648.0.0",
        "1.2.99999999999999999999");
  }

  static Stream<Parser<?>> types() {
    return Stream.of(
        ENVIRONMENT_NAME,
        STACK_NAME,
        TAG,
        COMMIT_SHA,
        RELEASE_VERSION,
        SEMANTIC_VERSION,
        DIGEST,
        IMAGE_REFERENCE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void parse_whenNull_throwsIllegalArgument_andTryParseIsEmpty(Parser<?> type) {
    assertThatThrownBy(() -> type.parse().apply(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid " + type.what() + " null: expected ");
    assertThat(type.tryParse().apply(null)).isEmpty();
  }

  /** The type, its constructor, the name of the component that may not be null. */
  static Stream<Arguments> constructors() {
    return Stream.of(
        Arguments.of(ENVIRONMENT_NAME, (Function<String, ?>) EnvironmentName::new, "value"),
        Arguments.of(STACK_NAME, (Function<String, ?>) StackName::new, "value"),
        Arguments.of(TAG, (Function<String, ?>) Tag::new, "value"),
        Arguments.of(COMMIT_SHA, (Function<String, ?>) CommitSha::new, "value"),
        Arguments.of(RELEASE_VERSION, (Function<String, ?>) ReleaseVersion::new, "tag"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constructors")
  void constructor_whenNull_namesTheComponent(
      Parser<?> type, Function<String, ?> constructor, String component) {
    assertThatThrownBy(() -> constructor.apply(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(component);
  }

  /**
   * {@code parse} accepts {@code text} as a value whose one record component and wire form are
   * {@code value}, which parses back to it, and {@code tryParse} gives the same value.
   */
  private static <T> void assertAccepted(Parser<T> type, String text, String value)
      throws ReflectiveOperationException {
    T parsed = type.parse().apply(text);

    assertThat(parsed.getClass().getRecordComponents()[0].getAccessor().invoke(parsed))
        .isEqualTo(value);
    assertThat(parsed).hasToString(value).isEqualTo(type.parse().apply(value));
    assertThat(type.tryParse().apply(text)).contains(parsed);
  }

  /**
   * {@code parse} throws an IllegalArgumentException starting {@code invalid <what> "<text>": } and
   * containing each of {@code expected}, and {@code tryParse} is empty.
   */
  private static void assertRejected(Parser<?> type, String text, String... expected) {
    assertThatThrownBy(() -> type.parse().apply(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid " + type.what() + " \"" + text + "\": ")
        .satisfies(
            e -> {
              for (String part : expected) {
                assertThat(e).hasMessageContaining(part);
              }
            });
    assertThat(type.tryParse().apply(text)).isEmpty();
  }
}
