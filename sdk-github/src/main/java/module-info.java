/**
 * Baton on GitHub: environments resolved from webhook events ({@link
 * dev.baton.github.GitHubEventResolver}), draft and published releases ({@link
 * dev.baton.github.GitHubReleaseSource}), GitHub Deployments as the shared deployment ledger
 * ({@link dev.baton.github.GitHubDeploymentLedger}), approval gates, and the commit of a local
 * checkout ({@link dev.baton.github.GitCheckout}). The REST client and payload readers live in
 * {@code dev.baton.github.internal}, which is not exported.
 */
module dev.baton.github {
  requires transitive dev.baton;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires org.eclipse.jgit;

  exports dev.baton.github;
}
