package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void toString_neverShowsThePassword() {
    RegistryCredentials c = RegistryCredentials.of("ci", "hunter2-secret");

    assertThat(c.toString()).contains("ci").doesNotContain("hunter2-secret");
  }

  @Test
  void username_withColonOrBlank_isRejectedQuotingIt() {
    assertThatThrownBy(() -> RegistryCredentials.of("a:b", "x")).hasMessageContaining("\"a:b\"");
    assertThatThrownBy(() -> RegistryCredentials.of(" ", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_answersOnlyItsHost_andOrFallsThrough() {
    RegistryCredentials ghcr = RegistryCredentials.of("u", "p");
    RegistryCredentials ecr = RegistryCredentials.of("AWS", "token");
    CredentialsProvider p =
        CredentialsProvider.of("ghcr.io", ghcr)
            .or(host -> host.endsWith(".amazonaws.com") ? Optional.of(ecr) : Optional.empty());

    assertThat(p.credentials("GHCR.io")).contains(ghcr);
    assertThat(p.credentials("1.dkr.ecr.eu-west-1.amazonaws.com")).contains(ecr);
    assertThat(p.credentials("docker.io")).isEmpty();
    assertThat(CredentialsProvider.anonymous().credentials("ghcr.io")).isEmpty();
  }

  @Test
  void builder_rejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> OciImageRegistry.builder().maxAttempts(0))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> OciImageRegistry.builder().plainHttp("http://x/"))
        .hasMessageContaining("http://x/");
    assertThatThrownBy(() -> OciImageRegistry.builder().requestTimeout(java.time.Duration.ZERO))
        .hasMessageContaining("requestTimeout");
  }

  @Test
  void close_thenUse_isRefused() {
    OciImageRegistry r = OciImageRegistry.builder().build();
    r.close();

    assertThatThrownBy(() -> r.resolve(dev.baton.ImageReference.parse("ghcr.io/a/b:1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
