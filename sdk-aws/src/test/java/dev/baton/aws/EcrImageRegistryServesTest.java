package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ImageReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which references ECR's provider takes, as the examples ask it. */
class EcrImageRegistryServesTest {
  @ParameterizedTest
  @CsvSource({
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0, true",
    "123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM/shop:1.0, true",
    "123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/shop:1.0, true",
    "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/shop:1.0, true",
    "123456789012.dkr-ecr.eu-west-1.on.aws/shop:1.0, true",
    "123456789012.DKR-ECR.EU-WEST-1.ON.AWS/shop:1.0, true",
    "public.ecr.aws/acme/shop:1.0, false",
    "ghcr.io/acme/shop:1.0, false",
    "12345.dkr.ecr.us-east-1.amazonaws.com/shop:1.0, false",
    "localhost:5000/shop:1.0, false"
  })
  void serves_privateEcrHostsInAnyCase(String reference, boolean served) {
    assertThat(EcrImageRegistry.serves(ImageReference.parse(reference))).isEqualTo(served);
  }
}
