package dev.baton.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionsMaskTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ActionsMask mask(Map<String, String> env) {
    return new ActionsMask(
        new PrintStream(out, true, StandardCharsets.UTF_8), RuntimeEnvironment.of(env));
  }

  String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void mask_inGitHubActions_printsAddMaskOncePerSecret() {
    ActionsMask m = mask(Map.of("GITHUB_ACTIONS", "true"));

    assertThat(m.mask(Secret.of("s3cret"))).isTrue();
    assertThat(m.mask(Secret.of("s3cret"))).isFalse();
    assertThat(m.mask(Secret.of("other"))).isTrue();

    assertThat(printed().lines()).containsExactly("::add-mask::s3cret", "::add-mask::other");
  }

  @Test
  void mask_multiLineSecret_masksEveryLine_andNeverPrintsALineUnmasked() {
    String key = "-----BEGIN KEY-----\nMIIEvQIBADANBgkq\r\n  hkiG9w0BAQEFAASC\n-----END KEY-----\n";
    mask(Map.of("GITHUB_ACTIONS", "true")).mask(Secret.of(key));

    assertThat(printed().lines())
        .allMatch(l -> l.startsWith("::add-mask::"))
        .contains(
            "::add-mask::-----BEGIN KEY-----",
            "::add-mask::MIIEvQIBADANBgkq",
            "::add-mask::hkiG9w0BAQEFAASC",
            "::add-mask::-----END KEY-----");
    // Every line of the secret is masked on its own...
    for (String line : key.split("\\R")) {
      assertThat(printed()).contains("::add-mask::" + line.strip() + System.lineSeparator());
    }
    // ...and the secret's line breaks never reach a command (it would end the command there).
    assertThat(printed().lines()).noneMatch(l -> l.equals("::add-mask::" + key.strip()));
  }

  @Test
  void mask_everyWireForm_urlEncodedAndBasic() {
    ActionsMask m = mask(Map.of("GITHUB_ACTIONS", "true"));

    assertThat(m.mask("ci-bot", Secret.of("pa ss/word"))).isTrue();

    assertThat(printed().lines())
        .containsExactlyInAnyOrder(
            "::add-mask::pa ss/word",
            "::add-mask::pa+ss%2Fword",
            "::add-mask::pa%20ss%2Fword",
            "::add-mask::Y2ktYm90OnBhIHNzL3dvcmQ=");
  }

  @Test
  void mask_outsideGitHubActions_printsNothing() {
    ActionsMask m = mask(Map.of());

    assertThat(m.mask(Secret.of("s3cret"))).isFalse();
    assertThat(out.size()).isZero();
  }
}
