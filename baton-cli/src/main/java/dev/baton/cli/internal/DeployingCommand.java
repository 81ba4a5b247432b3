package dev.baton.cli.internal;

import dev.baton.DeploymentTarget;
import dev.baton.PromotionPipeline;
import dev.baton.spi.CommitHistory;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that deploys one target, {@code deploy} and {@code rollback}: it takes {@code --pr} for
 * an environment with one instance per pull request and {@code --approved}, orders commits, and
 * deploys under the target's lease with the pipeline {@code run} has.
 */
abstract class DeployingCommand extends DirectCommand {
  @Mixin PullRequest pullRequest = new PullRequest();

  @Mixin Approval approval = new Approval();

  DeployingCommand(Context ctx) {
    super(ctx);
  }

  /** {@code --approved}. */
  static final class Approval {
    @Option(
        names = "--approved",
        description =
            "ENV's approval is given: run from a job that declares 'environment: ENV', so that"
                + " GitHub's required reviewers approve it before the job starts")
    boolean approved;
  }

  /** {@code --pr}, optional: only an environment with one instance per pull request takes it. */
  static final class PullRequest {
    @Option(
        names = "--pr",
        paramLabel = "N",
        description = "the pull request, for an environment with one instance per pull request")
    Integer number;
  }

  /**
   * What the command works with.
   *
   * @param config the configuration
   * @param target the target
   * @param shared the leases and the ledger
   * @param history the history that orders commits
   */
  record Deploying(
      BatonConfig config, DeploymentTarget target, Shared shared, CommitHistory history) {}

  /**
   * Loads the configuration, finds the target of {@code ENV} and {@code --pr}, opens the shared
   * state and the history that orders commits, and says on standard error where each comes from.
   *
   * @param environment the {@code ENV} argument
   * @param repo the {@code --repo} directory as typed; empty for the working directory
   * @param owned where clients are registered
   * @return what the command works with
   */
  Deploying deploying(String environment, Optional<String> repo, Owned owned) {
    BatonConfig config = loadConfig();
    DeploymentTarget target = target(config, environment, pullRequest.number);
    Shared shared = Shared.open(config, ctx, owned, github());
    Shared.History history = Shared.history(repo, github(), ctx, owned);
    ctx.err().println(ctx.redact(shared.describe(history)));
    return new Deploying(config, target, shared, history.history());
  }

  /**
   * @param d what the command works with
   * @param owned where clients are registered
   * @return the pipeline that deploys {@code d}'s target, with {@code --approved}'s approval
   */
  PromotionPipeline pipeline(Deploying d, Owned owned) {
    return pipeline(d.config(), d.target(), d.shared(), d.history(), approval.approved, owned);
  }
}
