package dev.baton.spi;

import dev.baton.DeploymentTarget;
import dev.baton.ImageReference;
import java.util.Objects;

/**
 * What a lease serialises: one deployment target ({@code target/dev}, {@code target/preview#42}) or
 * one tag of a repository ({@code tag/registry.example.test/acme/shop:v1.2.0}). Keys are plain text
 * so that any store can hold them; at most {@value #MAX_LENGTH} characters.
 *
 * @param value the key's text
 */
public record LeaseKey(String value) {
  /** The longest key a store must accept. */
  public static final int MAX_LENGTH = 512;

  /**
   * Checks the key is non-blank, at most {@value #MAX_LENGTH} characters, and has no control
   * character.
   *
   * @param value the key's text
   */
  public LeaseKey {
    Objects.requireNonNull(value, "value");
    if (value.isBlank() || value.length() > MAX_LENGTH || value.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "invalid lease key of "
              + value.length()
              + " characters: expected 1 to "
              + MAX_LENGTH
              + " printable characters");
    }
  }

  /**
   * @param target a deployment target
   * @return the key that serialises its deploys, destroys and verifications
   */
  public static LeaseKey of(DeploymentTarget target) {
    return new LeaseKey("target/" + target);
  }

  /**
   * @param tagged a tagged reference
   * @return the key that serialises writes of that tag
   */
  public static LeaseKey ofTag(ImageReference tagged) {
    return new LeaseKey("tag/" + tagged.repositoryOnly() + ":" + tagged.tag().orElseThrow());
  }

  @Override
  public String toString() {
    return value;
  }
}
