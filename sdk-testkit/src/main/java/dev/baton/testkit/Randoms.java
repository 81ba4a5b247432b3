package dev.baton.testkit;

import dev.baton.CommitSha;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random values the contract suites share, so that tests never collide on a store's data. */
final class Randoms {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Randoms() {}

  /** {@return a random commit} */
  static CommitSha commit() {
    return CommitSha.parse(hex(20));
  }

  /**
   * @param bytes how many random bytes
   * @return them in lower-case hexadecimal
   */
  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
