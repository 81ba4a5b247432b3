package dev.baton;

import dev.baton.internal.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link PromotionPipeline#run} would do for a trigger, computed with no side effect by {@link
 * PromotionPipeline#plan}.
 *
 * <p>Its JSON form has stable field names:
 *
 * <pre>{@code
 * {"event": "push", "trigger": "push refs/heads/main at 1a2b3c4", "reason": "...",
 *  "actions": [{"type": "deploy", "environment": "dev", "instance": null, "stack": "dev",
 *               "image": "ghcr.io/acme/app:sha-...", "digest": "sha256:...", "tag": null,
 *               "commit": "...", "variables": {}, "reason": "..."}]}
 * }</pre>
 *
 * {@code type} is one of {@code tag}, {@code deploy}, {@code destroy}, {@code draft-release},
 * {@code await-approval}, {@code verify}; {@code digest} is null when the plan was made offline.
 *
 * @param trigger what the plan is for
 * @param reason why these actions, or why none
 * @param actions the steps, in order
 */
public record Plan(Trigger trigger, String reason, List<PlannedAction> actions) {
  /**
   * Copies the actions.
   *
   * @param trigger what the plan is for
   * @param reason why these actions, or why none
   * @param actions the steps, in order
   */
  public Plan {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(reason, "reason");
    actions = List.copyOf(actions);
  }

  /** {@return whether there is nothing to do} */
  public boolean isEmpty() {
    return actions.isEmpty();
  }

  /** {@return the plan as JSON, with the field names above} */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", trigger.event());
    m.put("trigger", trigger.describe());
    m.put("reason", reason);
    List<Object> list = new ArrayList<>();
    for (PlannedAction a : actions) {
      list.add(ActionFields.of(a).toJsonMap());
    }
    m.put("actions", list);
    return Json.write(m);
  }

  /** A readable listing: the trigger, the reason and one numbered line per action. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(trigger.describe()).append(": ").append(reason);
    int i = 1;
    for (PlannedAction a : actions) {
      b.append('\n').append(i++).append(". ").append(a);
    }
    return b.toString();
  }
}
