package dev.baton;

/** The kinds of step a {@link Plan} holds, with their stable wire names. */
public enum ActionType {
  /** Point a tag at the build's digest in the registry (a promotion, or a moving tag). */
  TAG("tag"),
  /** Deploy a pinned image to a stack. */
  DEPLOY("deploy"),
  /** Destroy a stack instance. */
  DESTROY("destroy"),
  /** Create or update the draft release. */
  DRAFT_RELEASE("draft-release"),
  /** Wait for approval before the next deploy. */
  AWAIT_APPROVAL("await-approval"),
  /** Check the deployment is healthy and runs the digest. */
  VERIFY("verify");

  private final String wireName;

  ActionType(String wireName) {
    this.wireName = wireName;
  }

  /** {@return the name in JSON: {@code tag}, {@code deploy}, {@code draft-release}, ...} */
  public String wireName() {
    return wireName;
  }
}
