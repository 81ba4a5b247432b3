package dev.baton;

import java.time.format.DateTimeParseException;
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
   * A value type's grammar, written once: the pattern its compact constructor checks, which the
   * refusals of a bad text and of a null one quote as what is expected.
   *
   * @param what the value's name in messages, e.g. {@code tag}
   * @param pattern the whole value must match it; its bounded repetition also bounds the work on a
   *     long value
   * @param words the grammar in words, quoted after the expression
   */
  record Grammar(String what, Pattern pattern, String words) {
    /**
     * @param what the value's name in messages
     * @param regex the grammar as a regular expression
     * @param words the grammar in words
     * @return the grammar
     */
    static Grammar of(String what, String regex, String words) {
      return new Grammar(what, Pattern.compile(regex), words);
    }

    /**
     * Refuses a value that is null or does not match; what a compact constructor checks.
     *
     * @param value the record component
     * @throws NullPointerException if {@code value} is null, naming the component {@code value}
     * @throws IllegalArgumentException if it does not match: {@code invalid WHAT "VALUE": expected
     *     REGEX, WORDS}
     */
    void check(String value) {
      Objects.requireNonNull(value, "value");
      if (!pattern.matcher(value).matches()) {
        throw invalid(value, "expected " + pattern.pattern() + ", " + words);
      }
    }

    /**
     * @param value the value refused
     * @param why what is wrong with it
     * @return {@code invalid WHAT "VALUE": WHY}, to throw
     */
    IllegalArgumentException invalid(String value, String why) {
      return ValueText.invalid(what, value, why);
    }

    /**
     * What a value type's {@code parse} does: refuses a null text, then constructs.
     *
     * @param text the text to parse
     * @param constructor the record's canonical constructor, which checks the rest
     * @param <T> the value type
     * @return the value
     * @throws IllegalArgumentException if {@code text} is null ({@code invalid WHAT null: expected
     *     REGEX}) or the constructor refuses it
     */
    <T> T parse(String text, Function<String, T> constructor) {
      return constructor.apply(require(text, what, pattern.pattern()));
    }
  }

  /**
   * Parses a date or time field of a configured value from its trimmed text, or refuses it with an
   * example of what is expected.
   *
   * @param text the text
   * @param owner the value it belongs to in messages, e.g. {@code freeze}
   * @param what the field, e.g. {@code from}; a null text is refused naming it
   * @param parse the java.time parser, e.g. {@code Instant::parse}
   * @param expected an example, e.g. {@code an instant such as 2026-12-20T00:00:00Z}
   * @param <T> the java.time type
   * @return the parsed value
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code parse} refuses it: {@code OWNER WHAT "TEXT" is not
   *     EXPECTED}
   */
  static <T> T time(
      String text, String owner, String what, Function<String, T> parse, String expected) {
    try {
      return parse.apply(Objects.requireNonNull(text, what).trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          owner + " " + what + " \"" + text + "\" is not " + expected, e);
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
