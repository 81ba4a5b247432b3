package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseVersionTest {

  @ParameterizedTest
  @CsvSource({
    "1.2.3,          1.2.3",
    "v1.2.3,         1.2.3",
    "V0.10.0,        0.10.0",
    "release-2024,   ''",
    "1.2.3-rc1,      ''",
    "v1.2,           ''",
    "_nightly.2024,  ''",
  })
  void parse_keepsTagAsWritten_andReadsSemanticVersionWhenThereIsOne(String text, String semantic) {
    ReleaseVersion release = ReleaseVersion.parse(text);

    assertThat(release.tag()).isEqualTo(text);
    assertThat(release).hasToString(text);
    assertThat(release.imageTag()).isEqualTo(Tag.parse(text));
    assertThat(release.semantic()).isEqualTo(SemanticVersion.tryParse(semantic));
    assertThat(ReleaseVersion.tryParse(text)).contains(release);
  }

  @Test
  void tagsThatDifferOnlyByPrefix_areDifferentReleases() {
    assertThat(ReleaseVersion.parse("v1.2.3")).isNotEqualTo(ReleaseVersion.parse("1.2.3"));
    assertThat(ReleaseVersion.parse("v1.2.3").semantic())
        .isEqualTo(ReleaseVersion.parse("1.2.3").semantic());
  }

  @ParameterizedTest
  @CsvSource({
    "v$VERSION,                   v1.2.3",
    "$VERSION,                    1.2.3",
    "$RESOLVED_VERSION,           1.2.3",
    "v$RESOLVED_VERSION,          v1.2.3",
    "release-$VERSION,            release-1.2.3",
    "$VERSION_$RESOLVED_VERSION,  1.2.3_1.2.3",
  })
  void of_replacesPlaceholdersInTemplate(String template, String expectedTag) {
    ReleaseVersion release = ReleaseVersion.of(SemanticVersion.parse("1.2.3"), template);

    assertThat(release.tag()).isEqualTo(expectedTag);
  }

  @Test
  void of_withVPrefixTemplate_readsBackTheSameSemanticVersion() {
    SemanticVersion version = SemanticVersion.parse("4.5.6");

    assertThat(ReleaseVersion.of(version, "v$VERSION").semantic()).contains(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "v1.2.3", "v{version}", "$version", "VERSION", "$RESOLVED"})
  void of_whenTemplateHasNoPlaceholder_throwsIllegalArgument(String template) {
    assertThatThrownBy(() -> ReleaseVersion.of(SemanticVersion.parse("1.2.3"), template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + template + "\"")
        .hasMessageContaining("$VERSION or $RESOLVED_VERSION");
  }

  @ParameterizedTest
  @ValueSource(strings = {"release/$VERSION", "-$VERSION", "$VERSION $RESOLVED_VERSION"})
  void of_whenResultIsNotAValidTag_throwsIllegalArgument(String template) {
    assertThatThrownBy(() -> ReleaseVersion.of(SemanticVersion.parse("1.2.3"), template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid release version");
  }
}
