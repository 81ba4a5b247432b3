package dev.baton.cli.internal;

import dev.baton.ImageReference;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.InMemoryLeaseStore;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Progress;
import dev.baton.spi.PullRequestSource;
import dev.baton.spi.ReleaseSource;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.FakeImageRegistry;
import dev.baton.testkit.FakePullRequestSource;
import dev.baton.testkit.FakeReleaseSource;
import dev.baton.testkit.FakeStackDeployer;
import dev.baton.testkit.ForwardingStackDeployer;
import dev.baton.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The testkit's fakes behind {@link Providers}, for commands whose real providers (GitHub, a cloud
 * registry) cannot be reached from a test. Records what the commands asked for. With {@link
 * #withRealAtmos()}, deploys run the real {@code AtmosStackDeployer} (on a fake atmos program).
 */
final class FakeProviders extends Providers {
  final FakeImageRegistry registry = new FakeImageRegistry();
  final FakeStackDeployer deployer = new FakeStackDeployer();
  final FakeReleaseSource releases = new FakeReleaseSource();

  /**
   * The clock that stamps the ledger's records: the time the providers were made, until a test
   * moves it (back, to make deploys look older).
   */
  final MutableClock ledgerClock = new MutableClock(Instant.now());

  final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(ledgerClock);
  final FakePullRequestSource pullRequests = new FakePullRequestSource();
  final InMemoryLeaseStore leases = new InMemoryLeaseStore();
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

  /** What GitHub's compare API answers; unknown unless a test says otherwise. */
  volatile CommitHistory githubHistory = CommitHistory.UNKNOWN;

  /** Whether the in-memory coordination keeps {@link #ledger} across commands, as a store would. */
  volatile boolean coordinationKeepsLedger = true;

  /**
   * Whether GitHub's releases, deployments and compare API are the real providers, reaching the API
   * at {@code GITHUB_API_URL} (a GitHub stand-in), rather than the testkit's fakes.
   */
  volatile boolean realGitHub = false;

  /** Runs in the middle of each deploy, as another process could. */
  volatile Runnable duringDeploy = () -> {};

  /**
   * Leases in memory, kept across the commands of a test as a shared store keeps them; the other
   * stores are made as the command would make them.
   */
  @Override
  public synchronized Coordination coordination(
      CoordinationSettings settings, Context ctx, Owned owned) {
    calls.add("coordination " + settings.store().getClass().getSimpleName());
    if (!(settings.store() instanceof CoordinationSettings.InMemory)) {
      return super.coordination(settings, ctx, owned);
    }
    return new Coordination(
        "in memory (the test's)",
        leases,
        coordinationKeepsLedger ? Optional.of(ledger) : Optional.empty(),
        () -> "nothing to create: the test's leases are in memory");
  }

  @Override
  public synchronized CommitHistory githubHistory(GitHubAccess github, Owned owned) {
    calls.add("history " + github.repository() + " " + github.apiUrl());
    if (realGitHub) {
      return super.githubHistory(github, owned);
    }
    return (a, b) -> githubHistory.compare(a, b);
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
    if (realAtmos) {
      return super.atmos(settings, executable, environment, workingDir);
    }
    return new ForwardingStackDeployer(deployer) {
      @Override
      public DeployResult deploy(DeployRequest request, Progress progress) {
        duringDeploy.run();
        return super.deploy(request, progress);
      }
    };
  }

  @Override
  public synchronized ReleaseSource githubReleases(
      GitHubAccess github, String tagTemplate, Owned owned) {
    calls.add("releases " + github.repository() + " " + github.apiUrl());
    if (realGitHub) {
      return super.githubReleases(github, tagTemplate, owned);
    }
    return releases;
  }

  @Override
  public synchronized PullRequestSource githubPullRequests(GitHubAccess github, Owned owned) {
    calls.add("pull requests " + github.repository());
    return pullRequests;
  }

  @Override
  public synchronized DeploymentLedger githubLedger(
      GitHubAccess github, dev.baton.Environments table, Owned owned) {
    calls.add("ledger " + github.repository());
    if (realGitHub) {
      return super.githubLedger(github, table, owned);
    }
    return ledger;
  }
}
