package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.PromotionPipeline;
import dev.baton.RunResult;
import dev.baton.spi.DeploymentRecord;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton deploy}: one commit's build to one target, under the target's lease. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    header = "deploy a commit's build to one environment, under its lease",
    description = {
      "Deploys the build of SHA (the image tagged sha-<SHA> in the configured repository)"
          + " to ENV, or to pull request N's instance of ENV, with every check 'baton run'"
          + " makes: the upstream environments ran the digest, approval where required"
          + " (--approved), the environment's deployment windows and freezes (unless"
          + " --break-glass), its soak, and never an older commit than the target runs.",
      "",
      "The deploy takes the target's lease first, from the store baton.yaml's coordination"
          + " section names (in memory by default), waiting up to coordination.lease-wait"
          + " behind other runs; in an environment with 'queue: supersede' it gives way when a"
          + " run for a newer commit is waiting. Commits are ordered by the git clone at --repo"
          + " (by default the working directory), then by GitHub's compare API for commits the"
          + " clone lacks, when GITHUB_REPOSITORY and GITHUB_TOKEN are set.",
      "",
      "A target that already runs SHA is left alone. Standard output says which, as"
          + " key=value lines: result (deployed or already-current), target, commit, digest,"
          + " image and url."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:deployed, or already current (standard output says which)",
      "1:refused (an older commit than the target runs, superseded by a newer commit, the"
          + " lease not obtained before coordination.lease-wait, a stale write) or failed,"
          + " with a hint",
      "2:bad usage"
    })
final class DeployCommand extends DeployingCommand {
  @Parameters(index = "0", paramLabel = "ENV", description = "the environment, e.g. dev")
  String environment;

  @Option(
      names = "--commit",
      required = true,
      paramLabel = "SHA",
      description = "the commit whose build to deploy: 40 hex characters")
  String commit;

  @Option(
      names = "--repo",
      paramLabel = "PATH",
      description =
          "the git clone that orders commits (default: the working directory, when it is in one)")
  String repo;

  @Mixin BreakGlassOption breakGlass = new BreakGlassOption();

  DeployCommand(Context ctx) {
    super(ctx);
  }

  @Override
  Integer call(Owned owned) {
    CommitSha sha = parse("--commit", commit, CommitSha::parse);
    Deploying deploying = deploying(environment, Optional.ofNullable(repo), owned);
    DeploymentTarget target = deploying.target();
    Optional<DeploymentRecord> current = deploying.shared().ledger().current(target);
    if (current.isPresent() && current.get().commit().equals(sha)) {
      DeploymentRecord d = current.get();
      ctx.err()
          .println(
              "already current: "
                  + target
                  + " runs "
                  + sha
                  + " ("
                  + d.digest()
                  + ") since "
                  + d.updatedAt()
                  + "; nothing was deployed");
      print(outputs("already-current", target, d));
      return Cli.OK;
    }
    PromotionPipeline pipeline = breakGlass.apply(pipeline(deploying, owned), ctx, this);
    RunResult result = pipeline.deploy(target, sha);
    Map<String, String> out = outputs("deployed", target, result);
    ctx.err()
        .println(
            ctx.redact(
                "deployed: "
                    + target
                    + " runs "
                    + sha
                    + " as "
                    + out.getOrDefault("image", "?")
                    + (out.containsKey("url") ? " at " + out.get("url") : "")));
    print(out);
    return Cli.OK;
  }
}
