package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.SemanticVersion.Bump;
import java.util.Arrays;
import java.util.Locale;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** For every generated valid value, the wire form parses back to an equal value. */
class RoundTripPropertiesTest {

  @Property
  void digest_roundTrips(@ForAll("digests") Digest digest) {
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
  }

  @Property
  void tag_roundTrips(@ForAll("tags") Tag tag) {
    assertThat(Tag.parse(tag.toString())).isEqualTo(tag);
  }

  @Property
  void commitSha_roundTrips_andIgnoresCase(@ForAll("commitShas") CommitSha sha) {
    assertThat(CommitSha.parse(sha.toString())).isEqualTo(sha);
    assertThat(CommitSha.parse(sha.value().toUpperCase(Locale.ROOT))).isEqualTo(sha);
    assertThat(sha.value()).startsWith(sha.shortForm()).isEqualTo(sha.abbreviate(40));
  }

  @Property
  void semanticVersion_roundTrips(@ForAll("semanticVersions") SemanticVersion version) {
    assertThat(SemanticVersion.parse(version.toString())).isEqualTo(version);
    assertThat(SemanticVersion.parse("v" + version)).isEqualTo(version);
  }

  @Property
  void semanticVersion_compareTo_isConsistentWithEquals(
      @ForAll("semanticVersions") SemanticVersion a,
      @ForAll("semanticVersions") SemanticVersion b) {
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
  }

  @Property
  void semanticVersion_bump_isGreater(
      @ForAll("semanticVersions") SemanticVersion version, @ForAll Bump bump) {
    if (version.major() < Integer.MAX_VALUE && version.minor() < Integer.MAX_VALUE
        && version.patch() < Integer.MAX_VALUE) {
      assertThat(version.bump(bump)).isGreaterThan(version);
    }
  }

  @Property
  void releaseVersion_roundTrips(@ForAll("releaseVersions") ReleaseVersion release) {
    assertThat(ReleaseVersion.parse(release.toString())).isEqualTo(release);
    assertThat(release.imageTag().value()).isEqualTo(release.tag());
  }

  @Property
  void releaseVersion_of_readsBackItsSemanticVersion(
      @ForAll("semanticVersions") SemanticVersion version) {
    assertThat(ReleaseVersion.of(version, "v$VERSION").semantic()).contains(version);
    assertThat(ReleaseVersion.of(version, "$RESOLVED_VERSION").semantic()).contains(version);
  }

  @Property
  void environmentName_roundTrips(@ForAll("environmentNames") EnvironmentName name) {
    assertThat(EnvironmentName.parse(name.toString())).isEqualTo(name);
  }

  @Property
  void stackName_roundTrips(@ForAll("stackNames") StackName name) {
    assertThat(StackName.parse(name.toString())).isEqualTo(name);
  }

  @Property(tries = 2000)
  void imageReference_roundTrips(@ForAll("imageReferences") ImageReference ref) {
    ImageReference parsed = ImageReference.parse(ref.toString());

    assertThat(parsed).isEqualTo(ref).hasSameHashCodeAs(ref);
    assertThat(parsed.toString()).isEqualTo(ref.toString());
  }

  @Property
  void imageReference_withers_keepRoundTripping(
      @ForAll("imageReferences") ImageReference ref, @ForAll("tags") Tag tag,
      @ForAll("digests") Digest digest) {
    for (ImageReference variant : new ImageReference[] {ref.withTag(tag), ref.withDigest(digest),
        ref.withoutTag(), ref.withoutDigest(), ref.repositoryOnly()}) {
      assertThat(ImageReference.parse(variant.toString())).isEqualTo(variant);
      assertThat(variant.registry()).isEqualTo(ref.registry());
      assertThat(variant.repository()).isEqualTo(ref.repository());
    }
    assertThat(ref.withDigest(digest).isPinned()).isTrue();
    assertThat(ref.repositoryOnly().tag()).isEmpty();
    assertThat(ref.repositoryOnly().digest()).isEmpty();
  }

  @Property
  void digest_sha256_matchesItsContentOnly(@ForAll byte[] content) {
    Digest digest = Digest.sha256(content);
    byte[] longer = Arrays.copyOf(content, content.length + 1);

    assertThat(digest.matches(content)).isTrue();
    assertThat(digest.matches(longer)).isFalse();
    assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
  }

  @Provide
  Arbitrary<Digest> digests() {
    return ValueArbitraries.digests();
  }

  @Provide
  Arbitrary<Tag> tags() {
    return ValueArbitraries.tags();
  }

  @Provide
  Arbitrary<CommitSha> commitShas() {
    return ValueArbitraries.commitShas();
  }

  @Provide
  Arbitrary<SemanticVersion> semanticVersions() {
    return ValueArbitraries.semanticVersions();
  }

  @Provide
  Arbitrary<ReleaseVersion> releaseVersions() {
    return ValueArbitraries.releaseVersions();
  }

  @Provide
  Arbitrary<EnvironmentName> environmentNames() {
    return ValueArbitraries.environmentNames();
  }

  @Provide
  Arbitrary<StackName> stackNames() {
    return ValueArbitraries.stackNames();
  }

  @Provide
  Arbitrary<ImageReference> imageReferences() {
    return ValueArbitraries.imageReferences();
  }
}
