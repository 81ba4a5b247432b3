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
    return new ActionsMask(new PrintStream(out, true, StandardCharsets.UTF_8),
        RuntimeEnvironment.of(env));
  }

  @Test
  void mask_inGitHubActions_printsAddMaskOncePerSecret() {
    ActionsMask m = mask(Map.of("GITHUB_ACTIONS", "true"));

    assertThat(m.mask(Secret.of("s3cret"))).isTrue();
    assertThat(m.mask(Secret.of("s3cret"))).isFalse();
    assertThat(m.mask(Secret.of("other"))).isTrue();

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("::add-mask::s3cret", "::add-mask::other");
  }

  @Test
  void mask_multiLineSecret_masksEachLine() {
    mask(Map.of("GITHUB_ACTIONS", "true")).mask(Secret.of("line1\nline2\n"));

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("::add-mask::line1", "::add-mask::line2");
  }

  @Test
  void mask_outsideGitHubActions_printsNothing() {
    ActionsMask m = mask(Map.of());

    assertThat(m.mask(Secret.of("s3cret"))).isFalse();
    assertThat(out.size()).isZero();
  }
}
