package dev.baton;

import static dev.baton.ParseAssertions.assertAccepted;
import static dev.baton.ParseAssertions.assertRejected;
import static dev.baton.ParseAssertions.assertRejectsNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StackNameTest {

  static Stream<String> validNames() {
    return Stream.of(
        "plat-ue2-prod",
        "orgs/acme/prod/us-east-2",
        "a",
        "9",
        "Acme.Prod_1",
        "a/.hidden",
        "a/...",
        "a/b..c",
        "a-/b_",
        "a".repeat(128));
  }

  @ParameterizedTest
  @MethodSource("validNames")
  void parse_whenValid_keepsValue(String text) {
    assertAccepted(StackName::parse, StackName::tryParse, StackName::value, text);
  }

  static Stream<Arguments> invalidNames() {
    return Stream.of(
        Arguments.of("-plat", "must not start with '-'"),
        Arguments.of("--help", "must not start with '-'"),
        Arguments.of("", "expected [A-Za-z0-9]"),
        Arguments.of("/etc/stacks", "expected [A-Za-z0-9]"),
        Arguments.of(".hidden", "expected [A-Za-z0-9]"),
        Arguments.of("_x", "expected [A-Za-z0-9]"),
        Arguments.of("a b", "expected [A-Za-z0-9]"),
        Arguments.of("a;rm", "expected [A-Za-z0-9]"),
        Arguments.of("a\nb", "expected [A-Za-z0-9]"),
        Arguments.of("a\\b", "expected [A-Za-z0-9]"),
        Arguments.of("a".repeat(129), "expected [A-Za-z0-9]"),
        Arguments.of("a//b", "must not be empty"),
        Arguments.of("a/", "must not be empty"),
        Arguments.of("a/b/", "must not be empty"),
        Arguments.of("a/../b", "\"..\" path segment"),
        Arguments.of("a/..", "\"..\" path segment"),
        Arguments.of("a/b/../../..", "\"..\" path segment"));
  }

  @ParameterizedTest
  @MethodSource("invalidNames")
  void parse_whenInvalid_throwsQuotingInput(String text, String expected) {
    assertRejected(StackName::parse, StackName::tryParse, "stack name", text, expected);
  }

  @Test
  void parse_whenNull_throwsIllegalArgument_andTryParseIsEmpty() {
    assertRejectsNull(StackName::parse, StackName::tryParse);
  }
}
