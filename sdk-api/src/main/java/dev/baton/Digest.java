package dev.baton;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:encoded}, per the OCI image-spec "Digests" grammar (image-spec
 * {@code descriptor.md}):
 *
 * <pre>
 * digest                ::= algorithm ":" encoded
 * algorithm             ::= algorithm-component (algorithm-separator algorithm-component)*
 * algorithm-component   ::= [a-z0-9]+
 * algorithm-separator   ::= [+._-]
 * encoded               ::= [a-zA-Z0-9=_-]+
 * </pre>
 *
 * <p>The registered algorithms are held to their registered encodings: {@code sha256} is 64 and
 * {@code sha512} is 128 lowercase hex characters. Other algorithms are accepted when they match the
 * grammar, as the spec asks, so a digest from a newer registry still parses.
 *
 * <pre>{@code
 * Digest digest = Digest.sha256(manifestBytes);
 * digest.toString();              // "sha256:5b0bcabd..."
 * digest.matches(manifestBytes);  // true
 * }</pre>
 *
 * @param algorithm the algorithm, e.g. {@code sha256}
 * @param encoded the encoded value, e.g. 64 lowercase hex characters for {@code sha256}
 */
public record Digest(String algorithm, String encoded) {

  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
  private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
  private static final Pattern SHA256_ENCODED = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512_ENCODED = Pattern.compile("[a-f0-9]{128}");

  /**
   * Validates both parts against the grammar.
   *
   * @param algorithm the algorithm, e.g. {@code sha256}
   * @param encoded the encoded value
   * @throws IllegalArgumentException if either part does not match the grammar, quoting it
   * @throws NullPointerException if either part is null
   */
  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(encoded, "encoded");
    if (!ALGORITHM.matcher(algorithm).matches()) {
      throw invalid(
          algorithm,
          encoded,
          "algorithm must be lowercase [a-z0-9]+ components" + " joined by '+', '.', '_' or '-'");
    }
    if (!ENCODED.matcher(encoded).matches()) {
      throw invalid(algorithm, encoded, "encoded part must be one or more of [a-zA-Z0-9=_-]");
    }
    if (algorithm.equals("sha256") && !SHA256_ENCODED.matcher(encoded).matches()) {
      throw invalid(
          algorithm,
          encoded,
          "sha256 must be 64 lowercase hex characters, got " + encoded.length() + " characters");
    }
    if (algorithm.equals("sha512") && !SHA512_ENCODED.matcher(encoded).matches()) {
      throw invalid(
          algorithm,
          encoded,
          "sha512 must be 128 lowercase hex characters, got " + encoded.length() + " characters");
    }
  }

  /**
   * Parses {@code algorithm:encoded}, e.g. {@code sha256:e3b0c442...b855}.
   *
   * @param text the wire form
   * @return the digest
   * @throws IllegalArgumentException if {@code text} is null or not a valid digest
   */
  public static Digest parse(String text) {
    ValueText.require(text, "digest", "algorithm:encoded");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw ValueText.invalid("digest", text, "expected algorithm:encoded, e.g. sha256:<64 hex>");
    }
    // Neither part may contain ':', so splitting at the first one is exact.
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the wire form, may be null
   * @return the digest, or empty if {@code text} is null or invalid
   */
  public static Optional<Digest> tryParse(String text) {
    return ValueText.tryParse(text, Digest::parse);
  }

  /**
   * Computes the sha256 digest of {@code content}.
   *
   * @param content the bytes to digest
   * @return {@code sha256:} followed by 64 lowercase hex characters
   */
  public static Digest sha256(byte[] content) {
    Objects.requireNonNull(content, "content");
    return new Digest("sha256", hex("SHA-256", content));
  }

  /**
   * Recomputes the digest of {@code content} with this digest's algorithm and compares.
   *
   * @param content the bytes to check
   * @return true if {@code content} has this digest
   * @throws UnsupportedOperationException if the algorithm is neither sha256 nor sha512
   */
  public boolean matches(byte[] content) {
    Objects.requireNonNull(content, "content");
    String javaName =
        switch (algorithm) {
          case "sha256" -> "SHA-256";
          case "sha512" -> "SHA-512";
          default ->
              throw new UnsupportedOperationException(
                  "cannot verify digest algorithm \""
                      + algorithm
                      + "\": only sha256 and sha512 are supported");
        };
    // Both registered encodings are lowercase hex, which the constructor enforced.
    return hex(javaName, content).equals(encoded);
  }

  /**
   * A short form for display, such as logs: the algorithm and the first 12 encoded characters.
   *
   * @return e.g. {@code sha256:e3b0c44298fc}
   */
  public String shortForm() {
    return algorithm + ':' + encoded.substring(0, Math.min(12, encoded.length()));
  }

  /**
   * The wire form.
   *
   * @return {@code algorithm:encoded}
   */
  @Override
  public String toString() {
    return algorithm + ':' + encoded;
  }

  private static String hex(String javaAlgorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(javaAlgorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 and SHA-512 (MessageDigest javadoc).
      throw new IllegalStateException("JDK lacks " + javaAlgorithm, e);
    }
  }

  private static IllegalArgumentException invalid(String algorithm, String encoded, String why) {
    return ValueText.invalid("digest", algorithm + ':' + encoded, why);
  }
}
