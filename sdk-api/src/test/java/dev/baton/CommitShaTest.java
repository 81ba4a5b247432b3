package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommitShaTest {

  static final String SHA = "3f786850e387550fdab836ed7e6dc881de23001b";

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
