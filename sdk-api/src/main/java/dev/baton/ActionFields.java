package dev.baton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every kind of {@link PlannedAction} seen through the same fields, the parts a kind lacks being
 * null: the one place that gives a step its stable JSON and text form.
 */
record ActionFields(
    ActionType type,
    DeploymentTarget target,
    StackName stack,
    ImageReference image,
    Tag tag,
    CommitSha commit,
    Map<String, String> variables,
    String reason) {

  static ActionFields of(PlannedAction action) {
    DeploymentTarget target = action instanceof PlannedAction.Targeted t ? t.target() : null;
    StackName stack = null;
    Map<String, String> variables = Map.of();
    if (action instanceof PlannedAction.OnStack s) {
      stack = s.stack();
      variables = s.variables();
    }
    ImageReference image = null;
    CommitSha commit = null;
    if (action instanceof PlannedAction.OfImage i) {
      image = i.image();
      commit = i.commit();
    } else if (action instanceof PlannedAction.DraftRelease d) {
      commit = d.commit();
    }
    Tag tag = action instanceof PlannedAction.Tagging t ? t.tag() : null;
    return new ActionFields(
        action.type(), target, stack, image, tag, commit, variables, action.reason());
  }

  /**
   * A record's compact constructor check, naming the null part.
   *
   * @param kind the record checked
   * @param parts its components, in declaration order
   */
  static void requireNonNull(Class<? extends Record> kind, Object... parts) {
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] == null) {
        throw new NullPointerException(
            kind.getSimpleName() + "." + kind.getRecordComponents()[i].getName() + " is null");
      }
    }
  }

  /** The fields as the stable JSON form has them, in order; absent parts are JSON null. */
  Map<String, Object> toJsonMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type.wireName());
    m.put("environment", target == null ? null : target.environment().value());
    m.put("instance", target == null || target.instance().isEmpty() ? null : target.instance());
    m.put("stack", stack == null ? null : stack.value());
    m.put("image", image == null ? null : image.withoutDigest().toString());
    m.put("digest", image == null ? null : image.digest().map(Digest::toString).orElse(null));
    m.put("tag", tag == null ? null : tag.value());
    m.put("commit", commit == null ? null : commit.value());
    m.put("variables", new TreeMap<>(variables));
    m.put("reason", reason);
    return m;
  }

  /** One line: type, where, what and why. */
  String toText() {
    StringBuilder b = new StringBuilder(type.wireName());
    if (target != null) {
      b.append(' ').append(target);
    }
    if (stack != null) {
      b.append(" stack=").append(stack);
    }
    if (tag != null) {
      b.append(" tag=").append(tag);
    }
    if (image != null) {
      b.append(" image=").append(image.isPinned() ? image : image + " (digest unresolved)");
    }
    if (!variables.isEmpty()) {
      b.append(" vars=").append(new TreeMap<>(variables));
    }
    return b.append(" — ").append(reason).toString();
  }
}
