package dev.baton.cli.internal;

import dev.baton.PipelineListener;
import dev.baton.otel.OpenTelemetryListener;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** The OpenTelemetry SDK, configured and owned; referenced only once an endpoint is set. */
final class OtlpExport {
  private OtlpExport() {}

  /**
   * @param properties the SDK's configuration ({@link Telemetry#properties})
   * @param owned closes the SDK (which flushes it) when the command ends
   * @param redact the command's redaction
   * @param err where the SDK's own log records go, redacted, instead of the JDK's console handler
   * @return sdk-otel's listener over the SDK
   */
  static PipelineListener start(
      Map<String, String> properties, Owned owned, UnaryOperator<String> redact, PrintStream err) {
    // The SDK logs through java.util.logging; an export that failed quotes the collector's answer,
    // which may echo the headers sent (an API key). Added before the SDK, so removed after it has
    // flushed.
    owned.add(SdkLog.redirect(redact, err));
    OpenTelemetrySdk sdk =
        owned.add(
            AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> properties)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk());
    return OpenTelemetryListener.builder(sdk).build();
  }

  /** The SDK's java.util.logging records, printed through the command's redaction. */
  private static final class SdkLog extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.opentelemetry");
    private final boolean parents = logger.getUseParentHandlers();
    private final UnaryOperator<String> redact;
    private final PrintStream err;

    private SdkLog(UnaryOperator<String> redact, PrintStream err) {
      this.redact = redact;
      this.err = err;
      setFormatter(new SimpleFormatter());
    }

    static SdkLog redirect(UnaryOperator<String> redact, PrintStream err) {
      SdkLog log = new SdkLog(redact, err);
      log.logger.setUseParentHandlers(false);
      log.logger.addHandler(log);
      return log;
    }

    @Override
    public void publish(LogRecord r) {
      if (!isLoggable(r)) {
        return;
      }
      String text = r.getLevel().getName().toLowerCase(Locale.ROOT) + ": OpenTelemetry: ";
      text += getFormatter().formatMessage(r);
      if (r.getThrown() != null) {
        text += ": " + r.getThrown();
      }
      err.println(ConsoleText.lines(redact.apply(text)));
    }

    @Override
    public void flush() {
      err.flush();
    }

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setUseParentHandlers(parents);
    }
  }
}
