package dev.baton.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loopback rule the registry applies to plain HTTP, as the examples read it: by name or literal
 * address only, never by what a name resolves to.
 */
class OciImageRegistryLoopbackTest {
  @ParameterizedTest
  @CsvSource({
    "localhost,true",
    "localhost:5000,true",
    "LOCALHOST:5000,true",
    "127.0.0.1,true",
    "127.0.0.1:5000,true",
    "127.9.8.7,true",
    "127.1.2.3:5000,true",
    "[::1],true",
    "[::1]:5000,true",
    "::1,true",
    "[0:0:0:0:0:0:0:1]:443,true",
    "ghcr.io,false",
    "localhost.example.com,false",
    "localhost.evil.com:5000,false",
    "127.example.com,false",
    "127.example.com:5000,false",
    "10.0.0.1:5000,false",
    "[::2]:5000,false"
  })
  void isLoopback_byNameOrLiteral(String hostPort, boolean loopback) {
    assertThat(OciImageRegistry.isLoopback(hostPort)).isEqualTo(loopback);
  }
}
