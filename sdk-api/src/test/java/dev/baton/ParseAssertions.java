package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.function.Function;

/** The assertions every value type's parse and tryParse share, written once. */
final class ParseAssertions {
  private ParseAssertions() {}

  /**
   * {@code parse} throws an IllegalArgumentException starting {@code invalid <what> "<text>": } and
   * containing each of {@code expected}, and {@code tryParse} is empty.
   */
  static void assertRejected(
      Function<String, ?> parse,
      Function<String, Optional<?>> tryParse,
      String what,
      String text,
      String... expected) {
    assertThatThrownBy(() -> parse.apply(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid " + what + " \"" + text + "\": ")
        .satisfies(
            e -> {
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

  /**
   * {@code parse} accepts {@code text} as a value whose {@code value} and wire form are {@code
   * text}, and {@code tryParse} gives the same value.
   */
  static <T> T assertAccepted(
      Function<String, T> parse,
      Function<String, Optional<T>> tryParse,
      Function<T, String> value,
      String text) {
    T parsed = parse.apply(text);

    assertThat(value.apply(parsed)).isEqualTo(text);
    assertThat(parsed).hasToString(text);
    assertThat(tryParse.apply(text)).contains(parsed);
    return parsed;
  }
}
