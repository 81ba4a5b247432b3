package dev.baton;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A full git commit id: exactly 40 hex characters (a SHA-1 object name). Upper case is accepted and
 * stored in lower case, the form git prints, so equal commits are equal values.
 *
 * <pre>{@code
 * CommitSha sha = CommitSha.parse("3F786850E387550FDAB836ED7E6DC881DE23001B");
 * sha.toString();    // "3f786850e387550fdab836ed7e6dc881de23001b"
 * sha.shortForm();   // "3f78685"
 * }</pre>
 *
 * @param value the 40 lowercase hex characters
 */
public record CommitSha(String value) {

  private static final Pattern GRAMMAR = Pattern.compile("[0-9a-fA-F]{40}");

  /**
   * Validates the commit id and lowers its case.
   *
   * @param value 40 hex characters, in either case
   * @throws IllegalArgumentException if {@code value} is not 40 hex characters, quoting it
   * @throws NullPointerException if {@code value} is null
   */
  public CommitSha {
    Objects.requireNonNull(value, "value");
    if (!GRAMMAR.matcher(value).matches()) {
      throw ValueText.invalid(
          "commit SHA",
          value,
          "expected exactly 40 hex characters [0-9a-fA-F], got " + value.length() + " characters");
    }
    value = value.toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a full commit id.
   *
   * @param text 40 hex characters, in either case
   * @return the commit id
   * @throws IllegalArgumentException if {@code text} is null or not 40 hex characters
   */
  public static CommitSha parse(String text) {
    ValueText.require(text, "commit SHA", "40 hex characters");
    return new CommitSha(text);
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the commit id, may be null
   * @return the commit id, or empty if {@code text} is null or invalid
   */
  public static Optional<CommitSha> tryParse(String text) {
    return ValueText.tryParse(text, CommitSha::parse);
  }

  /**
   * The 7-character abbreviation git shows by default, for display.
   *
   * @return the first 7 characters
   */
  public String shortForm() {
    return value.substring(0, 7);
  }

  /**
   * An abbreviation of the given length, like {@code git rev-parse --short=length}; git never
   * abbreviates below 4 characters.
   *
   * @param length 4 to 40
   * @return the first {@code length} characters
   * @throws IllegalArgumentException if {@code length} is outside 4..40
   */
  public String abbreviate(int length) {
    if (length < 4 || length > 40) {
      throw new IllegalArgumentException(
          "invalid abbreviation length " + length + ": expected 4 to 40");
    }
    return value.substring(0, length);
  }

  /**
   * The wire form.
   *
   * @return the 40 lowercase hex characters
   */
  @Override
  public String toString() {
    return value;
  }
}
