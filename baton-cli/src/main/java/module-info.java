/**
 * The {@code baton} command ({@link dev.baton.cli.Baton}): the local demo of the whole flow, {@code
 * plan} and {@code run} for GitHub Actions, and {@code promote}. Its parts live in {@code
 * dev.baton.cli.internal}, which is not exported.
 */
module dev.baton.cli {
  requires dev.baton;
  requires dev.baton.testkit;
  requires dev.baton.github;
  requires dev.baton.oci;
  requires dev.baton.aws;
  requires software.amazon.awssdk.regions;
  requires dev.baton.jdbc;
  requires org.postgresql.jdbc;
  requires com.zaxxer.hikari;
  requires dev.baton.atmos;
  requires java.net.http;
  requires java.logging;
  requires org.slf4j;
  requires org.eclipse.jgit;
  requires org.yaml.snakeyaml;
  requires info.picocli;
  requires dev.baton.otel;
  requires io.opentelemetry.sdk;
  requires io.opentelemetry.sdk.autoconfigure;

  // picocli reads the commands' annotated fields and sets them.
  opens dev.baton.cli.internal to
      info.picocli;

  exports dev.baton.cli;
}
