/**
 * Baton's API: the values, the provider interfaces ({@code dev.baton.spi}) and the
 * {@link dev.baton.PromotionPipeline} facade. It depends on the JDK and SLF4J's API only.
 *
 * <p>{@code dev.baton.internal} (the JSON reader and writer, the manifest model) is shared with
 * Baton's own modules only; it is not API. The modules it names are not on the path when this one
 * is compiled, which javac's lint would report.
 */
@SuppressWarnings("module")
module dev.baton {
  requires transitive org.slf4j;
  requires transitive java.net.http;

  exports dev.baton;
  exports dev.baton.spi;
  exports dev.baton.internal to dev.baton.oci, dev.baton.aws, dev.baton.testkit, dev.baton.examples;
}
