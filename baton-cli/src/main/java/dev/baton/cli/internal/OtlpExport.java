package dev.baton.cli.internal;

import dev.baton.PipelineListener;
import dev.baton.otel.OpenTelemetryListener;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;

/** The OpenTelemetry SDK, configured and owned; referenced only once an endpoint is set. */
final class OtlpExport {
  private OtlpExport() {}

  /**
   * @param properties the SDK's configuration ({@link Telemetry#properties})
   * @param owned closes the SDK (which flushes it) when the command ends
   * @return sdk-otel's listener over the SDK
   */
  static PipelineListener start(Map<String, String> properties, Owned owned) {
    OpenTelemetrySdk sdk =
        owned.add(
            AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> properties)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk());
    return OpenTelemetryListener.builder(sdk).build();
  }
}
