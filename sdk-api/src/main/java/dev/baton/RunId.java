package dev.baton;

import java.util.Objects;
import java.util.UUID;

/**
 * Names one run of a pipeline, so that a listener can tell apart the events of runs that go on at
 * the same time on several threads. Every {@link PipelineEvent} of a run carries the same id.
 *
 * @param value a random UUID, unique across pipelines and processes
 */
public record RunId(UUID value) {
  /** Checks the value is not null. */
  public RunId {
    Objects.requireNonNull(value, "value");
  }

  /** A new, random id. */
  static RunId next() {
    return new RunId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
