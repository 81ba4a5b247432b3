package dev.baton;

import dev.baton.internal.Json;
import java.util.Map;

/**
 * One step of a {@link Plan}: one record per kind of step, holding exactly what that step acts on,
 * so nothing is optional. A deploy-like step ({@link AwaitApproval}, {@link Deploy}, {@link
 * Verify}) belongs to a {@link Rollout}: a target, stack, image, commit and variables; a {@link
 * Destroy} has no image; a {@link ReleaseTag} belongs to no environment; a {@link MovingTag} does;
 * a {@link DraftRelease} has a commit. An image is pinned to its digest once the build was resolved
 * (an offline plan leaves it unresolved).
 *
 * <p>The facets {@link Targeted}, {@link OnStack}, {@link OfImage}, {@link OfRollout} and {@link
 * Tagging} let a reader handle alike the steps that share a part:
 *
 * <pre>{@code
 * if (action instanceof PlannedAction.Targeted t) {
 *   environments.add(t.target().environment());
 * }
 * }</pre>
 *
 * <p>Two steps are equal when they are of the same kind with equal parts; {@link #toJson()} and
 * {@code toString()} give every kind the same fields, absent parts being JSON null.
 */
public sealed interface PlannedAction {
  /**
   * What kind of step; both tag records are {@link ActionType#TAG}.
   *
   * @return the kind, from the record's type
   */
  default ActionType type() {
    if (this instanceof ReleaseTag || this instanceof MovingTag) {
      return ActionType.TAG;
    } else if (this instanceof AwaitApproval) {
      return ActionType.AWAIT_APPROVAL;
    } else if (this instanceof Deploy) {
      return ActionType.DEPLOY;
    } else if (this instanceof Verify) {
      return ActionType.VERIFY;
    } else if (this instanceof Destroy) {
      return ActionType.DESTROY;
    }
    return ActionType.DRAFT_RELEASE;
  }

  /** {@return why this step, for humans} */
  String reason();

  /** {@return this step as one JSON object, with the fields of {@link Plan#toJson()}} */
  default String toJson() {
    return Json.write(ActionFields.of(this).toJsonMap());
  }

  /** A step acting on one environment (or pull request instance): every kind but a release tag. */
  sealed interface Targeted extends PlannedAction {
    /** {@return the environment, and pull request, acted on} */
    DeploymentTarget target();
  }

  /** A step on a target's stack: approval, deploy, verify and destroy. */
  sealed interface OnStack extends Targeted {
    /** {@return the stack deployed, verified or destroyed} */
    StackName stack();

    /** {@return the per-deploy variables (e.g. {@code PR_NUMBER}); empty when none} */
    Map<String, String> variables();
  }

  /** A step on one commit's build: the tags, approval, deploy and verify. */
  sealed interface OfImage extends PlannedAction {
    /** {@return the image: for a deploy the one deployed, for a tag the one tagged} */
    ImageReference image();

    /** {@return the commit whose build it is} */
    CommitSha commit();
  }

  /** A step pointing a tag at a build's digest: a release tag or a moving tag. */
  sealed interface Tagging extends OfImage {
    /** {@return the tag written} */
    Tag tag();
  }

  /**
   * Points a release tag at the build's digest (a promotion: registry-side, no rebuild). A release
   * tag never moves.
   *
   * @param image the build tagged
   * @param tag the release tag
   * @param commit the released commit
   * @param reason why
   */
  record ReleaseTag(ImageReference image, Tag tag, CommitSha commit, String reason)
      implements Tagging {
    /**
     * Checks nothing is null.
     *
     * @param image the build tagged
     * @param tag the release tag
     * @param commit the released commit
     * @param reason why
     */
    public ReleaseTag {
      ActionFields.requireNonNull(ReleaseTag.class, image, tag, commit, reason);
    }

    @Override
    public String toString() {
      return ActionFields.of(this).toText();
    }
  }

  /**
   * Moves an environment's moving tag ({@code latest}) to the digest it now runs.
   *
   * @param target the environment whose image the tag follows
   * @param image the image it runs
   * @param tag the moving tag
   * @param commit the commit whose build it is
   * @param reason why
   */
  record MovingTag(
      DeploymentTarget target, ImageReference image, Tag tag, CommitSha commit, String reason)
      implements Targeted, Tagging {
    /**
     * Checks nothing is null.
     *
     * @param target the environment whose image the tag follows
     * @param image the image it runs
     * @param tag the moving tag
     * @param commit the commit whose build it is
     * @param reason why
     */
    public MovingTag {
      ActionFields.requireNonNull(MovingTag.class, target, image, tag, commit, reason);
    }

    @Override
    public String toString() {
      return ActionFields.of(this).toText();
    }
  }

  /**
   * What the approval, the deploy and the verification of one build on one target all act on.
   *
   * @param target where the deploy goes
   * @param stack its stack
   * @param image the image deployed
   * @param commit the commit whose build it is
   * @param variables the per-deploy variables
   */
  record Rollout(
      DeploymentTarget target,
      StackName stack,
      ImageReference image,
      CommitSha commit,
      Map<String, String> variables) {
    /**
     * Checks nothing is null; copies the variables.
     *
     * @param target where the deploy goes
     * @param stack its stack
     * @param image the image deployed
     * @param commit the commit whose build it is
     * @param variables the per-deploy variables
     */
    public Rollout {
      ActionFields.requireNonNull(Rollout.class, target, stack, image, commit, variables);
      variables = Map.copyOf(variables);
    }
  }

  /** A step of one {@link Rollout}: its approval, deploy or verification. */
  sealed interface OfRollout extends OnStack, OfImage {
    /** {@return the rollout the step belongs to} */
    Rollout rollout();

    @Override
    default DeploymentTarget target() {
      return rollout().target();
    }

    @Override
    default StackName stack() {
      return rollout().stack();
    }

    @Override
    default ImageReference image() {
      return rollout().image();
    }

    @Override
    default CommitSha commit() {
      return rollout().commit();
    }

    @Override
    default Map<String, String> variables() {
      return rollout().variables();
    }
  }

  /**
   * Waits for approval before the deploy that follows it.
   *
   * @param rollout the deploy waiting
   * @param reason why
   */
  record AwaitApproval(Rollout rollout, String reason) implements OfRollout {
    /**
     * Checks nothing is null.
     *
     * @param rollout the deploy waiting
     * @param reason why
     */
    public AwaitApproval {
      ActionFields.requireNonNull(AwaitApproval.class, rollout, reason);
    }

    @Override
    public String toString() {
      return ActionFields.of(this).toText();
    }
  }

  /**
   * Deploys a pinned image to a target's stack.
   *
   * @param rollout what is deployed where
   * @param reason why
   */
  record Deploy(Rollout rollout, String reason) implements OfRollout {
    /**
     * Checks nothing is null.
     *
     * @param rollout what is deployed where
     * @param reason why
     */
    public Deploy {
      ActionFields.requireNonNull(Deploy.class, rollout, reason);
    }

    @Override
    public String toString() {
      return ActionFields.of(this).toText();
    }
  }

  /**
   * Checks that the deploy before it is healthy and runs the digest.
   *
   * @param rollout the deploy checked
   * @param reason why
   */
  record Verify(Rollout rollout, String reason) implements OfRollout {
    /**
     * Checks nothing is null.
     *
     * @param rollout the deploy checked
     * @param reason why
     */
    public Verify {
      ActionFields.requireNonNull(Verify.class, rollout, reason);
    }

    @Override
    public String toString() {
      return ActionFields.of(this).toText();
    }
  }

  /**
   * Destroys a target's stack instance; it runs with the variables its deploy had, as recorded.
   *
   * @param target what
   * @param stack its stack
   * @param variables the variables the plan expects (the recorded ones win)
   * @param reason why
   */
  record Destroy(
      DeploymentTarget target, StackName stack, Map<String, String> variables, String reason)
      implements OnStack {
    /**
     * Checks nothing is null; copies the variables.
     *
     * @param target what
     * @param stack its stack
     * @param variables the variables the plan expects (the recorded ones win)
     * @param reason why
     */
    public Destroy {
      ActionFields.requireNonNull(Destroy.class, target, stack, variables, reason);
      variables = Map.copyOf(variables);
    }

    @Override
    public String toString() {
      return ActionFields.of(this).toText();
    }
  }

  /**
   * Creates or updates the draft release of a commit an environment ran.
   *
   * @param target the environment that drafts releases
   * @param commit the commit released
   * @param reason why
   */
  record DraftRelease(DeploymentTarget target, CommitSha commit, String reason)
      implements Targeted {
    /**
     * Checks nothing is null.
     *
     * @param target the environment that drafts releases
     * @param commit the commit released
     * @param reason why
     */
    public DraftRelease {
      ActionFields.requireNonNull(DraftRelease.class, target, commit, reason);
    }

    @Override
    public String toString() {
      return ActionFields.of(this).toText();
    }
  }
}
