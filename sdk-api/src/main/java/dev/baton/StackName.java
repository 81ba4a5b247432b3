package dev.baton;

import java.util.Objects;
import java.util.Optional;

/**
 * An Atmos stack name, such as {@code plat-ue2-prod} or {@code orgs/acme/prod/us-east-2}. It is
 * passed to {@code atmos} as a process argument, so the grammar keeps it from being read as an
 * option or escaping the stacks directory:
 *
 * <pre>
 * stack-name ::= [A-Za-z0-9] [A-Za-z0-9._/-]{0,127}   ; never starts with '-'
 *   and no ".." path segment, no "//", no trailing "/"
 * </pre>
 *
 * <pre>{@code
 * StackName stack = StackName.parse("plat-ue2-prod");
 * }</pre>
 *
 * @param value the stack name
 */
public record StackName(String value) {

  private static final ValueText.Grammar GRAMMAR =
      ValueText.Grammar.of(
          "stack name",
          "[A-Za-z0-9][A-Za-z0-9._/-]{0,127}",
          "1 to 128 letters, digits, '.', '_', '/' or '-', starting with a letter or digit");

  /**
   * Validates the name.
   *
   * @param value the stack name
   * @throws IllegalArgumentException if {@code value} is not a safe stack name, quoting it
   * @throws NullPointerException if {@code value} is null
   */
  public StackName {
    Objects.requireNonNull(value, "value");
    if (value.startsWith("-")) {
      throw GRAMMAR.invalid(value, "must not start with '-', or atmos would read it as an option");
    }
    GRAMMAR.check(value);
    if (value.contains("//") || value.endsWith("/")) {
      throw GRAMMAR.invalid(value, "path segments must not be empty (no \"//\", no trailing '/')");
    }
    if (("/" + value + "/").contains("/../")) {
      throw GRAMMAR.invalid(value, "must not contain a \"..\" path segment");
    }
  }

  /**
   * Parses a stack name.
   *
   * @param text the stack name
   * @return the stack name
   * @throws IllegalArgumentException if {@code text} is null or invalid
   */
  public static StackName parse(String text) {
    return GRAMMAR.parse(text, StackName::new);
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the stack name, may be null
   * @return the stack name, or empty if {@code text} is null or invalid
   */
  public static Optional<StackName> tryParse(String text) {
    return ValueText.tryParse(text, StackName::parse);
  }

  /**
   * The wire form.
   *
   * @return the stack name
   */
  @Override
  public String toString() {
    return value;
  }
}
