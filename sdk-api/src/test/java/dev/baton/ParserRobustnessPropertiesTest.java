package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For arbitrary input, every {@code parse} either returns a value or throws an
 * IllegalArgumentException that quotes the input, and {@code tryParse} is empty exactly when
 * {@code parse} throws.
 */
class ParserRobustnessPropertiesTest {

  /** Each type's parse and tryParse, so one property covers all of them. */
  enum Parser {
    DIGEST(Digest::parse, Digest::tryParse),
    TAG(Tag::parse, Tag::tryParse),
    COMMIT_SHA(CommitSha::parse, CommitSha::tryParse),
    SEMANTIC_VERSION(SemanticVersion::parse, SemanticVersion::tryParse),
    RELEASE_VERSION(ReleaseVersion::parse, ReleaseVersion::tryParse),
    ENVIRONMENT_NAME(EnvironmentName::parse, EnvironmentName::tryParse),
    STACK_NAME(StackName::parse, StackName::tryParse),
    IMAGE_REFERENCE(ImageReference::parse, ImageReference::tryParse);

    final Function<String, Object> parse;
    final Function<String, Optional<?>> tryParse;

    Parser(Function<String, Object> parse, Function<String, Optional<?>> tryParse) {
      this.parse = parse;
      this.tryParse = tryParse;
    }
  }

  @Property(tries = 5000)
  void parse_throwsOnlyIllegalArgument_andTryParseIsEmptyExactlyWhenItThrows(
      @ForAll Parser parser, @ForAll("inputs") String input) {
    Object parsed;
    try {
      parsed = parser.parse.apply(input);
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageContaining(input == null ? "null" : "\"" + input + "\"");
      assertThat(parser.tryParse.apply(input)).isEmpty();
      return;
    }
    assertThat(parsed).isNotNull();
    assertThat(parser.tryParse.apply(input).<Object>map(value -> value)).contains(parsed);
    // Whatever parses, its wire form parses back to the same value.
    assertThat(parser.parse.apply(parsed.toString())).isEqualTo(parsed);
  }

  @Provide
  Arbitrary<String> inputs() {
    return Arbitraries.oneOf(List.of(
        Arbitraries.strings(), // any Unicode, mostly garbage
        ValueArbitraries.chars("abcxyzABZ0189._-+=:/@[]vV$ ", 0, 80), // the grammars' alphabet
        mutated(validWireForms()))) // near misses of valid values
        .injectNull(0.01);
  }

  private static Arbitrary<String> validWireForms() {
    return Arbitraries.oneOf(List.of(
        ValueArbitraries.digests().map(Object::toString),
        ValueArbitraries.tags().map(Object::toString),
        ValueArbitraries.commitShas().map(Object::toString),
        ValueArbitraries.semanticVersions().map(Object::toString),
        ValueArbitraries.releaseVersions().map(Object::toString),
        ValueArbitraries.environmentNames().map(Object::toString),
        ValueArbitraries.stackNames().map(Object::toString),
        ValueArbitraries.imageReferences().map(Object::toString)));
  }

  /** Deletes, replaces or inserts one character, or keeps the value as it is. */
  private static Arbitrary<String> mutated(Arbitrary<String> valid) {
    return Combinators.combine(valid, Arbitraries.integers().between(0, 3),
            Arbitraries.doubles().between(0, 1), Arbitraries.chars().with("-./:@_A09 \u00e9"))
        .as((s, op, where, c) -> {
          int i = (int) (where * s.length());
          int j = Math.min(i + 1, s.length());
          return switch (op) {
            case 0 -> s.substring(0, i) + s.substring(j);
            case 1 -> s.substring(0, i) + c + s.substring(j);
            case 2 -> s.substring(0, i) + c + s.substring(i);
            default -> s;
          };
        });
  }
}
