package dev.baton;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What every value type's validation and {@code parse}/{@code tryParse} pair share: one form for
 * the refusal of a bad text ({@code invalid WHAT "TEXT": WHY}, quoting the text and saying what is
 * expected instead), the refusal of a null text with the value's own wording, the grammar check of
 * a record's compact constructor, and the never-throwing variant of {@code parse}. Each value type
 * keeps its own grammar and its own words for what is expected.
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
   * The refusal of a text that is not a valid value.
   *
   * @param what the value's name in messages, e.g. {@code tag}
   * @param text the text refused, quoted in the message
   * @param why what is wrong with it, or what a valid text looks like
   * @return {@code invalid WHAT "TEXT": WHY}, to throw
   */
  static IllegalArgumentException invalid(String what, String text, String why) {
    return invalid(what, text, why, null);
  }

  /**
   * The refusal of a text that is not a valid value, found by another check.
   *
   * @param what the value's name in messages, e.g. {@code release version}
   * @param text the text refused, quoted in the message
   * @param why what is wrong with it
   * @param cause the check's own refusal, or {@code null}
   * @return {@code invalid WHAT "TEXT": WHY}, to throw
   */
  static IllegalArgumentException invalid(String what, String text, String why, Throwable cause) {
    return new IllegalArgumentException("invalid " + what + " \"" + text + "\": " + why, cause);
  }

  /**
   * Refuses a value that is null or does not match its grammar; what a record's compact constructor
   * checks. The grammar's bounded repetition also bounds the work on a long value.
   *
   * @param value the record component
   * @param what the value's name in messages, e.g. {@code environment name}
   * @param grammar the whole value must match it
   * @param expected what a valid value looks like, in words and as the grammar
   * @throws NullPointerException if {@code value} is null, naming the component {@code value}
   * @throws IllegalArgumentException if it does not match: {@code invalid WHAT "VALUE": expected
   *     EXPECTED}
   */
  static void requireMatch(String value, String what, Pattern grammar, String expected) {
    Objects.requireNonNull(value, "value");
    if (!grammar.matcher(value).matches()) {
      throw invalid(what, value, "expected " + expected);
    }
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
