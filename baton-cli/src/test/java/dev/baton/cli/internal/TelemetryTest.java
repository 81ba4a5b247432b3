package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.github.internal.RuntimeEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The switch and the configuration; the export itself is tested on the jar (ShadedJarIT). */
class TelemetryTest {
  @Test
  void withoutAnEndpoint_orWithABlankOne_thereIsNoListener() {
    try (Owned owned = new Owned()) {
      assertThat(Telemetry.listener(context(Map.of()), owned)).isEmpty();
      assertThat(Telemetry.listener(context(Map.of(Telemetry.ENDPOINT, "  ")), owned)).isEmpty();
    }
  }

  private static Context context(Map<String, String> env) {
    return new Context(
        System.out, System.err, RuntimeEnvironment.of(env), new Providers(), Path.of(""));
  }

  @Test
  void properties_areBatonsDefaults_thenTheOtelVariables() {
    Map<String, String> p =
        Telemetry.properties(
            RuntimeEnvironment.of(
                Map.of(
                    Telemetry.ENDPOINT,
                    "http://127.0.0.1:4318",
                    "OTEL_SERVICE_NAME",
                    "deploys",
                    "GITHUB_TOKEN",
                    "ghp_notforotel")));
    assertThat(p)
        .containsEntry("otel.exporter.otlp.endpoint", "http://127.0.0.1:4318")
        .containsEntry("otel.service.name", "deploys")
        .containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
        .containsEntry("otel.logs.exporter", "none")
        .doesNotContainKey("github.token");
  }

  @Test
  void theExportersHeaders_areSecrets() {
    Map<String, String> env =
        Map.of("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=k3y-0f-the-collector,x-team=ops");
    Context ctx =
        new Context(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            RuntimeEnvironment.of(env),
            new Providers(),
            Path.of(""));
    String printed =
        ctx.redact("headers x-api-key=k3y-0f-the-collector,x-team=ops; key k3y-0f-the-collector");
    assertThat(printed).doesNotContain("k3y-0f-the-collector").contains("key ");
  }
}
