package dev.baton;

import dev.baton.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link Plan}. Which parts are present depends on the {@link ActionType}: a deploy
 * has a target, stack, image and variables; a tag has an image and a tag; a draft release has a
 * commit. The image is pinned to its digest once the build was resolved (an offline plan leaves it
 * unresolved).
 */
public final class PlannedAction {
  private final ActionType type;
  private final DeploymentTarget target;
  private final StackName stack;
  private final ImageReference image;
  private final Tag tag;
  private final CommitSha commit;
  private final Map<String, String> variables;
  private final String reason;

  PlannedAction(ActionType type, DeploymentTarget target, StackName stack, ImageReference image,
      Tag tag, CommitSha commit, Map<String, String> variables, String reason) {
    this.type = Objects.requireNonNull(type, "type");
    this.target = target;
    this.stack = stack;
    this.image = image;
    this.tag = tag;
    this.commit = commit;
    this.variables = Map.copyOf(variables);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** What kind of step. */
  public ActionType type() {
    return type;
  }

  /** The environment (and pull request) acted on; absent for a release tag or draft. */
  public Optional<DeploymentTarget> target() {
    return Optional.ofNullable(target);
  }

  /** The stack deployed or destroyed. */
  public Optional<StackName> stack() {
    return Optional.ofNullable(stack);
  }

  /** The image: for a deploy the one deployed, for a tag the one tagged. */
  public Optional<ImageReference> image() {
    return Optional.ofNullable(image);
  }

  /** The tag written by a {@link ActionType#TAG} step. */
  public Optional<Tag> tag() {
    return Optional.ofNullable(tag);
  }

  /** The commit whose build is deployed, tagged or released. */
  public Optional<CommitSha> commit() {
    return Optional.ofNullable(commit);
  }

  /** The per-deploy variables (e.g. {@code PR_NUMBER}); empty when none. */
  public Map<String, String> variables() {
    return variables;
  }

  /** Why this step, for humans. */
  public String reason() {
    return reason;
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
    m.put("variables", new java.util.TreeMap<>(variables));
    m.put("reason", reason);
    return m;
  }

  /** This step as one JSON object (see {@link Plan#toJson()}). */
  public String toJson() {
    return Json.write(toJsonMap());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlannedAction p && p.toJsonMap().equals(toJsonMap());
  }

  @Override
  public int hashCode() {
    return toJsonMap().hashCode();
  }

  /** One line: type, where, what and why. */
  @Override
  public String toString() {
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
      b.append(" vars=").append(new java.util.TreeMap<>(variables));
    }
    return b.append(" — ").append(reason).toString();
  }
}
