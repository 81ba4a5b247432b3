package dev.baton;

import java.util.Objects;
import java.util.Optional;

/**
 * An image tag, per the OCI distribution-spec tag grammar {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}
 * (Docker's {@code tag := /[\w][\w.-]{0,127}/}).
 *
 * <pre>{@code
 * Tag tag = Tag.parse("1.2.3");
 * }</pre>
 *
 * @param value the tag, e.g. {@code 1.2.3} or {@code sha-0123abc}
 */
public record Tag(String value) {

  private static final int MAX_LENGTH = 128;
  private static final ValueText.Grammar GRAMMAR =
      ValueText.Grammar.of(
          "tag",
          "[A-Za-z0-9_][A-Za-z0-9._-]{0,127}",
          "a letter, digit or '_' then letters, digits, '.', '_' or '-'");

  /**
   * Validates the tag.
   *
   * @param value the tag
   * @throws IllegalArgumentException if {@code value} does not match the grammar, quoting it
   * @throws NullPointerException if {@code value} is null
   */
  public Tag {
    Objects.requireNonNull(value, "value");
    if (value.length() > MAX_LENGTH) {
      throw GRAMMAR.invalid(
          value, "it is " + value.length() + " characters; at most " + MAX_LENGTH + " are allowed");
    }
    GRAMMAR.check(value);
  }

  /**
   * Parses a tag.
   *
   * @param text the tag
   * @return the tag
   * @throws IllegalArgumentException if {@code text} is null or not a valid tag
   */
  public static Tag parse(String text) {
    return GRAMMAR.parse(text, Tag::new);
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the tag, may be null
   * @return the tag, or empty if {@code text} is null or invalid
   */
  public static Optional<Tag> tryParse(String text) {
    return ValueText.tryParse(text, Tag::parse);
  }

  /**
   * The wire form.
   *
   * @return the tag itself
   */
  @Override
  public String toString() {
    return value;
  }
}
