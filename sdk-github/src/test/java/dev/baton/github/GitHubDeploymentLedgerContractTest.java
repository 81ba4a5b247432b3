package dev.baton.github;

import dev.baton.Secret;
import dev.baton.github.fake.FakeGitHub;
import dev.baton.spi.DeploymentLedger;
import dev.baton.testkit.DeploymentLedgerContract;
import org.junit.jupiter.api.AutoClose;

/** {@link GitHubDeploymentLedger} against the stateful fake GitHub, held to the ledger contract. */
class GitHubDeploymentLedgerContractTest extends DeploymentLedgerContract {
  static final Secret TOKEN = Secret.of("ghs_ledgerTOKEN0123456789");

  @AutoClose private final FakeGitHub github = FakeGitHub.start("acme/shop", TOKEN);

  @Override
  protected DeploymentLedger ledger() {
    return GitHubDeploymentLedger.builder(Connections.to(github, TOKEN)).build();
  }

  /** GitHub Deployments has no conditional write: only the current deployment is compared. */
  @Override
  protected boolean keepsFencingTokens() {
    return false;
  }

  @Override
  protected boolean keepsQuarantines() {
    return false;
  }

  @Override
  protected boolean keepsApprovals() {
    return false;
  }
}
