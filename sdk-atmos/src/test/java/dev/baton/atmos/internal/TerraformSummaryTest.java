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
  /** Terraform's "No changes." verdict as it prints it, in colour. */
  private static final String NO_CHANGES_COLOURED =
      ansi("{0}{1}{32}No changes.{0}{1} Your infrastructure matches the configuration.{0}");

  /**
   * @param template text with SGR codes in braces: {@code "{32}green{0}"}
   * @return the text with each {@code {n}} as the escape sequence ESC [ n m
   */
  private static String ansi(String template) {
    return template.replaceAll("\\{(\\d+)}", "\u001b[$1m");
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        // line, expected verdict
        Arguments.of(NO_CHANGES_COLOURED, "no-changes"),
        Arguments.of("No changes. Your infrastructure matches the configuration.", "no-changes"),
        Arguments.of("No changes. Infrastructure is up-to-date.", "no-changes"),
        Arguments.of(ansi("{32}No changes. Infrastructure is up-to-date.{0}"), "no-changes"),
        Arguments.of("No changes. No objects need to be destroyed.", "no-changes"),
        Arguments.of(
            "  No changes. Your infrastructure matches the configuration.  ", "no-changes"),
        Arguments.of(
            ansi("{0}{1}{32}Apply complete! Resources: 1 added, 2 changed, 3 destroyed.{0}"),
            "apply 1 2 3"),
        Arguments.of("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", "apply 0 0 0"),
        Arguments.of(
            "Apply complete! Resources: 12 added, 0 changed, 104 destroyed.", "apply 12 0 104"),
        Arguments.of(ansi("{1}{32}Destroy complete! Resources: 7 destroyed.{0}"), "destroy 7"),
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
            NO_CHANGES_COLOURED,
            "",
            "Terraform has compared your real infrastructure against your configuration",
            "and found no differences, so no changes are needed.",
            ansi("{0}{1}{32}Apply complete! Resources: 0 added, 0 changed, 0 destroyed.{0}"),
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
