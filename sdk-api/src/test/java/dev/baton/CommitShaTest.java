package dev.baton;

import static dev.baton.ParseAssertions.assertRejected;
import static dev.baton.ParseAssertions.assertRejectsNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommitShaTest {

  static final String SHA = "3f786850e387550fdab836ed7e6dc881de23001b";

  @ParameterizedTest
  @CsvSource({
    "3f786850e387550fdab836ed7e6dc881de23001b, 3f786850e387550fdab836ed7e6dc881de23001b",
    "3F786850E387550FDAB836ED7E6DC881DE23001B, 3f786850e387550fdab836ed7e6dc881de23001b",
    "3f786850E387550fdab836ed7e6dc881DE23001b, 3f786850e387550fdab836ed7e6dc881de23001b",
    "0000000000000000000000000000000000000000, 0000000000000000000000000000000000000000",
  })
  void parse_whenValid_storesLowerCase(String text, String expected) {
    CommitSha sha = CommitSha.parse(text);

    assertThat(sha.value()).isEqualTo(expected);
    assertThat(sha).hasToString(expected).isEqualTo(CommitSha.parse(expected));
    assertThat(CommitSha.tryParse(text)).contains(sha);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "3f78685",
        "3f786850e387550fdab836ed7e6dc881de23001",
        "3f786850e387550fdab836ed7e6dc881de23001b0",
        "3f786850e387550fdab836ed7e6dc881de23001g",
        " 3f786850e387550fdab836ed7e6dc881de23001b",
        "3f786850e387550fdab836ed7e6dc881de23001b\n",
        "0x3f786850e387550fdab836ed7e6dc881de2300",
      })
  void parse_whenNot40Hex_throwsQuotingInput(String text) {
    assertRejected(
        CommitSha::parse,
        CommitSha::tryParse,
        "commit SHA",
        text,
        "expected exactly 40 hex characters");
  }

  @Test
  void parse_whenNull_throwsIllegalArgument_andTryParseIsEmpty() {
    assertRejectsNull(CommitSha::parse, CommitSha::tryParse);
  }

  @Test
  void shortForm_isFirstSevenCharacters() {
    assertThat(CommitSha.parse(SHA.toUpperCase(Locale.ROOT)).shortForm()).isEqualTo("3f78685");
  }

  @ParameterizedTest
  @CsvSource({
    "4,  3f78",
    "12, 3f786850e387",
    "40, 3f786850e387550fdab836ed7e6dc881de23001b",
  })
  void abbreviate_whenLengthInRange_returnsPrefix(int length, String expected) {
    assertThat(CommitSha.parse(SHA).abbreviate(length)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 3, 41, Integer.MAX_VALUE})
  void abbreviate_whenLengthOutOfRange_throwsIllegalArgument(int length) {
    assertThatThrownBy(() -> CommitSha.parse(SHA).abbreviate(length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(length))
        .hasMessageContaining("4 to 40");
  }
}
