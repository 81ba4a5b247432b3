package com.example.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  /** The example from GitHub's documentation on validating webhook deliveries. */
  @Test
  void sign_matchesGitHubsDocumentedExample() {
    WebhookSignature signature = new WebhookSignature(Secret.of("It's a Secret to Everybody"));
    byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    assertThat(signature.sign(body))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    assertThat(
            signature.verify(
                body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"))
        .isTrue();
  }

  @Test
  void verify_refusesAbsentMalformedAndOtherBodies() {
    WebhookSignature signature = new WebhookSignature(Secret.of("s3cret"));
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String good = signature.sign(body);

    assertThat(signature.verify(body, null)).isFalse();
    assertThat(signature.verify(body, good.substring("sha256=".length()))).isFalse();
    assertThat(signature.verify(body, "sha256=zz")).isFalse();
    assertThat(signature.verify(body, good.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
    assertThat(signature.verify("{ }".getBytes(StandardCharsets.UTF_8), good)).isFalse();
    assertThat(signature).hasToString("WebhookSignature[Secret[****]]");
  }
}
