package dev.baton.oci.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A token scope of the Docker token specification: {@code repository:team/app:pull,push}. Actions
 * are kept sorted so that equal scopes print equally.
 *
 * @param type the resource type, normally {@code repository}
 * @param name the resource name, e.g. the repository path
 * @param actions the actions, e.g. {@code pull} and {@code push}
 */
public record Scope(String type, String name, Set<String> actions) {
  /**
   * Sorts and copies the actions.
   *
   * @param type the resource type, normally {@code repository}
   * @param name the resource name, e.g. the repository path
   * @param actions the actions, e.g. {@code pull} and {@code push}
   */
  public Scope {
    actions = Set.copyOf(new TreeSet<>(actions));
  }

  /**
   * @param repository the repository path
   * @return {@code repository:<repository>:pull}
   */
  public static Scope pull(String repository) {
    return new Scope("repository", repository, Set.of("pull"));
  }

  /**
   * @param repository the repository path
   * @return {@code repository:<repository>:pull,push}
   */
  public static Scope pullPush(String repository) {
    return new Scope("repository", repository, Set.of("pull", "push"));
  }

  /**
   * Parses {@code type:name:actions}. The name may itself hold colons (resource types other than
   * repository do), so the type ends at the first colon and the actions start after the last.
   *
   * @param text the scope text
   * @return the scope, or empty when the text has fewer than two colons
   */
  public static Optional<Scope> tryParse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (first <= 0 || last <= first) {
      return Optional.empty();
    }
    Set<String> actions = new TreeSet<>(List.of(text.substring(last + 1).split(",")));
    actions.remove("");
    return Optional.of(
        new Scope(text.substring(0, first), text.substring(first + 1, last), actions));
  }

  /**
   * Whether a token granted for this scope also allows {@code other}.
   *
   * @param other the scope a request needs
   * @return true when type and name match and this scope grants {@code *} or all of other's actions
   */
  public boolean covers(Scope other) {
    return type.equals(other.type)
        && name.equals(other.name)
        && (actions.contains("*") || actions.containsAll(other.actions));
  }

  /** Whether every scope in {@code wanted} is covered by one of {@code granted}. */
  static boolean allCovered(Collection<Scope> granted, Collection<Scope> wanted) {
    return wanted.stream().allMatch(w -> granted.stream().anyMatch(g -> g.covers(w)));
  }

  /** {@code type:name:a,b}, the wire form. */
  @Override
  public String toString() {
    return type + ':' + name + ':' + String.join(",", new TreeSet<>(actions));
  }
}
