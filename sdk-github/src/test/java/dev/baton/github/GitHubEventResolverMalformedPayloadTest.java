package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.baton.CommitSha;
import dev.baton.Environments;
import dev.baton.PullRequestTrigger;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolver refuses payloads it cannot read exactly, with a {@link MalformedPayloadException}
 * naming the field: truncated or non-object JSON, missing fields, wrong types, and pull request
 * numbers that do not fit or contradict each other. Each case starts from a vendored example of
 * {@code @octokit/webhooks-examples} 7.6.1 with one thing changed.
 */
class GitHubEventResolverMalformedPayloadTest {
  static final CommitSha WORKFLOW_SHA = GitHubEventResolverTest.WORKFLOW_SHA;

  final GitHubEventResolver resolver =
      GitHubEventResolver.builder(Environments.standard())
          .releaseSource(new TagTable().tag("0.0.1", GitHubEventResolverTest.TAGGED))
          .build();

  @Test
  void malformed_truncatedPayload_throwsNotJson() {
    byte[] whole = Webhooks.bytes("pull_request/opened.1.json");
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);

    assertThatThrownBy(() -> resolver.event("pull_request", half, WORKFLOW_SHA))
        .isInstanceOfSatisfying(
            MalformedPayloadException.class, e -> assertThat(e.field()).isEmpty())
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void malformed_payloadFileOverTheLimit_isRefusedWithoutReadingItWhole(@TempDir Path dir)
      throws Exception {
    Path big = dir.resolve("event.json");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength((25L << 20) + 1);
    }

    assertThatThrownBy(() -> resolver.event("push", big))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("larger than 25 MiB (26214400 bytes), the limit");
  }

  static Stream<String[]> missingFields() {
    List<String[]> cases = new ArrayList<>();
    for (String f : List.of("action", "pull_request.head.sha", "pull_request.labels")) {
      cases.add(new String[] {"pull_request/labeled.0.json", f});
    }
    cases.add(new String[] {"pull_request/labeled.0.json", "label"});
    cases.add(new String[] {"push/branch-created.0.json", "ref"});
    cases.add(new String[] {"push/branch-created.0.json", "after"});
    cases.add(new String[] {"push/branch-created.0.json", "repository.default_branch"});
    cases.add(new String[] {"release/published.0.json", "action"});
    cases.add(new String[] {"release/published.0.json", "release.tag_name"});
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} without {1}")
  @MethodSource("missingFields")
  void malformed_missingField_throwsNamingIt(String file, String field) {
    byte[] payload = Webhooks.derive(file, root -> Webhooks.remove(root, field));
    String expected = field.equals("label") ? "label.name" : field;

    assertThatThrownBy(() -> resolver.event(Webhooks.event(file), payload, WORKFLOW_SHA))
        .isInstanceOfSatisfying(
            MalformedPayloadException.class, e -> assertThat(e.field()).isEqualTo(expected))
        .hasMessageContaining("field " + expected + " is missing");
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of(
            "pull_request/opened.1.json",
            "pull_request.labels",
            TextNode.valueOf("deploy"),
            WORKFLOW_SHA,
            "field pull_request.labels should be an array but is string"),
        Arguments.of(
            "pull_request/opened.1.json",
            "pull_request.head.sha",
            TextNode.valueOf("ec26c3e"),
            WORKFLOW_SHA,
            "field pull_request.head.sha is \"ec26c3e\", not a 40-character"),
        Arguments.of(
            "push/branch-created.0.json",
            "ref",
            NullNode.getInstance(),
            null,
            "field ref is null"));
  }

  @ParameterizedTest(name = "{0} with {1} = {2}")
  @MethodSource("wrongTypes")
  void malformed_wrongType_throwsNamingTheField(
      String file, String field, JsonNode value, CommitSha githubSha, String message) {
    byte[] payload = Webhooks.derive(file, root -> Webhooks.set(root, field, value));

    assertThatThrownBy(() -> resolver.event(Webhooks.event(file), payload, githubSha))
        .hasMessageContaining(message);
  }

  static Stream<Arguments> badNumbers() {
    return Stream.of(
        Arguments.of("number", "18446744073709551658", "is 18446744073709551658, not a positive"),
        Arguments.of("number", "9223372036854775808", "is 9223372036854775808, not a positive"),
        Arguments.of("number", "2147483648", "is 2147483648, not a positive"),
        Arguments.of("number", "0", "is 0, not a positive"),
        Arguments.of("number", "-2", "is -2, not a positive"),
        Arguments.of("number", "2.5", "should be a positive integer but is number"),
        Arguments.of("number", "2.0", "should be a positive integer but is number"),
        Arguments.of("number", "\"2\"", "should be a positive integer but is string"),
        Arguments.of("pull_request.number", "18446744073709551618", "is 18446744073709551618"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badNumbers")
  void malformed_pullRequestNumber_isReadExactlyOrRefused(
      String field, String json, String message) {
    byte[] payload =
        Webhooks.derive(
            "pull_request/labeled.0.json",
            root -> {
              JsonNode value = readJson(json);
              Webhooks.set(root, "number", value);
              Webhooks.set(root, "pull_request.number", value);
            });

    assertThatThrownBy(() -> resolver.event("pull_request", payload, WORKFLOW_SHA))
        .isInstanceOfSatisfying(
            MalformedPayloadException.class, e -> assertThat(e.field()).isEqualTo("number"))
        .hasMessageContaining("field number " + message);
  }

  @Test
  void malformed_pullRequestNumberOnlyInside_isReadExactlyOrRefused() {
    byte[] payload =
        Webhooks.derive(
            "pull_request/labeled.0.json",
            root -> {
              Webhooks.remove(root, "number");
              Webhooks.set(root, "pull_request.number", readJson("18446744073709551658"));
            });

    assertThatThrownBy(() -> resolver.event("pull_request", payload, WORKFLOW_SHA))
        .isInstanceOfSatisfying(
            MalformedPayloadException.class,
            e -> assertThat(e.field()).isEqualTo("pull_request.number"))
        .hasMessageContaining("field pull_request.number is 18446744073709551658");
  }

  @Test
  void malformed_contradictoryNumbers_areRefused() {
    byte[] payload =
        Webhooks.derive(
            "pull_request/labeled.0.json",
            root -> Webhooks.set(root, "pull_request.number", readJson("3")));

    assertThatThrownBy(() -> resolver.event("pull_request", payload, WORKFLOW_SHA))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("field number is 2 but pull_request.number is 3");
  }

  @Test
  void pullRequestNumber_largestInt_isKept() {
    byte[] payload =
        Webhooks.derive(
            "pull_request/labeled.0.json",
            root -> {
              Webhooks.set(root, "number", readJson("2147483647"));
              Webhooks.set(root, "pull_request.number", readJson("2147483647"));
            });

    PullRequestTrigger t =
        (PullRequestTrigger)
            resolver.event("pull_request", payload, WORKFLOW_SHA).trigger().orElseThrow();
    assertThat(t.number()).isEqualTo(Integer.MAX_VALUE);
  }

  private static JsonNode readJson(String json) {
    try {
      return Webhooks.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void malformed_notAnObject_throws() {
    assertThatThrownBy(() -> resolver.event("push", "[1,2]".getBytes()))
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("is not a JSON object");
  }
}
