package dev.baton.oci.internal;

/**
 * What a request is about, for error messages: every failure names the registry, the repository and
 * the reference (tag or digest) it concerns.
 *
 * @param host the registry's API host
 * @param repository the repository path, e.g. {@code team/app}
 * @param reference the tag or digest concerned; empty for repository-wide requests
 */
public record RequestSubject(String host, String repository, String reference) {
  /** {@return {@code registry H, repository R, reference X}} */
  public String describe() {
    return "registry "
        + host
        + ", repository "
        + repository
        + (reference.isEmpty() ? "" : ", reference " + reference);
  }

  /** {@code host/repository:tag} or {@code host/repository@sha256:...}. */
  @Override
  public String toString() {
    String sep = reference.contains(":") ? "@" : ":";
    return host + '/' + repository + (reference.isEmpty() ? "" : sep + reference);
  }
}
