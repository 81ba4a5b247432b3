package dev.baton.atmos.internal;

import java.util.regex.Pattern;

/**
 * Removes terminal escape sequences. Terraform colours its output even when stdout is not a
 * terminal (unless {@code -no-color}), and puts colour codes inside the very lines callers match,
 * e.g. {@code ESC[32mNo changes.ESC[0mESC[1m Your infrastructure matches the configuration.};
 * Atmos's own parser strips them before matching too.
 */
public final class Ansi {
  /**
   * CSI sequences (ESC [ parameters intermediates final, ECMA-48 §5.4), OSC sequences ending in BEL
   * or ESC \ (hyperlinks), character set designations (ESC ( B, which tput sgr0 emits), and any
   * other two-byte ESC sequence.
   */
  private static final Pattern ESCAPES =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)"
              + "|\u001B[()*+][ -~]|\u001B[@-_]");

  private Ansi() {}

  /**
   * @param line a line of output
   * @return the line without escape sequences
   */
  public static String strip(String line) {
    return line.indexOf('\u001B') < 0 ? line : ESCAPES.matcher(line).replaceAll("");
  }
}
