package dev.baton;

import java.util.Optional;

/**
 * The name of a deployment environment, such as {@code dev}, {@code staging} or {@code prod}:
 * {@code [a-z0-9][a-z0-9_-]{0,62}}. Lower case only, so it is safe in file names, stack names and
 * image tags; mapping to GitHub environment names (which allow more) happens elsewhere.
 *
 * <pre>{@code
 * EnvironmentName prod = EnvironmentName.parse("prod");
 * }</pre>
 *
 * @param value the name, e.g. {@code prod}
 */
public record EnvironmentName(String value) {

  private static final ValueText.Grammar GRAMMAR =
      ValueText.Grammar.of(
          "environment name",
          "[a-z0-9][a-z0-9_-]{0,62}",
          "1 to 63 lowercase letters, digits, '_' or '-', starting with a letter or digit");

  /**
   * Validates the name.
   *
   * @param value the name
   * @throws IllegalArgumentException if {@code value} does not match the grammar, quoting it
   * @throws NullPointerException if {@code value} is null
   */
  public EnvironmentName {
    GRAMMAR.check(value);
  }

  /**
   * Parses an environment name.
   *
   * @param text the name
   * @return the environment name
   * @throws IllegalArgumentException if {@code text} is null or invalid
   */
  public static EnvironmentName parse(String text) {
    return GRAMMAR.parse(text, EnvironmentName::new);
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the name, may be null
   * @return the environment name, or empty if {@code text} is null or invalid
   */
  public static Optional<EnvironmentName> tryParse(String text) {
    return ValueText.tryParse(text, EnvironmentName::parse);
  }

  /**
   * The wire form.
   *
   * @return the name
   */
  @Override
  public String toString() {
    return value;
  }
}
