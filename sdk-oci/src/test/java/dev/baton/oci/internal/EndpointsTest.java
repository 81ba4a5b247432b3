package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  private final Endpoints defaults = new Endpoints(Set.of(), true);

  @Test
  void base_isHttpsExceptForLoopback() {
    assertThat(defaults.base("ghcr.io")).isEqualTo(URI.create("https://ghcr.io"));
    assertThat(defaults.base("registry.internal:5000"))
        .isEqualTo(URI.create("https://registry.internal:5000"));
    assertThat(defaults.base("127.0.0.1:5000")).isEqualTo(URI.create("http://127.0.0.1:5000"));
    assertThat(new Endpoints(Set.of(), false).base("127.0.0.1:5000"))
        .isEqualTo(URI.create("https://127.0.0.1:5000"));
  }

  @Test
  void base_plainHttpOptIn_byHostOrHostAndPort() {
    Endpoints e = new Endpoints(Set.of("registry.internal", "Other.Lan:5000"), true);

    assertThat(e.base("registry.internal:5000").getScheme()).isEqualTo("http");
    assertThat(e.base("other.lan:5000").getScheme()).isEqualTo("http");
    assertThat(e.base("other.lan:6000").getScheme()).isEqualTo("https");
  }

  @Test
  void checkRealm_refusesPlainHttpToARemoteHost() {
    assertThat(defaults.checkRealm("ghcr.io", "https://ghcr.io/token"))
        .isEqualTo(URI.create("https://ghcr.io/token"));
    assertThat(defaults.checkRealm("127.0.0.1:5000", "http://127.0.0.1:5001/token").getScheme())
        .isEqualTo("http");
    assertThatThrownBy(() -> defaults.checkRealm("reg.example", "http://auth.example/token"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("http://auth.example/token")
        .hasMessageContaining("reg.example");
    assertThatThrownBy(() -> defaults.checkRealm("reg.example", "ftp://auth.example/token"))
        .isInstanceOf(ConfigurationException.class);
  }
}
