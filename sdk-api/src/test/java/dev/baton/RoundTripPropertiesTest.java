package dev.baton;

import static dev.baton.ValueArbitraries.commitShas;
import static dev.baton.ValueArbitraries.digests;
import static dev.baton.ValueArbitraries.environmentNames;
import static dev.baton.ValueArbitraries.imageReferences;
import static dev.baton.ValueArbitraries.releaseVersions;
import static dev.baton.ValueArbitraries.semanticVersions;
import static dev.baton.ValueArbitraries.stackNames;
import static dev.baton.ValueArbitraries.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.baton.SemanticVersion.Bump;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * For every generated valid value, the wire form parses back to an equal value. Each property tries
 * 1000 values unless it says otherwise (-DQT_EXAMPLES changes that default).
 */
class RoundTripPropertiesTest {

  /**
   * A value type whose wire form ({@code toString}) parses back with {@code parse}, and what else
   * holds for every value of it.
   */
  record RoundTrip<T>(String type, Gen<T> values, Function<String, T> parse, Consumer<T> also) {
    RoundTrip(String type, Gen<T> values, Function<String, T> parse) {
      this(type, values, parse, value -> {});
    }

    @Override
    public String toString() {
      return type;
    }
  }

  static Stream<RoundTrip<?>> values() {
    return Stream.of(
        new RoundTrip<>("digest", digests(), Digest::parse),
        new RoundTrip<>("tag", tags(), Tag::parse),
        new RoundTrip<>("environment name", environmentNames(), EnvironmentName::parse),
        new RoundTrip<>("stack name", stackNames(), StackName::parse),
        // A commit id ignores case, and its abbreviations are its prefixes.
        new RoundTrip<>(
            "commit SHA",
            commitShas(),
            CommitSha::parse,
            sha -> {
              assertThat(CommitSha.parse(sha.value().toUpperCase(Locale.ROOT))).isEqualTo(sha);
              assertThat(sha.value()).startsWith(sha.shortForm()).isEqualTo(sha.abbreviate(40));
            }),
        // A semantic version also reads with the v prefix.
        new RoundTrip<>(
            "semantic version",
            semanticVersions(),
            SemanticVersion::parse,
            version -> assertThat(SemanticVersion.parse("v" + version)).isEqualTo(version)),
        // A release is published under its git tag as the image tag.
        new RoundTrip<>(
            "release version",
            releaseVersions(),
            ReleaseVersion::parse,
            release -> assertThat(release.imageTag().value()).isEqualTo(release.tag())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void value_roundTrips(RoundTrip<?> value) {
    assertRoundTrips(value);
  }

  @Test
  void semanticVersion_compareTo_isConsistentWithEquals() {
    qt().forAll(semanticVersions(), semanticVersions())
        .checkAssert(
            (a, b) -> {
              assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
              assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
            });
  }

  @Test
  void semanticVersion_bump_isGreater() {
    qt().forAll(semanticVersions(), arbitrary().enumValues(Bump.class))
        .checkAssert(
            (version, bump) -> {
              if (version.major() < Integer.MAX_VALUE
                  && version.minor() < Integer.MAX_VALUE
                  && version.patch() < Integer.MAX_VALUE) {
                assertThat(version.bump(bump)).isGreaterThan(version);
              }
            });
  }

  @Test
  void releaseVersion_of_readsBackItsSemanticVersion() {
    qt().forAll(semanticVersions())
        .checkAssert(
            version -> {
              assertThat(ReleaseVersion.of(version, "v$VERSION").semantic()).contains(version);
              assertThat(ReleaseVersion.of(version, "$RESOLVED_VERSION").semantic())
                  .contains(version);
            });
  }

  @Test
  void imageReference_roundTrips() {
    qt().withExamples(2000)
        .forAll(imageReferences())
        .checkAssert(
            ref -> {
              ImageReference parsed = ImageReference.parse(ref.toString());

              assertThat(parsed).isEqualTo(ref).hasSameHashCodeAs(ref);
              assertThat(parsed.toString()).isEqualTo(ref.toString());
            });
  }

  @Test
  void imageReference_withers_keepRoundTripping() {
    qt().forAll(imageReferences(), tags(), digests())
        .checkAssert(
            (ref, tag, digest) -> {
              for (ImageReference variant :
                  new ImageReference[] {
                    ref.withTag(tag),
                    ref.withDigest(digest),
                    ref.withoutTag(),
                    ref.withoutDigest(),
                    ref.repositoryOnly()
                  }) {
                assertThat(ImageReference.parse(variant.toString())).isEqualTo(variant);
                assertThat(variant.registry()).isEqualTo(ref.registry());
                assertThat(variant.repository()).isEqualTo(ref.repository());
              }
              assertThat(ref.withDigest(digest).isPinned()).isTrue();
              assertThat(ref.repositoryOnly().tag()).isEmpty();
              assertThat(ref.repositoryOnly().digest()).isEmpty();
            });
  }

  @Test
  void digest_sha256_matchesItsContentOnly() {
    qt().forAll(
            Generate.byteArrays(
                integers().between(0, 255),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)))
        .checkAssert(
            content -> {
              Digest digest = Digest.sha256(content);
              byte[] longer = Arrays.copyOf(content, content.length + 1);

              assertThat(digest.matches(content)).isTrue();
              assertThat(digest.matches(longer)).isFalse();
              assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
            });
  }

  /**
   * Every generated value's wire form ({@code toString}) parses back to an equal value, and what
   * else holds for the type holds for it.
   */
  private static <T> void assertRoundTrips(RoundTrip<T> type) {
    qt().forAll(type.values())
        .checkAssert(
            value -> {
              assertThat(type.parse().apply(value.toString())).isEqualTo(value);
              type.also().accept(value);
            });
  }
}
