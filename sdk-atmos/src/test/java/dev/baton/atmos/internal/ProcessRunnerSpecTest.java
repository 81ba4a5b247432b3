package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Secret;
import dev.baton.internal.redact.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessRunnerSpecTest {
  private static final Secret TOKEN = Secret.of("tf-cloud-token-0123456789");

  private final ProcessRunner.Spec atmos =
      new ProcessRunner.Spec(
          List.of("atmos"),
          null,
          Map.of("TF_TOKEN_app_terraform_io", TOKEN.reveal(), "ATMOS_PROFILE", "ci"),
          Set.of("APP_IMAGE", "PR_NUMBER"),
          Duration.ofMinutes(30),
          Duration.ofSeconds(10),
          1 << 20,
          50,
          Redactor.of(List.of(TOKEN)),
          "atmos");

  @Test
  void call_keepsTheSettingsAndSetsTheCallsVariablesOnTop() {
    ProcessRunner.Spec call =
        atmos.call(
            List.of("atmos", "terraform", "deploy", "app", "-s", "dev"),
            Map.of("APP_IMAGE", "repo:sha-abc@sha256:00", "ATMOS_PROFILE", "dev"),
            "atmos terraform deploy app -s dev");

    assertThat(call.command()).containsExactly("atmos", "terraform", "deploy", "app", "-s", "dev");
    assertThat(call.set())
        .containsEntry("TF_TOKEN_app_terraform_io", TOKEN.reveal())
        .containsEntry("APP_IMAGE", "repo:sha-abc@sha256:00")
        .containsEntry("ATMOS_PROFILE", "dev");
    assertThat(call.unset()).isEqualTo(atmos.unset());
    assertThat(call.timeout()).isEqualTo(atmos.timeout());
    assertThat(call.grace()).isEqualTo(atmos.grace());
    assertThat(call.captureLimit()).isEqualTo(atmos.captureLimit());
    assertThat(call.tailLines()).isEqualTo(atmos.tailLines());
    assertThat(call.redactor()).isSameAs(atmos.redactor());
    assertThat(call.description()).isEqualTo("atmos terraform deploy app -s dev");
    assertThat(atmos.set()).containsEntry("ATMOS_PROFILE", "ci").doesNotContainKey("APP_IMAGE");
  }

  @Test
  void toString_namesTheVariablesButNeverTheirValues() {
    assertThat(atmos.toString())
        .contains("atmos", "ATMOS_PROFILE", "TF_TOKEN_app_terraform_io")
        .doesNotContain(TOKEN.reveal())
        .doesNotContain("=ci");
  }
}
