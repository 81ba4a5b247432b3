package dev.baton.spi;

/**
 * Receives the output of a long operation line by line as it happens (a Terraform apply can run for
 * many minutes). Lines are already redacted. Implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface Progress {
  /** Ignores every line. */
  Progress NONE = line -> {};

  /**
   * @param line one line of output, without its line terminator
   */
  void line(String line);
}
