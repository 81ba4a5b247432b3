package dev.baton.cli.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The direct commands' tests: each starts in a fresh {@link DirectFixture}. */
abstract class DirectCommandTestBase {
  @TempDir Path dir;
  DirectFixture f;

  @BeforeEach
  void createFixture() throws Exception {
    f = new DirectFixture(dir, "");
  }
}
