package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command's messages name flags, baton.yaml keys and variables, not Java calls. */
class CliWordsTest {
  @Test
  void sdkCalls_becomeCommandWords() {
    assertThat(
            CliWords.of(
                "allow plain HTTP for host h:5000 explicitly with"
                    + " OciImageRegistry.builder().plainHttp(...)"))
        .endsWith("'baton promote --plain-http' (for a registry on this machine only)");
    assertThat(CliWords.of("or, allow that with OciImageRegistry.builder().plainHttp(\"h:1\")"))
        .doesNotContain("OciImageRegistry");
    assertThat(
            CliWords.of(
                "add one with Environment.builder(\"preview\").perPullRequest(" + "\"PR_NUMBER\")"))
        .contains("per-pull-request: PR_NUMBER")
        .doesNotContain("builder(");
    assertThat(
            CliWords.of(
                "read the run's last output above for what it waited on;"
                    + " if the plan or apply simply needs longer, raise"
                    + " AtmosStackDeployer.builder().timeout(...)"))
        .doesNotContain("builder(");
  }

  @Test
  void otherText_staysAsItIs() {
    assertThat(CliWords.of("GITHUB_TOKEN is not set")).isEqualTo("GITHUB_TOKEN is not set");
  }
}
