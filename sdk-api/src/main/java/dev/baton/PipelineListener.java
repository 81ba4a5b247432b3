package dev.baton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a pipeline's events: per run, a {@link PipelineEvent.RunStarted}, its steps' events and
 * a {@link PipelineEvent.RunFinished}; events of runs going on at the same time interleave, and
 * {@link PipelineEvent#run()} tells them apart. Listeners are called on the thread running the
 * pipeline, must be fast, and must not throw (an exception from a listener is logged and otherwise
 * ignored).
 */
@FunctionalInterface
public interface PipelineListener {
  /**
   * @param event what happened
   */
  void onEvent(PipelineEvent event);

  /** {@return a listener that ignores everything} */
  static PipelineListener noop() {
    return event -> {};
  }

  /** {@return a listener that logs each event to SLF4J logger {@code dev.baton.pipeline}} */
  static PipelineListener logging() {
    Logger log = LoggerFactory.getLogger("dev.baton.pipeline");
    return event -> {
      if (event instanceof PipelineEvent.RunStarted r) {
        log.info("run   {}: {}", r.run(), r.trigger().describe());
      } else if (event instanceof PipelineEvent.RunFinished r) {
        log.info("run   {}: {}", r.run(), r.succeeded() ? "succeeded" : "failed");
      } else if (event instanceof PipelineEvent.Started s) {
        log.info("start {}", s.action());
      } else if (event instanceof PipelineEvent.Progress p) {
        log.debug("  | {}", p.line());
      } else if (event instanceof PipelineEvent.Succeeded s) {
        log.info("done  {}: {}", s.action().type().wireName(), s.detail());
      } else if (event instanceof PipelineEvent.Failed f) {
        log.warn("FAIL  {}: {}", f.action().type().wireName(), f.error().getMessage());
      }
    };
  }
}
