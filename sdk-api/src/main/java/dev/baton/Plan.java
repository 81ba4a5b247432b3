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
 * <p>A plan in which a policy refuses an environment also has its {@linkplain #gates() gates},
 * after the actions, and only then (so the JSON of a plan that nothing refuses has no such field):
 *
 * <pre>{@code
 * "gates": [{"environment": "prod", "kind": "quarantine",
 *            "reason": "refusing to deploy to prod: sha256:... is quarantined (...)"}]
 * }</pre>
 *
 * @param trigger what the plan is for
 * @param reason why these actions, or why none
 * @param actions the steps, in order
 * @param gates the environments a policy refuses, in the order they were met; a run of the plan
 *     throws the first one's refusal before any step runs
 */
public record Plan(Trigger trigger, String reason, List<PlannedAction> actions, List<Gate> gates) {
  /**
   * Copies the actions and gates.
   *
   * @param trigger what the plan is for
   * @param reason why these actions, or why none
   * @param actions the steps, in order
   * @param gates the environments a policy refuses, in order
   */
  public Plan {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(reason, "reason");
    actions = List.copyOf(actions);
    gates = List.copyOf(gates);
  }

  /**
   * A plan that no policy refuses.
   *
   * @param trigger what the plan is for
   * @param reason why these actions, or why none
   * @param actions the steps, in order
   */
  public Plan(Trigger trigger, String reason, List<PlannedAction> actions) {
    this(trigger, reason, actions, List.of());
  }

  /** {@return whether there is nothing to do and nothing refused} */
  public boolean isEmpty() {
    return actions.isEmpty() && gates.isEmpty();
  }

  /** {@return whether a policy refuses some environment, so that a run of the plan is refused} */
  public boolean isGated() {
    return !gates.isEmpty();
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
    if (!gates.isEmpty()) {
      List<Object> refused = new ArrayList<>();
      for (Gate g : gates) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("environment", g.environment().value());
        f.put("kind", g.kind());
        f.put("reason", g.reason());
        refused.add(f);
      }
      m.put("gates", refused);
    }
    return Json.write(m);
  }

  /**
   * A readable listing: the trigger, the reason, one numbered line per action and one line per
   * gate.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(trigger.describe()).append(": ").append(reason);
    int i = 1;
    for (PlannedAction a : actions) {
      b.append('\n').append(i++).append(". ").append(a);
    }
    for (Gate g : gates) {
      b.append('\n').append(g);
    }
    return b.toString();
  }
}
