package dev.baton.cli.internal;

import dev.baton.DeploymentTarget;
import dev.baton.RunResult;
import dev.baton.spi.DeploymentRecord;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code baton rollback}: the digest a target ran before its current one, again. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    header = "deploy again the digest an environment ran before its current one",
    description = {
      "Deploys again, to ENV (or pull request N's instance of it), the digest it ran before its"
          + " current one, as the ledger recorded them: the one way to move a target back to an"
          + " older commit. It takes the target's lease first, as 'baton deploy' does, and asks"
          + " for approval where the environment requires it (--approved).",
      "",
      "Standard output: result=rolled-back, target, commit, digest, image and url, as"
          + " key=value lines."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:rolled back",
      "1:nothing to roll back to, refused (the lease not obtained before"
          + " coordination.lease-wait, superseded, a stale write) or failed, with a hint",
      "2:bad usage"
    })
final class RollbackCommand extends DeployingCommand {
  @Parameters(index = "0", paramLabel = "ENV", description = "the environment, e.g. prod")
  String environment;

  RollbackCommand(Context ctx) {
    super(ctx);
  }

  @Override
  Integer call(Owned owned) {
    Deploying deploying = deploying(environment, Optional.empty(), owned);
    DeploymentTarget target = deploying.target();
    Optional<DeploymentRecord> before = deploying.shared().ledger().current(target);
    RunResult result = pipeline(deploying, owned).rollback(target);
    Map<String, String> out = outputs("rolled-back", target, result);
    ctx.err()
        .println(
            ctx.redact(
                "rolled back: "
                    + target
                    + " runs "
                    + out.getOrDefault("commit", "?")
                    + " again, as "
                    + out.getOrDefault("image", "?")
                    + before.map(d -> ", instead of " + d.commit()).orElse("")));
    print(out);
    return Cli.OK;
  }
}
