package dev.baton.cli.internal;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.RunResult;
import dev.baton.spi.CommitHistory;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton destroy}: a pull request's instance, under its lease. */
@Command(
    name = "destroy",
    mixinStandardHelpOptions = true,
    header = "destroy a pull request's instance of an environment, under its lease",
    description = {
      "Destroys pull request N's instance of ENV (an environment with one instance per pull"
          + " request, such as preview) with the variables its deploy ran with, as the ledger"
          + " recorded them, and marks its deployments inactive. It takes the instance's lease"
          + " first, as 'baton deploy' does, so it never runs while the instance is being"
          + " deployed. Destroying an instance that is already gone succeeds.",
      "",
      "Standard output: result=destroyed and target, as key=value lines."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:destroyed (or there was nothing left to destroy)",
      "1:refused (the lease not obtained before coordination.lease-wait, a stale write) or"
          + " failed, with a hint",
      "2:bad usage"
    })
final class DestroyCommand extends DirectCommand {
  @Parameters(index = "0", paramLabel = "ENV", description = "the environment, e.g. preview")
  String environment;

  @Option(names = "--pr", required = true, paramLabel = "N", description = "the pull request")
  Integer pullRequest;

  DestroyCommand(Context ctx) {
    super(ctx);
  }

  @Override
  Integer call(Owned owned) {
    BatonConfig config = loadConfig();
    EnvironmentName name = parse("ENV", environment, EnvironmentName::parse);
    if (!config.environments().get(name).isPerPullRequest()) {
      throw usage(
          "ENV: "
              + name
              + " is a shared environment; 'baton destroy' removes a pull request's instance"
              + " only");
    }
    DeploymentTarget target = target(config, environment, pullRequest);
    Shared shared = shared(config, owned);
    RunResult result =
        pipeline(config, target, shared, CommitHistory.UNKNOWN, false, owned).destroy(target);
    String detail =
        result.outcomes().isEmpty()
            ? "nothing to do"
            : result.outcomes().get(result.outcomes().size() - 1).detail();
    ctx.err().println(ctx.redact("destroyed: " + target + " (" + detail + ")"));
    Map<String, String> out = new LinkedHashMap<>();
    out.put("result", "destroyed");
    out.put("target", target.toString());
    print(out);
    return Cli.OK;
  }
}
