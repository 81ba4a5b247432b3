package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code atmos terraform output ... -- -json} stdout as it really arrives: the workspace line
 * Terraform prints on select, init output when init runs, atmos log lines when logs go to stdout,
 * and the trailing "Warnings:" block that the legacy apply action cuts off with awk .
 */
class TerraformOutputsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DOC =
      String.join(
          "\n",
          "{",
          "  \"url\": {",
          "    \"sensitive\": false,",
          "    \"type\": \"string\",",
          "    \"value\": \"https://preview-app-42.example.test\"",
          "  }",
          "}");

  private static List<String> lines(String... parts) {
    return Arrays.stream(String.join("\n", parts).split("\n", -1)).map(Ansi::strip).toList();
  }

  static Stream<Arguments> noisyStdout() {
    return Stream.of(
        Arguments.of("only the JSON", lines(DOC)),
        Arguments.of(
            "after the workspace line",
            lines("Switched to workspace \"atmos-native-ci-preview-app-42\".", DOC)),
        Arguments.of(
            "after init and a new workspace",
            lines(
                "",
                "\u001b[0m\u001b[1mInitializing the backend...\u001b[0m",
                "",
                "\u001b[0m\u001b[1m\u001b[32mTerraform has been successfully initialized!\u001b[0m",
                "\u001b[0m\u001b[32m\u001b[1mCreated and switched to workspace \"ws\"!\u001b[0m",
                "",
                "You're now on a new, empty workspace. Workspaces isolate their state,",
                DOC)),
        Arguments.of(
            "between an atmos WARN line and a Warnings: block",
            lines(
                "WARN detected deprecated setting 'stacks.name_pattern'",
                DOC,
                "",
                "Warnings:",
                "",
                "- Value for undeclared variable",
                "  A variable named \"github_repo_name\" was assigned but is not declared.")),
        Arguments.of(
            "after a JSON log line",
            lines("{\"level\":\"warn\",\"msg\":\"detected deprecated setting\"}", DOC)),
        Arguments.of("after a line that only starts like JSON", lines("{not json", DOC)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noisyStdout")
  void parse_findsTheOutputDocument(String name, List<String> stdout) {
    Optional<TerraformOutputs.Parsed> parsed = TerraformOutputs.parse(MAPPER, stdout);

    assertThat(parsed)
        .hasValueSatisfying(
            p ->
                assertThat(p.values())
                    .containsExactly(Map.entry("url", "https://preview-app-42.example.test")));
  }

  static Stream<Arguments> noDocument() {
    return Stream.of(
        Arguments.of("nothing", List.of()),
        Arguments.of("only noise", lines("Switched to workspace \"x\".", "Warnings:")),
        Arguments.of("a cut-off document", lines("{", "  \"url\": {", "    \"value\": \"https:")),
        Arguments.of("only a log line", lines("{\"level\":\"info\",\"msg\":\"hello\"}")),
        Arguments.of("an array", lines("[1, 2]")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("noDocument")
  void parse_whenNoOutputDocument_isEmpty(String name, List<String> stdout) {
    assertThat(TerraformOutputs.parse(MAPPER, stdout)).isEmpty();
  }

  @Test
  void parse_whenNothingDeployed_emptyObject_givesNoOutputs() {
    assertThat(TerraformOutputs.parse(MAPPER, lines("Switched to workspace \"x\".", "{}")))
        .hasValueSatisfying(p -> assertThat(p.values()).isEmpty());
  }

  @Test
  void parse_rendersNonStringsAsCompactJson_dropsNullsAndSensitive() {
    List<String> stdout =
        lines(
            "{",
            "  \"task\": {\"sensitive\": false, \"type\": [\"object\", {}],",
            "           \"value\": {\"family\": \"app\", \"revision\": 7}},",
            "  \"count\": {\"sensitive\": false, \"type\": \"number\", \"value\": 3},",
            "  \"enabled\": {\"sensitive\": false, \"type\": \"bool\", \"value\": true},",
            "  \"subnets\": {\"sensitive\": false, \"type\": [\"list\", \"string\"],"
                + " \"value\": [\"a\", \"b\"]},",
            "  \"nothing\": {\"sensitive\": false, \"type\": \"string\", \"value\": null},",
            "  \"db_password\": {\"sensitive\": true, \"type\": \"string\", \"value\": \"hunter22\"}",
            "}");

    TerraformOutputs.Parsed p = TerraformOutputs.parse(MAPPER, stdout).orElseThrow();

    assertThat(p.values())
        .containsOnly(
            Map.entry("task", "{\"family\":\"app\",\"revision\":7}"),
            Map.entry("count", "3"),
            Map.entry("enabled", "true"),
            Map.entry("subnets", "[\"a\",\"b\"]"));
    assertThat(p.sensitive()).containsExactly("db_password");
  }
}
