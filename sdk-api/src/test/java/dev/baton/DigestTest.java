package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DigestTest {

  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final String HELLO_SHA256 =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  static final String EMPTY_SHA512 =
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
          + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";

  static Stream<Arguments> validDigests() {
    return Stream.of(
        Arguments.of("sha256:" + EMPTY_SHA256, "sha256", EMPTY_SHA256),
        Arguments.of("sha512:" + EMPTY_SHA512, "sha512", EMPTY_SHA512),
        // The image-spec's own examples of unregistered algorithms that match the grammar.
        Arguments.of(
            "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
            "sha256+b64u",
            "LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"),
        Arguments.of(
            "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
            "multihash+base58",
            "QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8"),
        Arguments.of("a.b_c-d:x=", "a.b_c-d", "x="),
        Arguments.of("0:A", "0", "A"));
  }

  @ParameterizedTest
  @MethodSource("validDigests")
  void parse_whenValid_splitsAlgorithmAndEncoded(String text, String algorithm, String encoded) {
    Digest digest = Digest.parse(text);

    assertThat(digest.algorithm()).isEqualTo(algorithm);
    assertThat(digest.encoded()).isEqualTo(encoded);
    assertThat(digest).hasToString(text).isEqualTo(new Digest(algorithm, encoded));
    assertThat(Digest.tryParse(text)).contains(digest);
  }

  @Test
  void constructor_whenNull_namesTheParameter() {
    assertThatThrownBy(() -> new Digest(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("algorithm");
    assertThatThrownBy(() -> new Digest("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("encoded");
  }

  @ParameterizedTest
  @CsvSource({
    "'',      " + EMPTY_SHA256,
    "hello,   " + HELLO_SHA256,
    "'{}',    44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  })
  void sha256_ofKnownContent_isTheKnownDigest(String content, String expectedHex) {
    Digest digest = Digest.sha256(content.getBytes(StandardCharsets.UTF_8));

    assertThat(digest).hasToString("sha256:" + expectedHex);
    assertThat(digest.matches(content.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void sha256_ofEmptyArray_isTheWellKnownEmptyDigest() {
    assertThat(Digest.sha256(new byte[0])).hasToString("sha256:" + EMPTY_SHA256);
  }

  @Test
  void matches_whenContentDiffers_isFalse() {
    assertThat(Digest.parse("sha256:" + EMPTY_SHA256).matches(new byte[] {0})).isFalse();
    byte[] capitalised = "Hello".getBytes(StandardCharsets.UTF_8);
    assertThat(Digest.parse("sha256:" + HELLO_SHA256).matches(capitalised)).isFalse();
  }

  @Test
  void matches_withSha512_recomputesWithSha512() {
    Digest digest = Digest.parse("sha512:" + EMPTY_SHA512);

    assertThat(digest.matches(new byte[0])).isTrue();
    assertThat(digest.matches(new byte[] {1})).isFalse();
  }

  @Test
  void matches_withUnsupportedAlgorithm_throwsUnsupportedOperation() {
    Digest digest = Digest.parse("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8");

    assertThatThrownBy(() -> digest.matches(new byte[0]))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("\"multihash+base58\"");
  }

  @ParameterizedTest
  @CsvSource({
    "sha256:" + EMPTY_SHA256 + ", sha256:e3b0c44298fc",
    "sha512:" + EMPTY_SHA512 + ", sha512:cf83e1357eef",
    "foo:abc,                     foo:abc",
    "foo:abcdefghijkl,            foo:abcdefghijkl",
  })
  void shortForm_keepsAlgorithmAndFirst12Characters(String text, String expected) {
    assertThat(Digest.parse(text).shortForm()).isEqualTo(expected);
  }
}
