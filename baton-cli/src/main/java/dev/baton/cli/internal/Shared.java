package dev.baton.cli.internal;

import dev.baton.ConfigurationException;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.PromotionPipeline;
import dev.baton.jdbc.PostgresDeploymentLedger;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.CommitOrder;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.LeaseStore;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command that runs the pipeline shares with the other processes of the flow: the
 * coordination's leases, the deployment ledger, and the history that orders commits, each with the
 * words that say where it comes from.
 *
 * <ul>
 *   <li>Leases: the {@link Coordination} {@code baton.yaml} names (in memory by default).
 *   <li>Ledger: the coordination's own when its store keeps one, else GitHub Deployments when
 *       GitHub is configured, else memory (nothing is remembered after the command).
 *   <li>Commit history: the git clone at {@code --repo} (by default the working directory, when it
 *       is in a clone), falling back to GitHub's compare API for the commits the clone cannot place
 *       (a shallow clone) when GitHub is configured; else unknown, so nothing is refused for the
 *       order of commits.
 * </ul>
 *
 * @param coordination the coordination: its leases, and its ledger when its store keeps one
 * @param settings the coordination's lease times
 * @param ledger the ledger in use
 * @param ledgerSource where the ledger is kept, for messages
 */
record Shared(
    Coordination coordination,
    CoordinationSettings settings,
    DeploymentLedger ledger,
    String ledgerSource) {
  /**
   * A history and where it comes from.
   *
   * @param history the history
   * @param source where it comes from, for messages
   */
  record History(CommitHistory history, String source) {}

  /**
   * @param config the configuration, for its coordination section and environment table
   * @param ctx the providers and the environment
   * @param owned where clients are registered, to be closed when the command ends
   * @param github the GitHub repository and token, when configured
   * @return the shared state
   * @throws ConfigurationException when this build lacks the configured store
   */
  static Shared open(
      BatonConfig config, Context ctx, Owned owned, Optional<Providers.GitHubAccess> github) {
    Providers p = ctx.providers();
    Coordination c = p.coordination(config.coordination(), ctx, owned);
    if (c.ledger().isPresent()) {
      return new Shared(c, config.coordination(), c.ledger().get(), c.description());
    }
    if (github.isPresent()) {
      return new Shared(
          c,
          config.coordination(),
          p.githubLedger(github.get(), config.environments(), owned),
          "GitHub Deployments of " + github.get().repository());
    }
    return new Shared(
        c,
        config.coordination(),
        new InMemoryDeploymentLedger(),
        "memory only: nothing is remembered after this command (no shared store in baton.yaml,"
            + " and GITHUB_REPOSITORY and GITHUB_TOKEN are not both set)");
  }

  /** {@return the lease store} */
  LeaseStore leases() {
    return coordination.leases();
  }

  /**
   * @param repo the {@code --repo} directory as typed, which must be in a git clone; empty for the
   *     working directory, used when it is in one
   * @param github the GitHub repository and token, when configured
   * @param ctx the providers and the working directory
   * @param owned where the repository and connection are registered
   * @return the history that orders commits
   * @throws ConfigurationException when {@code repo} is given and is in no git clone
   */
  static History history(
      Optional<String> repo, Optional<Providers.GitHubAccess> github, Context ctx, Owned owned) {
    Providers p = ctx.providers();
    Path dir = ctx.resolve(repo.orElse("."));
    CommitHistory local = null;
    try {
      local = p.gitHistory(dir, owned);
    } catch (ConfigurationException e) {
      if (repo.isPresent()) {
        throw new ConfigurationException(
            "--repo: " + e.getMessage(), "give the directory of a git clone of the repository", e);
      }
    }
    CommitHistory remote = github.map(g -> p.githubHistory(g, owned)).orElse(null);
    if (local != null && remote != null) {
      CommitHistory clone = local;
      return new History(
          (a, b) -> {
            CommitOrder o = clone.compare(a, b);
            return o == CommitOrder.UNKNOWN ? remote.compare(a, b) : o;
          },
          "the git clone at " + dir + ", then GitHub's compare API for commits it cannot place");
    }
    if (local != null) {
      return new History(local, "the git clone at " + dir);
    }
    if (remote != null) {
      return new History(remote, "GitHub's compare API (" + dir + " is not in a git clone)");
    }
    return new History(
        CommitHistory.UNKNOWN,
        "none (no git clone at " + dir + ", and no GITHUB_TOKEN): an older commit is not refused");
  }

  /**
   * @param b a pipeline builder
   * @param history the history that orders commits
   * @return the builder, with the leases, the ledger, the history and the lease times
   */
  PromotionPipeline.Builder apply(PromotionPipeline.Builder b, CommitHistory history) {
    if (ledger instanceof PostgresDeploymentLedger postgres) {
      // Tag writes, approvals and refusals join the deployments in the queryable history.
      b.listener(postgres.historyListener());
    }
    return b.leases(coordination.leases())
        .ledger(ledger)
        .commitHistory(history)
        .leaseTimeToLive(settings.leaseTimeToLive())
        .leaseWait(settings.leaseWait());
  }

  /**
   * @param history the history in use, or null when the command orders no commits
   * @return what the command uses, one line each, for standard error
   */
  String describe(History history) {
    return "leases: "
        + coordination.description()
        + "\nledger: "
        + ledgerSource
        + (history == null ? "" : "\ncommit order: " + history.source());
  }
}
