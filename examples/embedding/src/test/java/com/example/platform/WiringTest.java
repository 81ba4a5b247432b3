package com.example.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real wiring builds from a configuration, and keeps the secrets to itself. */
class WiringTest {
  private static final Map<String, String> ENV =
      Map.of(
          "BATON_PORT", "0",
          "BATON_REPOSITORY", "ghcr.io/acme/shop",
          "BATON_GITHUB_REPOSITORY", "acme/shop",
          "BATON_REGISTRY_USER", "x-access-token",
          "REGISTRY_PASSWORD", "registry-password-1d5e",
          "GITHUB_TOKEN", "ghp_tokenvalue7c2a",
          "WEBHOOK_SECRET", "webhook-secret-93fa");

  @Test
  void buildsEveryProvider_andNoToStringShowsASecret() throws Exception {
    PlatformConfig config = PlatformConfig.fromEnvironment(ENV);

    try (Wiring wiring = new Wiring(config, ENV)) {
      for (String shown : new String[] {config.toString(), wiring.server().toString()}) {
        assertThat(shown)
            .doesNotContain("registry-password-1d5e", "ghp_tokenvalue7c2a", "webhook-secret-93fa");
      }
      assertThat(config.repository().registry()).isEqualTo("ghcr.io");
    }
  }

  @Test
  void aMissingSecret_isAConfigurationError_namingTheVariableNotAValue() {
    Map<String, String> env =
        Map.of(
            "BATON_REPOSITORY",
            "ghcr.io/acme/shop",
            "BATON_GITHUB_REPOSITORY",
            "acme/shop",
            "GITHUB_TOKEN",
            "ghp_tokenvalue7c2a");

    assertThatThrownBy(() -> new Wiring(PlatformConfig.fromEnvironment(env), env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("WEBHOOK_SECRET")
        .hasMessageNotContaining("ghp_tokenvalue7c2a");
  }
}
