package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void redact_masksEveryOccurrence_longestFirst() {
    Redactor r = Redactor.of(List.of("abc", "abcdef"));

    assertThat(r.redact("x abcdef y abc z abcdefabc")).isEqualTo("x **** y **** z ********");
  }

  @Test
  void withCredentialsFrom_masksInheritedCredentialVariablesOnly() {
    Redactor r = Redactor.none().withCredentialsFrom(Map.of(
        "GITHUB_TOKEN", "ghs_0123456789abcdef",
        "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG",
        "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEJr",
        "DB_PASSWORD", "correct horse",
        "SHORT_TOKEN", "1",
        "HOME", "/home/runner/work/a-long-path",
        "PR_NUMBER", "42"));

    assertThat(r.redact("ghs_0123456789abcdef wJalrXUtnFEMI/K7MDENG FwoGZXIvYXdzEJr correct horse"))
        .isEqualTo("**** **** **** ****");
    assertThat(r.redact("1 /home/runner/work/a-long-path 42"))
        .isEqualTo("1 /home/runner/work/a-long-path 42");
    assertThat(r.toString()).doesNotContain("ghs_");
  }

  /** Property: whatever surrounds it, a redacted text never contains the secret. */
  @RepeatedTest(200)
  void redact_neverLeavesTheSecret(RepetitionInfo run) {
    Random random = new Random(run.getCurrentRepetition());
    // The alphabet leaves out '*', the mask's own character.
    String secret = randomText(random, 1 + random.nextInt(12), "ab");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < random.nextInt(8); i++) {
      text.append(randomText(random, random.nextInt(6), "ab ")).append(secret);
    }

    assertThat(Redactor.of(List.of(secret)).redact(text.toString())).doesNotContain(secret);
  }

  private static String randomText(Random random, int length, String alphabet) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
