package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageTagSchemeTest {
  private static final CommitSha C = CommitSha.parse("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");

  @Test
  void standard_tagsWithTheFortyCharacterSha() {
    assertThat(ImageTagScheme.standard().tagFor(C).value()).isEqualTo("sha-" + C.value());
  }

  @Test
  void lookup_triesLongThenShort() {
    assertThat(ImageTagScheme.standard().lookupTags(C))
        .extracting(Tag::value)
        .containsExactly("sha-" + C.value(), "sha-a1b2c3d");
  }

  @Test
  void shortScheme_looksUpOnce() {
    assertThat(new ImageTagScheme("git-", 7).lookupTags(C))
        .extracting(Tag::value)
        .containsExactly("git-a1b2c3d");
  }

  @Test
  void badPrefixOrLength_isRejected() {
    assertThatThrownBy(() -> new ImageTagScheme("sha/", 40))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ImageTagScheme("sha-", 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6");
  }
}
