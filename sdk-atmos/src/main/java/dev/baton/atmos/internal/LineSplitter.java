package dev.baton.atmos.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into UTF-8 lines on {@code \n} (dropping a {@code \r} before it), with a
 * limit on line length: the bytes of a longer line beyond the limit are dropped and the line is
 * marked {@value #TRUNCATED}. Malformed UTF-8 becomes U+FFFD. Not thread-safe.
 */
final class LineSplitter implements Closeable {
  static final String TRUNCATED = " [line truncated]";

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[8192];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private int pos;
  private int end;
  private boolean overlong;
  private boolean eof;

  LineSplitter(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or null at end of input. */
  String next() throws IOException {
    while (true) {
      if (pos == end) {
        if (eof) {
          return null;
        }
        end = in.read(buffer);
        pos = 0;
        if (end < 0) {
          end = 0;
          eof = true;
          return line.size() > 0 || overlong ? take() : null;
        }
      }
      while (pos < end) {
        byte b = buffer[pos++];
        if (b == '\n') {
          return take();
        }
        if (line.size() < maxBytes) {
          line.write(b);
        } else {
          overlong = true;
        }
      }
    }
  }

  private String take() {
    byte[] bytes = line.toByteArray();
    int n = bytes.length;
    if (n > 0 && bytes[n - 1] == '\r') {
      n--;
    }
    String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
    if (overlong) {
      s += TRUNCATED;
    }
    line.reset();
    overlong = false;
    return s;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
