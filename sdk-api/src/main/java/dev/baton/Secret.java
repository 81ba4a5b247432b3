package dev.baton;

import java.util.Objects;

/**
 * A credential (token, password). Its {@link #toString()} never shows the value, so it can travel
 * through builders, records and log statements without leaking; only {@link #reveal()} gives it, at
 * the point of use.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * @param value the credential; must not be empty
   * @return the wrapped credential
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(value);
  }

  /** {@return the credential itself. Call only where it is sent, never to log or format it} */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Always {@code "Secret[****]"}. */
  @Override
  public String toString() {
    return "Secret[****]";
  }
}
