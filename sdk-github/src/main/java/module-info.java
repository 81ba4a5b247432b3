/**
 * Baton on GitHub: environments resolved from webhook events ({@link
 * dev.baton.github.GitHubEventResolver}), draft and published releases ({@link
 * dev.baton.github.GitHubReleaseSource}), GitHub Deployments as the shared deployment ledger
 * ({@link dev.baton.github.GitHubDeploymentLedger}), approval gates, the commit of a local checkout
 * ({@link dev.baton.github.GitCheckout}), and how commits relate, from a clone ({@link
 * dev.baton.github.GitCommitHistory}) or GitHub's compare API ({@link
 * dev.baton.github.GitHubCommitHistory}). The REST client and payload readers live in {@code
 * dev.baton.github.internal}, which is exported only to the {@code baton} command (it shares the
 * runner's environment reader and the log masking).
 */
// The qualified export names a module built after this one.
@SuppressWarnings("module")
module dev.baton.github {
  requires transitive dev.baton;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.eclipse.jgit;

  exports dev.baton.github;
  exports dev.baton.github.internal to
      dev.baton.cli;
}
