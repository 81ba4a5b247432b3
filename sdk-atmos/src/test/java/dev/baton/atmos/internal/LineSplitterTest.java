package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private static List<String> split(byte[] bytes, int max) throws IOException {
    List<String> out = new ArrayList<>();
    try (LineSplitter s = new LineSplitter(new ByteArrayInputStream(bytes), max)) {
      String line;
      while ((line = s.next()) != null) {
        out.add(line);
      }
    }
    return out;
  }

  private static List<String> split(String text, int max) throws IOException {
    return split(text.getBytes(StandardCharsets.UTF_8), max);
  }

  @Test
  void next_splitsOnNewline_dropsCarriageReturn_keepsEmptyLines() throws IOException {
    assertThat(split("a\r\nb\n\nc", 100)).containsExactly("a", "b", "", "c");
  }

  @Test
  void next_whenNoTrailingNewline_returnsTheLastLine() throws IOException {
    assertThat(split("  Enter a value: ", 100)).containsExactly("  Enter a value: ");
    assertThat(split("", 100)).isEmpty();
    assertThat(split("\n", 100)).containsExactly("");
  }

  @Test
  void next_whenLineTooLong_truncatesAndMarksIt() throws IOException {
    String longLine = "x".repeat(10_000);

    assertThat(split(longLine + "\nnext\n", 16))
        .containsExactly("x".repeat(16) + LineSplitter.TRUNCATED, "next");
  }

  @Test
  void next_decodesUtf8_acrossBufferBoundaries() throws IOException {
    String text = "é".repeat(5000) + "\n╷ │ ╵ 👽\n";

    assertThat(split(text, 1 << 20)).containsExactly("é".repeat(5000), "╷ │ ╵ 👽");
  }

  @Test
  void next_whenMalformedUtf8_replacesIt() throws IOException {
    assertThat(split(new byte[] {'a', (byte) 0xff, 'b', '\n'}, 100)).containsExactly("a\ufffdb");
  }
}
