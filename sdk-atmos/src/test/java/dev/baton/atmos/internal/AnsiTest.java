package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnsiTest {
  private static final String E = "\u001b";

  /** Sequences as Terraform, atmos (lipgloss) and terminals emit them. */
  static Stream<Arguments> sequences() {
    return Stream.of(
        Arguments.of(
            E + "[0m" + E + "[1m" + E + "[32mApply complete!" + E + "[0m", "Apply complete!"),
        Arguments.of(
            E
                + "[31m│"
                + E
                + "[0m "
                + E
                + "[1m"
                + E
                + "[31mError: "
                + E
                + "[0m"
                + E
                + "[0m"
                + E
                + "[1mboom"
                + E
                + "[0m",
            "│ Error: boom"),
        Arguments.of(E + "[38;5;196mred256" + E + "[0m", "red256"),
        Arguments.of(E + "[38;2;255;0;0mtruecolor" + E + "[m", "truecolor"),
        Arguments.of(E + "[2K" + E + "[1Gprogress", "progress"),
        Arguments.of(E + "]8;;https://example.test\u0007link" + E + "]8;;\u0007", "link"),
        Arguments.of(E + "]8;;https://example.test" + E + "\\link" + E + "]8;;" + E + "\\", "link"),
        Arguments.of(E + "(Bcharset", "charset"),
        Arguments.of("plain text", "plain text"));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void strip_removesEscapeSequences(String raw, String expected) {
    assertThat(Ansi.strip(raw)).isEqualTo(expected);
  }

  /** Property: colouring any text (without ESC) and stripping gives the text back. */
  @RepeatedTest(200)
  void strip_ofColouredText_isTheText(RepetitionInfo run) {
    Random random = new Random(run.getCurrentRepetition());
    StringBuilder text = new StringBuilder();
    StringBuilder coloured = new StringBuilder();
    int n = random.nextInt(40);
    for (int i = 0; i < n; i++) {
      char c = (char) (0x20 + random.nextInt(0x2000));
      if (c == '\u001b') {
        continue;
      }
      if (random.nextInt(5) == 0) {
        coloured.append(E).append('[').append(random.nextInt(108)).append('m');
      }
      text.append(c);
      coloured.append(c);
    }
    coloured.append(E).append("[0m");

    assertThat(Ansi.strip(coloured.toString())).isEqualTo(text.toString());
  }
}
