package dev.baton.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeEnvironmentTest {
  static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

  @Test
  void get_emptyOrBlankCountsAsUnset_valuesAreStripped() {
    RuntimeEnvironment env =
        RuntimeEnvironment.of(
            Map.of(
                "GITHUB_REPOSITORY", " acme/shop\n", "GITHUB_RUN_ID", "", "GITHUB_API_URL", "  "));

    assertThat(env.get("GITHUB_REPOSITORY")).contains("acme/shop");
    assertThat(env.get("GITHUB_RUN_ID")).isEmpty();
    assertThat(env.get("GITHUB_API_URL")).isEmpty();
    assertThat(env.get("GITHUB_SHA")).isEmpty();
  }

  @Test
  void isGitHubActions_onlyWhenGitHubActionsIsTrue() {
    assertThat(RuntimeEnvironment.of(Map.of("GITHUB_ACTIONS", "true")).isGitHubActions()).isTrue();
    assertThat(RuntimeEnvironment.of(Map.of("GITHUB_ACTIONS", "TRUE")).isGitHubActions()).isTrue();
    assertThat(RuntimeEnvironment.of(Map.of("GITHUB_ACTIONS", "1")).isGitHubActions()).isFalse();
    assertThat(RuntimeEnvironment.of(Map.of()).isGitHubActions()).isFalse();
  }

  @Test
  void githubSha_parsesTheFullCommitId() {
    assertThat(
            RuntimeEnvironment.of(Map.of("GITHUB_SHA", SHA.toUpperCase(java.util.Locale.ROOT)))
                .githubSha())
        .contains(CommitSha.parse(SHA));
    assertThat(RuntimeEnvironment.of(Map.of()).githubSha()).isEmpty();
  }

  @Test
  void githubSha_invalid_isAConfigurationErrorNamingTheVariable() {
    assertThatThrownBy(() -> RuntimeEnvironment.of(Map.of("GITHUB_SHA", "abc")).githubSha())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("GITHUB_SHA \"abc\"");
  }

  @Test
  void secret_wrapsTheValue_andToStringShowsNamesOnly() {
    RuntimeEnvironment env = RuntimeEnvironment.of(Map.of("GITHUB_TOKEN", "ghs_tokenValue123"));

    assertThat(env.secret("GITHUB_TOKEN"))
        .hasValueSatisfying(s -> assertThat(s.reveal()).isEqualTo("ghs_tokenValue123"));
    assertThat(env.secret("GITHUB_TOKEN").orElseThrow().toString()).doesNotContain("ghs_");
    assertThat(env.toString()).contains("GITHUB_TOKEN").doesNotContain("ghs_tokenValue123");
    assertThat(env.all()).containsEntry("GITHUB_TOKEN", "ghs_tokenValue123");
  }
}
