package dev.baton;

import static dev.baton.ValueArbitraries.chars;
import static dev.baton.ValueArbitraries.oneOf;
import static dev.baton.ValueArbitraries.orNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * For arbitrary input, every {@code parse} either returns a value or throws an
 * IllegalArgumentException that quotes the input, and {@code tryParse} is empty exactly when {@code
 * parse} throws.
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

  @Test
  void parse_throwsOnlyIllegalArgument_andTryParseIsEmptyExactlyWhenItThrows() {
    qt().withExamples(5000)
        .forAll(arbitrary().enumValues(Parser.class), inputs())
        .checkAssert(
            (parser, input) -> {
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
            });
  }

  static Gen<String> inputs() {
    return orNull(
        oneOf(
            strings().allPossible().ofLengthBetween(0, 255), // any Unicode, mostly garbage
            chars("abcxyzABZ0189._-+=:/@[]vV$ ", 0, 80), // the grammars' alphabet
            mutated(validWireForms())),
        1); // near misses of valid values
  }

  private static Gen<String> validWireForms() {
    return oneOf(
        ValueArbitraries.digests().map(Object::toString),
        ValueArbitraries.tags().map(Object::toString),
        ValueArbitraries.commitShas().map(Object::toString),
        ValueArbitraries.semanticVersions().map(Object::toString),
        ValueArbitraries.releaseVersions().map(Object::toString),
        ValueArbitraries.environmentNames().map(Object::toString),
        ValueArbitraries.stackNames().map(Object::toString),
        ValueArbitraries.imageReferences().map(Object::toString));
  }

  /** Deletes, replaces or inserts one character, or keeps the value as it is. */
  private static Gen<String> mutated(Gen<String> valid) {
    return valid.zip(
        integers().between(0, 3),
        integers().between(0, 1000),
        chars("-./:@_A09 \u00e9", 1, 1),
        (s, op, where, c) -> {
          int i = (int) ((long) where * s.length() / 1000);
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
