package dev.baton.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class RedactorTest {
  static Redactor of(String... secrets) {
    return Redactor.of(java.util.Arrays.stream(secrets).map(Secret::of).toList());
  }

  @Test
  void redact_masksEveryOccurrence_longestFirst() {
    Redactor r = of("abc", "abcdef");

    assertThat(r.redact("x abcdef y abc z abcdefabc")).isEqualTo("x **** y **** z ********");
  }

  @Test
  void redact_overlappingSecrets_areMaskedAsOne_leavingNoFragment() {
    Redactor r = of("token-AAAA", "AAAA-tail");

    assertThat(r.redact("[token-AAAA-tail]")).isEqualTo("[****]");
    assertThat(r.redact("token-AAAA AAAA-tail")).isEqualTo("**** ****");
  }

  @Test
  void redact_aMaskedSecretCannotRevealOrCreateAnother() {
    // Replacing "s3cr" first must not hide the longer secret's tail, and the mask's '*' must
    // not form a secret.
    Redactor r = of("s3cr", "xs3cret", "***");

    assertThat(r.redact("xs3cret s3cr ***")).isEqualTo("**** **** ****");
  }

  @Test
  void redact_urlEncodedForm() {
    String value = "p@ss/w rd+=&?";
    Redactor r = Redactor.of(List.of(Secret.of(value)));
    String plus = URLEncoder.encode(value, StandardCharsets.UTF_8);
    String percent = plus.replace("+", "%20");

    assertThat(r.redact("?password=" + plus + "&x=1")).isEqualTo("?password=****&x=1");
    assertThat(r.redact("?password=" + percent + "&x=1")).isEqualTo("?password=****&x=1");
    assertThat(r.redact("raw " + value)).isEqualTo("raw ****");
  }

  @Test
  void redact_secretInsideAUrl() {
    Redactor r = of("ghs_0123456789abcdef");

    assertThat(r.redact("fetching https://x-access-token:ghs_0123456789abcdef@github.com/a/b.git"))
        .isEqualTo("fetching https://x-access-token:****@github.com/a/b.git");
    assertThat(r.redact("GET https://h/token?access_token=ghs_0123456789abcdef&scope=pull"))
        .isEqualTo("GET https://h/token?access_token=****&scope=pull");
  }

  @Test
  void redact_basicCredentialsOfAUserPasswordPair() {
    Redactor r = Redactor.none().with("ci-bot", Secret.of("hunter2-long"));
    String basic =
        Base64.getEncoder().encodeToString("ci-bot:hunter2-long".getBytes(StandardCharsets.UTF_8));

    assertThat(r.redact("Authorization: Basic " + basic)).isEqualTo("Authorization: Basic ****");
    assertThat(r.redact("password hunter2-long for ci-bot")).isEqualTo("password **** for ci-bot");
  }

  @Test
  void redact_multiLineSecret_lineByLine_andWhole() {
    String key =
        "-----BEGIN KEY-----\nMIIEvQIBADANBgkq\n  hkiG9w0BAQEFAASC \n==\n-----END KEY-----\n";
    Redactor r = of(key);

    assertThat(r.redact("key: " + key)).isEqualTo("key: ****");
    // As output arrives one line at a time: each line (stripped) is masked on its own.
    assertThat(r.redact("read MIIEvQIBADANBgkq")).isEqualTo("read ****");
    assertThat(r.redact("\thkiG9w0BAQEFAASC,")).isEqualTo("\t****,");
    // A derived fragment shorter than MIN_FORM_LENGTH is left alone.
    assertThat(r.redact("a == b")).isEqualTo("a == b");
  }

  @Test
  void redact_aRegisteredValueIsMaskedWhateverItsLength() {
    assertThat(of("k9").redact("pin k9")).isEqualTo("pin ****");
  }

  @Test
  void forms_eachSecretOnce_everyWireForm() {
    assertThat(Redactor.forms(Secret.of("a b/c\nsecond-line")))
        .containsExactly(
            "a b/c\nsecond-line",
            "a b/c",
            "second-line",
            "a+b%2Fc%0Asecond-line",
            "a%20b%2Fc%0Asecond-line");
    assertThat(Redactor.forms(Secret.of("plain_token"))).containsExactly("plain_token");
    assertThat(Redactor.forms("u", Secret.of("plain_token")))
        .containsExactly("plain_token", "dTpwbGFpbl90b2tlbg==");
  }

  @Test
  void singleLineForms_leaveOutTheWholeMultiLineValue() {
    Redactor r = of("line-one\nline-two", "one-more");

    assertThat(r.singleLineForms())
        .containsExactlyInAnyOrder("line-one", "line-two", "line-one%0Aline-two", "one-more");
  }

  @Test
  void with_registeringTheSameSecretTwice_keepsOneCopyOfEachForm() {
    Redactor r = of("same-secret").with(Secret.of("same-secret"));

    assertThat(r.size()).isEqualTo(1);
  }

  @Test
  void withCredentialsFrom_masksInheritedCredentialVariablesOnly() {
    Redactor r =
        Redactor.none()
            .withCredentialsFrom(
                Map.of(
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
  }

  @Test
  void toString_ofTheRedactorAndOfHolders_neverShowsAValue() {
    Secret s = Secret.of("ghs_0123456789abcdef");
    Redactor r = Redactor.of(List.of(s)).with("user", Secret.of("pa55word-x"));
    record Holder(Redactor redactor, Secret secret, List<Secret> more) {}

    String shown = new Holder(r, s, List.of(s)).toString();
    assertThat(shown)
        .doesNotContain("ghs_0123456789abcdef")
        .doesNotContain("pa55word-x")
        .doesNotContain("dXNlcjpwYTU1d29yZC14")
        .contains("Redactor[3 forms]");
  }

  @Test
  void none_masksNothing() {
    assertThat(Redactor.none().redact("ghs_0123 ****")).isEqualTo("ghs_0123 ****");
    assertThat(Redactor.none().size()).isZero();
  }

  /** Property: whatever surrounds it, a redacted text never contains the secret. */
  @RepeatedTest(200)
  void redact_neverLeavesTheSecret(RepetitionInfo run) {
    Random random = new Random(run.getCurrentRepetition());
    // The alphabet leaves out '*', the mask's own character.
    String secret = randomText(random, 1 + random.nextInt(12), "ab");
    String other = randomText(random, 1 + random.nextInt(12), "ab");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < random.nextInt(8); i++) {
      text.append(randomText(random, random.nextInt(6), "ab ")).append(secret);
    }

    assertThat(of(secret, other).redact(text.toString()))
        .doesNotContain(secret)
        .doesNotContain(other);
  }

  private static String randomText(Random random, int length, String alphabet) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
