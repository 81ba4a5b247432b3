package dev.baton.cli.internal;

import static dev.baton.cli.internal.Providers.RegistryAccess.BATON_ECR_PUT_IMAGE_RATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import dev.baton.ImageReference;
import dev.baton.github.internal.RuntimeEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@value Providers.RegistryAccess#BATON_ECR_PUT_IMAGE_RATE} paces the ECR registry baton makes.
 */
class RegistryAccessTest {
  private static final ImageReference ECR =
      ImageReference.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop");

  private static String registryMadeWith(Map<String, String> env) {
    Providers.RegistryAccess access =
        Providers.RegistryAccess.from(false, RuntimeEnvironment.of(env));
    try (Owned owned = new Owned()) {
      return new Providers().registry(ECR, access, owned).toString();
    }
  }

  @Test
  void unsetOrBlank_theRegistryKeepsTheProvidersDefault() {
    assertThat(registryMadeWith(Map.of())).isEqualTo("EcrImageRegistry[putImageRate=10.0/s]");
    assertThat(registryMadeWith(Map.of(BATON_ECR_PUT_IMAGE_RATE, " ")))
        .isEqualTo("EcrImageRegistry[putImageRate=10.0/s]");
  }

  @Test
  void set_theRegistryPacesPutImageAtIt() {
    assertThat(registryMadeWith(Map.of(BATON_ECR_PUT_IMAGE_RATE, " 25 ")))
        .isEqualTo("EcrImageRegistry[putImageRate=25.0/s]");
    assertThat(registryMadeWith(Map.of(BATON_ECR_PUT_IMAGE_RATE, "0.5")))
        .isEqualTo("EcrImageRegistry[putImageRate=0.5/s]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "ten", "NaN", "Infinity", "1001"})
  void aValueOutOfRange_isRefusedNamingTheVariableAndTheValue(String value) {
    assertThatThrownBy(() -> registryMadeWith(Map.of(BATON_ECR_PUT_IMAGE_RATE, value)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(BATON_ECR_PUT_IMAGE_RATE + "=\"" + value + "\" is not a number")
        .hasMessageContaining("from above 0 to 1000")
        .extracting(e -> ((ConfigurationException) e).hint())
        .asString()
        .contains("PutImage quota");
  }

  @Test
  void aLongValue_isQuotedShort() {
    String value = "9".repeat(10_000);

    assertThatThrownBy(() -> registryMadeWith(Map.of(BATON_ECR_PUT_IMAGE_RATE, value)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("9".repeat(40) + "...\"")
        .hasMessageNotContaining("9".repeat(41));
  }
}
