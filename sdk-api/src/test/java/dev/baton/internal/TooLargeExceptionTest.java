package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TooLargeExceptionTest {
  @Test
  void readFile_refusesAFileOverTheLimit(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("big"), "x".repeat(2048));

    assertThat(TooLargeException.readFile(file, 2048)).hasSize(2048);
    assertThatThrownBy(() -> TooLargeException.readFile(file, 2047))
        .isInstanceOf(TooLargeException.class)
        .hasMessageContaining("2047 bytes")
        .satisfies(e -> assertThat(((TooLargeException) e).limit()).isEqualTo(2047));
  }

  @Test
  void describe_namesTheUnitWhenItIsWhole() {
    assertThat(TooLargeException.describe(4 << 20)).isEqualTo("4 MiB (4194304 bytes)");
    assertThat(TooLargeException.describe(64 << 10)).isEqualTo("64 KiB (65536 bytes)");
    assertThat(TooLargeException.describe(1000)).isEqualTo("1000 bytes");
  }
}
