package dev.baton.cli.internal;

import dev.baton.ImageReference;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.FakeImageRegistry;
import dev.baton.testkit.FakeReleaseSource;
import dev.baton.testkit.FakeStackDeployer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The testkit's fakes behind {@link Providers}, for commands whose real providers (GitHub, a cloud
 * registry) cannot be reached from a test. Records what the commands asked for. With {@link
 * #withRealAtmos()}, deploys run the real {@code AtmosStackDeployer} (on a fake atmos program).
 */
final class FakeProviders extends Providers {
  final FakeImageRegistry registry = new FakeImageRegistry();
  final FakeStackDeployer deployer = new FakeStackDeployer();
  final FakeReleaseSource releases = new FakeReleaseSource();
  final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger();
  final List<String> calls = new ArrayList<>();
  private final boolean realAtmos;

  FakeProviders() {
    this(false);
  }

  private FakeProviders(boolean realAtmos) {
    this.realAtmos = realAtmos;
  }

  /** {@return fakes for everything but atmos, which is run as configured} */
  static FakeProviders withRealAtmos() {
    return new FakeProviders(true);
  }

  @Override
  public synchronized ImageRegistry registry(
      ImageReference repository, RegistryAccess access, Owned owned) {
    calls.add("registry " + repository + (access.plainHttp() ? " plain-http" : ""));
    return registry;
  }

  @Override
  public synchronized StackDeployer atmos(
      BatonConfig.AtmosSettings settings,
      String executable,
      Map<String, String> environment,
      Path workingDir) {
    calls.add("atmos " + settings.component() + " " + executable);
    return realAtmos ? super.atmos(settings, executable, environment, workingDir) : deployer;
  }

  @Override
  public synchronized ReleaseSource githubReleases(
      GitHubAccess github, String tagTemplate, Owned owned) {
    calls.add("releases " + github.repository() + " " + github.apiUrl());
    return releases;
  }

  @Override
  public synchronized DeploymentLedger githubLedger(
      GitHubAccess github, dev.baton.Environments table, Owned owned) {
    calls.add("ledger " + github.repository());
    return ledger;
  }
}
