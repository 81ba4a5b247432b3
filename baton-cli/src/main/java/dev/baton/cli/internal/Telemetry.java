package dev.baton.cli.internal;

import dev.baton.PipelineListener;
import dev.baton.Secret;
import dev.baton.github.internal.RuntimeEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tracing for the commands that run the pipeline ({@code demo}, {@code plan}, {@code run}): with
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} set and not blank, spans and metrics go over OTLP
 * (http/protobuf) through sdk-otel's listener; without it, nothing happens and no OpenTelemetry SDK
 * class is loaded ({@link OtlpExport} holds every reference to the SDK and is only loaded when the
 * variable is set).
 */
final class Telemetry {
  /** Where to export; the switch. */
  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /** Headers sent to the collector, often an API key: secrets, never printed. */
  static final List<String> HEADERS =
      List.of(
          "OTEL_EXPORTER_OTLP_HEADERS",
          "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
          "OTEL_EXPORTER_OTLP_METRICS_HEADERS");

  private Telemetry() {}

  /**
   * @param ctx the command's environment, and where the SDK's own warnings go, redacted (a
   *     collector's error body may quote the API key it was sent)
   * @param owned closes the SDK, flushing what is left, when the command ends
   * @return the listener to add to the pipeline, or empty when no endpoint is set
   */
  static Optional<PipelineListener> listener(Context ctx, Owned owned) {
    if (ctx.env().get(ENDPOINT).filter(e -> !e.isBlank()).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(OtlpExport.start(properties(ctx.env()), owned, ctx::redact, ctx.err()));
  }

  /**
   * @param env the environment
   * @return each headers variable whole, and each header value of 6 characters or more in it
   *     ({@code key=value,...})
   */
  static List<Secret> headerSecrets(RuntimeEnvironment env) {
    List<Secret> secrets = new ArrayList<>();
    for (String name : HEADERS) {
      String headers = env.get(name).orElse("");
      if (headers.isBlank()) {
        continue;
      }
      secrets.add(Secret.of(headers));
      for (String header : headers.split(",")) {
        int eq = header.indexOf('=');
        String value = eq < 0 ? "" : header.substring(eq + 1).strip();
        if (value.length() >= 6) { // a key or token; shorter values are too common to hide
          secrets.add(Secret.of(value));
        }
      }
    }
    return secrets;
  }

  /**
   * The SDK's configuration: baton's defaults, then every {@code OTEL_*} variable of {@code env} as
   * its property ({@code OTEL_EXPORTER_OTLP_ENDPOINT} is {@code otel.exporter.otlp.endpoint}), so
   * that the command's environment, not only the process's, configures it.
   *
   * @param env the environment
   * @return the properties
   */
  static Map<String, String> properties(RuntimeEnvironment env) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("otel.service.name", "baton");
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    p.put("otel.logs.exporter", "none");
    env.all()
        .forEach(
            (name, value) -> {
              if (name.startsWith("OTEL_")) {
                p.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
              }
            });
    return p;
  }
}
