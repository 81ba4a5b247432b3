package dev.baton.cli.internal;

import dev.baton.ConfigurationException;
import dev.baton.SweepPolicy;
import dev.baton.SweepReport;
import dev.baton.spi.CommitHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton sweep}: destroys the previews that should no longer run. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    header = "destroy previews whose pull request closed, lost its label, or outlived its limits",
    description = {
      "Looks at every active instance of each environment with one instance per pull request"
          + " (preview), as the ledger records them, reads its pull request from GitHub, and"
          + " destroys it when the pull request is closed or no longer has the environment's"
          + " label, when it has had no deploy for longer than the environment's previews.ttl, or"
          + " when it was first deployed longer ago than its previews.max-age. It catches what a"
          + " missed close or unlabel event left running; run it on a schedule.",
      "",
      "Each destroy takes the instance's lease, but only if no other run holds it or waits for"
          + " it: an instance being deployed is skipped, said so, and looked at again by the next"
          + " sweep. Running it again changes nothing more. --dry-run reads only.",
      "",
      "It needs GITHUB_REPOSITORY and GITHUB_TOKEN (pull-requests: read), and a ledger that"
          + " outlives the command: the coordination store's, or GitHub Deployments.",
      "",
      "Standard output: result (swept or dry-run), then destroyed, would-destroy, skipped and"
          + " kept, each a space-separated list of targets (preview#42), as key=value lines."
          + " Standard error says why for each target."
    },
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:swept (instances whose lease another run held were skipped, to be swept next time)",
      "1:a pull request could not be read or a destroy failed (the others were swept), or the"
          + " ledger or GitHub cannot be reached",
      "2:bad usage"
    })
final class SweepCommand extends DirectCommand {
  @Option(names = "--dry-run", description = "destroy nothing; say what would be destroyed")
  boolean dryRun;

  SweepCommand(Context ctx) {
    super(ctx);
  }

  @Override
  Integer call(Owned owned) {
    BatonConfig config = loadConfig();
    if (config.environments().all().stream().noneMatch(e -> e.isPerPullRequest())) {
      throw usage("no environment has one instance per pull request: there is nothing to sweep");
    }
    Providers.GitHubAccess github =
        github()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "baton sweep reads pull requests from GitHub, and GITHUB_REPOSITORY and"
                            + " GITHUB_TOKEN are not both set",
                        "set both (in a workflow: GITHUB_TOKEN: ${{ github.token }}, with"
                            + " permissions pull-requests: read)"));
    Shared shared = shared(config, owned);
    SweepReport report =
        pipeline(config, null, shared, CommitHistory.UNKNOWN, false, owned)
            .sweepPreviews(
                SweepPolicy.of(ctx.providers().githubPullRequests(github, owned)).dryRun(dryRun));
    for (SweepReport.Entry e : report.previews()) {
      ctx.err().println(ctx.redact(ConsoleText.line(e.toString())));
    }
    if (report.previews().isEmpty()) {
      ctx.err().println("no active preview");
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put("result", dryRun ? "dry-run" : "swept");
    out.put("destroyed", targets(report.with(SweepReport.Outcome.DESTROYED)));
    out.put("would-destroy", targets(report.with(SweepReport.Outcome.WOULD_DESTROY)));
    out.put(
        "skipped",
        targets(
            report.previews().stream()
                .filter(
                    e ->
                        e.outcome() == SweepReport.Outcome.SKIPPED_BUSY
                            || e.outcome() == SweepReport.Outcome.SKIPPED_ERROR)
                .toList()));
    out.put("kept", targets(report.with(SweepReport.Outcome.KEPT)));
    print(out);
    return report.hasErrors() ? Cli.FAILURE : Cli.OK;
  }

  private static String targets(List<SweepReport.Entry> entries) {
    return entries.stream().map(e -> e.target().toString()).collect(Collectors.joining(" "));
  }
}
