package dev.baton.atmos;

import dev.baton.atmos.testing.AtmosFixture;
import dev.baton.testkit.atmos.FakeAtmos;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with a fresh {@link AtmosFixture}, and its fake atmos, in a temporary directory. */
abstract class AtmosTestCase {
  @TempDir Path dir;
  AtmosFixture fixture;
  FakeAtmos atmos;

  @BeforeEach
  void setUpAtmos() {
    fixture = new AtmosFixture(dir);
    atmos = fixture.atmos;
  }
}
