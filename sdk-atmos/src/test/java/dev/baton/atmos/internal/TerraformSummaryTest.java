package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict lines Terraform and OpenTofu print, raw as they come off the pipe: with Terraform's
 * colour codes, which sit inside the very sentences matched.
 */
class TerraformSummaryTest {
  private static final String E = "\u001b";

  static Stream<Arguments> lines() {
    return Stream.of(
        // line, expected verdict
        Arguments.of(
            E
                + "[0m"
                + E
                + "[1m"
                + E
                + "[32mNo changes."
                + E
                + "[0m"
                + E
                + "[1m Your infrastructure matches the configuration."
                + E
                + "[0m",
            "no-changes"),
        Arguments.of("No changes. Your infrastructure matches the configuration.", "no-changes"),
        Arguments.of("No changes. Infrastructure is up-to-date.", "no-changes"),
        Arguments.of(E + "[32mNo changes. Infrastructure is up-to-date." + E + "[0m", "no-changes"),
        Arguments.of("No changes. No objects need to be destroyed.", "no-changes"),
        Arguments.of(
            "  No changes. Your infrastructure matches the configuration.  ", "no-changes"),
        Arguments.of(
            E
                + "[0m"
                + E
                + "[1m"
                + E
                + "[32mApply complete! Resources: 1 added, 2 changed, 3 destroyed."
                + E
                + "[0m",
            "apply 1 2 3"),
        Arguments.of("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", "apply 0 0 0"),
        Arguments.of(
            "Apply complete! Resources: 12 added, 0 changed, 104 destroyed.", "apply 12 0 104"),
        Arguments.of(
            E + "[1m" + E + "[32mDestroy complete! Resources: 7 destroyed." + E + "[0m",
            "destroy 7"),
        Arguments.of("Destroy complete! Resources: 0 destroyed.", "destroy 0"),
        // lines that must not count
        Arguments.of("Plan: 1 to add, 0 to change, 0 to destroy.", "none"),
        Arguments.of("No changes.", "none"),
        Arguments.of("  # No changes. is what the docs say", "none"),
        Arguments.of("echo \"Apply complete! Resources: 9 added\"", "none"),
        Arguments.of("Apply complete! Resources: x added, 0 changed, 0 destroyed.", "none"),
        Arguments.of(
            "Terraform has compared your real infrastructure against your configuration", "none"),
        Arguments.of("", "none"));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void accept_readsTheVerdict(String raw, String expected) {
    TerraformSummary s = new TerraformSummary();

    s.accept(Ansi.strip(raw));

    String actual =
        s.noChanges()
            ? "no-changes"
            : s.applied()
                ? "apply "
                    + s.applyCounts()[0]
                    + " "
                    + s.applyCounts()[1]
                    + " "
                    + s.applyCounts()[2]
                : s.destroyCompleted() ? "destroy " + s.destroyedCount() : "none";
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void accept_noChangesApplyTranscript_isNoChangesWithZeroCounts() {
    TerraformSummary s = new TerraformSummary();
    for (String line :
        List.of(
            "Switched to workspace \"atmos-native-ci-dev-app\".",
            "module.ecs_service.aws_ecs_service.default[0]: Refreshing state... [id=x]",
            "",
            E
                + "[0m"
                + E
                + "[1m"
                + E
                + "[32mNo changes."
                + E
                + "[0m"
                + E
                + "[1m Your infrastructure matches the configuration."
                + E
                + "[0m",
            "",
            "Terraform has compared your real infrastructure against your configuration",
            "and found no differences, so no changes are needed.",
            E
                + "[0m"
                + E
                + "[1m"
                + E
                + "[32mApply complete! Resources: 0 added, 0 changed, 0"
                + " destroyed."
                + E
                + "[0m",
            "url = \"https://dev-app.example.test\"")) {
      s.accept(Ansi.strip(line));
    }

    assertThat(s.noChanges()).isTrue();
    assertThat(s.applied()).isTrue();
    assertThat(s.applyCounts()).containsExactly(0, 0, 0);
  }

  @Test
  void applyCounts_whenNotSeen_areZeros() {
    assertThat(new TerraformSummary().applyCounts()).containsExactly(0, 0, 0);
    assertThat(new TerraformSummary().destroyedCount()).isZero();
  }
}
