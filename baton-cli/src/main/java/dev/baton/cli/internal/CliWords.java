package dev.baton.cli.internal;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Says in the command's words (its flags, baton.yaml keys, environment variables) what the SDK's
 * messages say in Java calls, for the failures the command can meet.
 */
final class CliWords {
  private static final Map<String, String> WORDS =
      Map.of(
          "configure releaseSource(...) or pass the workflow's GITHUB_SHA, so the tag can be resolved",
          "run without --offline, so that the tag is looked up on GitHub, or set GITHUB_SHA to the"
              + " release's commit",
          "pass the workflow's GITHUB_SHA (currentEvent() does), or build and deploy the head commit"
              + " with pullRequestCommit(HEAD)",
          "set GITHUB_SHA to the workflow's commit (GitHub Actions sets it)",
          "add one with Environment.builder(\"preview\").perPullRequest(\"PR_NUMBER\")",
          "add one to baton.yaml's environments with \"per-pull-request: PR_NUMBER\"",
          "if the plan or apply simply needs longer, raise AtmosStackDeployer.builder().timeout(...)",
          "if the plan or apply simply needs longer, run it again: baton.yaml has no atmos timeout",
          "raise AtmosStackDeployer.builder().outputCap(...)",
          "shorten what the atmos command prints",
          "make the plan with plan(trigger)",
          "make the plan without --offline");

  private static final Pattern PLAIN_HTTP =
      Pattern.compile("OciImageRegistry\\.builder\\(\\)\\.plainHttp\\([^)]*\\)");

  private CliWords() {}

  /**
   * @param text an SDK message or hint
   * @return it with each known Java call replaced by what to do on the command line
   */
  static String of(String text) {
    String out = text;
    for (Map.Entry<String, String> w : WORDS.entrySet()) {
      out = out.replace(w.getKey(), w.getValue());
    }
    return PLAIN_HTTP
        .matcher(out)
        .replaceAll("'baton promote --plain-http' (for a registry on this machine only)");
  }
}
