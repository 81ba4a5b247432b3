/**
 * Baton's API: the values, the provider interfaces ({@code dev.baton.spi}) and the
 * {@link dev.baton.PromotionPipeline} facade. It depends on the JDK and SLF4J's API only.
 */
// Qualified exports name modules built after this one.
@SuppressWarnings("module")
module dev.baton {
  requires transitive org.slf4j;
  requires transitive java.net.http;

  exports dev.baton;
  exports dev.baton.spi;
  exports dev.baton.internal.redact to dev.baton.atmos, dev.baton.github, dev.baton.examples;
  exports dev.baton.internal.retry to dev.baton.oci, dev.baton.aws, dev.baton.github;
  exports dev.baton.internal.http to dev.baton.oci, dev.baton.github;
}
