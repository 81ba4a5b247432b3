package com.example.platform;

import dev.baton.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature: header {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of
 * the raw request body keyed with the webhook's secret. Immutable; its {@link #toString()} never
 * shows the secret.
 */
public final class WebhookSignature {
  /** The header GitHub sends the signature in. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String PREFIX = "sha256=";

  private final Secret secret;

  /**
   * @param secret the secret configured on the webhook in GitHub
   */
  public WebhookSignature(Secret secret) {
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  /**
   * @param body the raw request body, exactly as received
   * @return the header value GitHub would send for it: {@code sha256=<64 hex digits>}
   */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(body));
  }

  /**
   * Checks a signature in constant time, so that how long the comparison takes tells nothing about
   * how much of a forged signature was right.
   *
   * @param body the raw request body
   * @param header the {@value #HEADER} header's value; {@code null} when absent
   * @return whether the header is the body's signature
   */
  public boolean verify(byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(header.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(body), presented);
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK provides " + ALGORITHM, e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSignature[" + secret + "]";
  }
}
