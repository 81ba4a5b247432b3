package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretAndErrorsTest {
  @Test
  void secret_neverShowsItsValue() {
    Secret s = Secret.of("ghp_supersecret");
    record Holder(String user, Secret token) {}
    assertThat(s.toString()).doesNotContain("supersecret");
    assertThat(new Holder("ci", s).toString()).doesNotContain("supersecret");
    assertThat(s.reveal()).isEqualTo("ghp_supersecret");
  }

  @Test
  void errors_carryTheSeedHints() {
    ImageReference ref = ImageReference.parse("ghcr.io/acme/shop:sha-1");
    assertThat(NotFoundException.image(ref).hint()).isEqualTo(Hints.IMAGE_NOT_FOUND);
    assertThat(NotFoundException.image(ref).getMessage()).contains("ghcr.io/acme/shop:sha-1");
    assertThat(
            new OperationTimeoutException(
                "deploy of dev", "check the deployer", Duration.ofMinutes(1), null))
        .satisfies(
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.hint()).isEqualTo("check the deployer");
              assertThat(e.getMessage()).isEqualTo("deploy of dev (timeout PT1M)");
            });
    assertThat(
            new DeploymentFailedException("apply failed", List.of("Error: x"), null).getMessage())
        .contains("Error: x");
    assertThat(
            new TagConflictException(
                    ref, Digest.sha256(new byte[] {1}), Digest.sha256(new byte[] {2}))
                .isRetryable())
        .isFalse();
  }
}
