package dev.baton.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ECR host grammar, table-driven. */
class EcrRegistryHostTest {
  @ParameterizedTest
  @CsvSource({
    "123456789012.dkr.ecr.us-east-1.amazonaws.com, 123456789012, us-east-1",
    "123456789012.dkr.ecr.eu-central-1.amazonaws.com, 123456789012, eu-central-1",
    "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com, 123456789012, us-gov-west-1",
    "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn, 123456789012, cn-north-1",
    "123456789012.dkr-ecr.ap-southeast-2.on.aws, 123456789012, ap-southeast-2",
    "123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM, 123456789012, us-east-1",
  })
  void tryParse_ecrHosts_splitAccountAndRegion(String host, String account, String region) {
    assertThat(EcrRegistryHost.tryParse(host))
        .hasValueSatisfying(
            h -> {
              assertThat(h.account()).isEqualTo(account);
              assertThat(h.region()).isEqualTo(region);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io",
        "public.ecr.aws",
        "docker.io",
        "127.0.0.1:5000",
        "12345678901.dkr.ecr.us-east-1.amazonaws.com", // 11 digits
        "123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example",
        "123456789012.dkr.ecr.amazonaws.com",
        "x123456789012.dkr.ecr.us-east-1.amazonaws.com",
      })
  void tryParse_otherHosts_areEmpty(String host) {
    assertThat(EcrRegistryHost.tryParse(host)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghcr.io", "public.ecr.aws"})
  void parse_otherHost_throwsConfigurationQuotingIt(String host) {
    assertThatThrownBy(() -> EcrRegistryHost.parse(host, "reference " + host + "/a:1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"" + host + "\"");
  }
}
