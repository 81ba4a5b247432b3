package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.function.Function;

/** The assertions every value type's parse and tryParse share, written once. */
final class ParseAssertions {
  private ParseAssertions() {}

  /**
   * {@code parse} throws an IllegalArgumentException starting {@code invalid <what> "<text>": }
   * and containing each of {@code expected}, and {@code tryParse} is empty.
   */
  static void assertRejected(Function<String, ?> parse, Function<String, Optional<?>> tryParse,
      String what, String text, String... expected) {
    assertThatThrownBy(() -> parse.apply(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid " + what + " \"" + text + "\": ")
        .satisfies(e -> {
          for (String part : expected) {
            assertThat(e).hasMessageContaining(part);
          }
        });
    assertThat(tryParse.apply(text)).isEmpty();
  }

  /** {@code parse(null)} throws an IllegalArgumentException and {@code tryParse(null)} is empty. */
  static void assertRejectsNull(Function<String, ?> parse, Function<String, Optional<?>> tryParse) {
    assertThatThrownBy(() -> parse.apply(null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tryParse.apply(null)).isEmpty();
  }
}
