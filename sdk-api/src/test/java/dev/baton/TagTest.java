package dev.baton;

import static dev.baton.ParseAssertions.assertAccepted;
import static dev.baton.ParseAssertions.assertRejected;
import static dev.baton.ParseAssertions.assertRejectsNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "latest",
        "1.2.3",
        "v1.2.3",
        "_private",
        "A",
        "9",
        "1.0.0-rc.1_build.7",
        "UPPER.lower-_",
        "sha-0123456789abcdef0123456789abcdef01234567",
      })
  void parse_whenValid_keepsValueAsIs(String text) {
    assertAccepted(Tag::parse, Tag::tryParse, Tag::value, text);
  }

  @Test
  void parse_when128Characters_isAccepted() {
    String longest = "a".repeat(128);

    assertThat(Tag.parse(longest).value()).isEqualTo(longest);
  }

  static Stream<Arguments> invalidTags() {
    return Stream.of(
        Arguments.of("", "expected [A-Za-z0-9_]"),
        Arguments.of(".hidden", "expected"),
        Arguments.of("-dash", "expected"),
        Arguments.of("a:b", "expected"),
        Arguments.of("a/b", "expected"),
        Arguments.of("a b", "expected"),
        Arguments.of("a+b", "expected"),
        Arguments.of("v1.2.3\n", "expected"),
        Arguments.of("café", "expected"),
        Arguments.of("a".repeat(129), "it is 129 characters; at most 128 are allowed"));
  }

  @ParameterizedTest
  @MethodSource("invalidTags")
  void parse_whenInvalid_throwsQuotingInput(String text, String expected) {
    assertRejected(Tag::parse, Tag::tryParse, "tag", text, expected);
  }

  @Test
  void parse_whenNull_throwsIllegalArgument_andTryParseIsEmpty() {
    assertRejectsNull(Tag::parse, Tag::tryParse);
    assertThatThrownBy(() -> new Tag(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }
}
