package dev.baton.spi;

import java.util.Objects;

/**
 * The rule for who did something: lease owner identifiers ({@link Lease}, {@link LeaseWaiter}) and
 * the people or jobs that quarantine a digest ({@link QuarantineRecord}).
 */
final class Owners {
  /** The longest owner identifier a store must accept. */
  static final int MAX_LENGTH = 200;

  private Owners() {}

  static void check(String owner) {
    check(owner, "lease owner");
  }

  /**
   * @param owner the identifier
   * @param what what it names, for the message
   */
  static void check(String owner, String what) {
    Objects.requireNonNull(owner, what);
    if (owner.isBlank() || owner.length() > MAX_LENGTH || owner.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          "invalid "
              + what
              + " of "
              + owner.length()
              + " characters: expected 1 to "
              + MAX_LENGTH
              + " printable characters");
    }
  }
}
