package dev.baton.spi;

import java.util.Objects;

/** The rule for lease owner identifiers, shared by {@link Lease} and {@link LeaseWaiter}. */
final class Owners {
  /** The longest owner identifier a store must accept. */
  static final int MAX_LENGTH = 200;

  private Owners() {}

  static void check(String owner) {
    Objects.requireNonNull(owner, "owner");
    if (owner.isBlank() || owner.length() > MAX_LENGTH || owner.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "invalid lease owner of "
              + owner.length()
              + " characters: expected 1 to "
              + MAX_LENGTH
              + " printable characters");
    }
  }
}
