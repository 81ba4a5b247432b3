/**
 * Baton's API: the values, the provider interfaces ({@code dev.baton.spi}) and the {@link
 * dev.baton.PromotionPipeline} facade. It depends on the JDK and SLF4J's API only.
 *
 * <p>The {@code dev.baton.internal} packages (the JSON reader and writer, the manifest model, the
 * redactor, backoff and sleeping, owned HTTP clients) are shared with Baton's own modules only, by
 * qualified exports; they are not API. The modules they name are not on the path when this one is
 * compiled, which javac's lint would report.
 */
@SuppressWarnings("module")
module dev.baton {
  requires transitive org.slf4j;
  requires transitive java.net.http;

  exports dev.baton;
  exports dev.baton.spi;
  exports dev.baton.internal to
      dev.baton.oci,
      dev.baton.aws,
      dev.baton.jdbc,
      dev.baton.atmos,
      dev.baton.github,
      dev.baton.testkit,
      dev.baton.cli;
  exports dev.baton.internal.redact to
      dev.baton.oci,
      dev.baton.atmos,
      dev.baton.github,
      dev.baton.cli;
  exports dev.baton.internal.retry to
      dev.baton.oci,
      dev.baton.aws,
      dev.baton.jdbc,
      dev.baton.github;
  exports dev.baton.internal.http to
      dev.baton.oci,
      dev.baton.github,
      dev.baton.cli;
}
