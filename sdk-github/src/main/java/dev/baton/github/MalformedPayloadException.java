package dev.baton.github;

import dev.baton.ConfigurationException;

/**
 * A GitHub webhook payload lacks a field the event needs, has it with the wrong type, or is not
 * JSON at all (a truncated file, the wrong {@code GITHUB_EVENT_PATH}). The message names the field
 * by its path in the payload, e.g. {@code pull_request.head.sha}.
 */
public final class MalformedPayloadException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /** The event name. */
  private final String event;

  /** The field's path in the payload; empty for the whole body. */
  private final String field;

  /**
   * @param event the event name, e.g. {@code pull_request}
   * @param field the field's path in the payload; empty when the payload as a whole is unreadable
   * @param problem what is wrong with it
   * @param cause the parser's exception, or {@code null}
   */
  public MalformedPayloadException(String event, String field, String problem, Throwable cause) {
    super(
        "GitHub "
            + event
            + " payload: "
            + (field.isEmpty() ? "" : "field " + field + " ")
            + problem,
        "check that the payload is the complete webhook body of a \""
            + event
            + "\" event (in GitHub Actions, the file named by GITHUB_EVENT_PATH)",
        cause);
    this.event = event;
    this.field = field;
  }

  /** {@return the event name} */
  public String event() {
    return event;
  }

  /**
   * {@return the field's path in the payload, e.g. {@code release.tag_name}; empty for the whole
   * body}
   */
  public String field() {
    return field;
  }
}
