package dev.baton.testkit;

import dev.baton.spi.StackDeployer;

/** Runs the deployer contract against {@link FakeStackDeployer}. */
class FakeStackDeployerContractTest extends StackDeployerContract {
  private final FakeStackDeployer deployer = new FakeStackDeployer();

  @Override
  protected StackDeployer deployer() {
    return deployer;
  }
}
