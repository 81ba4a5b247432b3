package dev.baton.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Input larger than its limit, found before more than the limit was held in memory: an HTTP body
 * (see {@code dev.baton.internal.http.BoundedBodies}) or a file ({@link #readFile}). Callers turn
 * it into their own typed error, naming the limit with {@link #describe(long)}.
 */
public final class TooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The limit that was passed, in bytes. */
  private final long limit;

  /**
   * @param what what was read, e.g. {@code "the response body"}
   * @param limit the limit, in bytes
   */
  public TooLargeException(String what, long limit) {
    super(what + " is larger than " + describe(limit));
    this.limit = limit;
  }

  /** {@return the limit that was passed, in bytes} */
  public long limit() {
    return limit;
  }

  /**
   * @param bytes a size
   * @return it for a message: {@code 4 MiB (4194304 bytes)}, or {@code 300 bytes} below 1 KiB
   */
  public static String describe(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB (" + bytes + " bytes)";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB (" + bytes + " bytes)";
    }
    return bytes + " bytes";
  }

  /**
   * The check every builder applies to a size limit it is given, with one wording.
   *
   * @param bytes the limit
   * @param name the setting's name, quoted in the message
   * @return {@code bytes}
   * @throws IllegalArgumentException "NAME must be at least 1024 bytes, got N"
   */
  public static long requireLimit(long bytes, String name) {
    if (bytes < 1024) {
      throw new IllegalArgumentException(name + " must be at least 1024 bytes, got " + bytes);
    }
    return bytes;
  }

  /**
   * Reads a whole file of at most {@code limit} bytes, never holding more than one byte over it.
   *
   * @param file the file
   * @param limit the most bytes it may have
   * @return its bytes
   * @throws TooLargeException when it has more
   * @throws IOException when it cannot be read
   */
  public static byte[] readFile(Path file, long limit) throws IOException {
    int max = (int) Math.min(limit, Integer.MAX_VALUE - 8);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw new TooLargeException(file.toString(), limit);
      }
      return bytes;
    }
  }
}
