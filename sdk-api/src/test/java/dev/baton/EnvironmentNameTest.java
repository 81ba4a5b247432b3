package dev.baton;

import static dev.baton.ParseAssertions.assertAccepted;
import static dev.baton.ParseAssertions.assertRejected;
import static dev.baton.ParseAssertions.assertRejectsNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentNameTest {

  static Stream<String> validNames() {
    return Stream.of("dev", "staging", "prod", "0", "eu-west_1", "pr-1234", "a".repeat(63));
  }

  @ParameterizedTest
  @MethodSource("validNames")
  void parse_whenValid_keepsValue(String text) {
    assertAccepted(EnvironmentName::parse, EnvironmentName::tryParse, EnvironmentName::value, text);
  }

  static Stream<String> invalidNames() {
    return Stream.of(
        "",
        "Prod",
        "PROD",
        "-dev",
        "_dev",
        "dev.eu",
        "dev/eu",
        "dev eu",
        "dév",
        "dev\n",
        "a".repeat(64));
  }

  @ParameterizedTest
  @MethodSource("invalidNames")
  void parse_whenInvalid_throwsQuotingInput(String text) {
    assertRejected(
        EnvironmentName::parse,
        EnvironmentName::tryParse,
        "environment name",
        text,
        "[a-z0-9][a-z0-9_-]{0,62}");
  }

  @Test
  void parse_whenNull_throwsIllegalArgument_andTryParseIsEmpty() {
    assertRejectsNull(EnvironmentName::parse, EnvironmentName::tryParse);
  }
}
