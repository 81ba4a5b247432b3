package dev.baton.atmos;

import dev.baton.atmos.testing.AtmosFixture;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.StackDeployerContract;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtmosStackDeployer} running the testkit's fake atmos as a child process. */
class AtmosStackDeployerContractTest extends StackDeployerContract {
  @TempDir Path dir;
  private StackDeployer deployer;

  @BeforeEach
  void setUp() {
    deployer = new AtmosFixture(dir).builder().build();
  }

  @Override
  protected StackDeployer deployer() {
    return deployer;
  }
}
