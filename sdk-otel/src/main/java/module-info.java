/**
 * Traces and metrics of Baton's pipeline runs through the OpenTelemetry API: {@link
 * dev.baton.otel.OpenTelemetryListener}. It depends on Baton's API and OpenTelemetry's API only;
 * the platform embedding Baton brings the OpenTelemetry SDK and its exporters.
 */
module dev.baton.otel {
  requires transitive dev.baton;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;

  exports dev.baton.otel;
}
