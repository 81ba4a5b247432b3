package dev.baton;

import java.util.Optional;
import java.util.function.Function;

/**
 * What every value type's {@code parse}/{@code tryParse} pair shares: the refusal of a null text
 * with the value's own wording, and the never-throwing variant of {@code parse}.
 */
final class ValueText {
  private ValueText() {}

  /**
   * Returns {@code text}, or refuses a null one.
   *
   * @param text the text to parse
   * @param what the value's name in messages, e.g. {@code tag}
   * @param expected what a valid text looks like
   * @return {@code text}, never null
   * @throws IllegalArgumentException if {@code text} is null: "invalid WHAT null: expected ..."
   */
  static String require(String text, String what, String expected) {
    if (text == null) {
      throw new IllegalArgumentException("invalid " + what + " null: expected " + expected);
    }
    return text;
  }

  /**
   * Applies {@code parse}, turning its {@link IllegalArgumentException} into an empty result.
   *
   * @param text the text, may be null
   * @param parse the value's {@code parse} method
   * @param <T> the value type
   * @return the value, or empty if {@code text} is null or invalid
   */
  static <T> Optional<T> tryParse(String text, Function<String, T> parse) {
    try {
      return Optional.of(parse.apply(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
