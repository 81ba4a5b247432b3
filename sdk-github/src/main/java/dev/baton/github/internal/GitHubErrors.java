package dev.baton.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.AccessDeniedException;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a failed GitHub answer into the SDK's error types. Messages carry the method, the path and
 * GitHub's own {@code message} (plus each validation error of a 422); never a header or token.
 */
final class GitHubErrors {
  static final String PERMISSIONS_HINT =
      "the token may lack a permission: a workflow needs"
          + " 'permissions:' contents: write (releases), deployments: write, statuses: write and"
          + " actions: read (approvals); a fine-grained token needs the same repository permissions";

  private GitHubErrors() {}

  static ProviderException of(String method, String path, GitHubResponse response, JsonNode body) {
    String what =
        "GitHub " + method + " " + path + " answered " + response.status() + ": " + describe(body);
    return switch (response.status()) {
      case 401 ->
          new AccessDeniedException(
              what,
              "the GitHub token was refused: it may be"
                  + " expired or revoked; in a workflow pass secrets.GITHUB_TOKEN",
              null);
      case 403 -> new AccessDeniedException(what, PERMISSIONS_HINT, null);
      case 404 ->
          new NotFoundException(
              what,
              "check the repository name and the id or tag; GitHub"
                  + " also answers 404 when the token cannot see a private repository",
              null);
      case 409 ->
          ProviderException.permanent(
              what,
              "the repository is in a state that conflicts"
                  + " with the request (for example it is empty, or the ref moved)",
              null);
      case 422 ->
          ProviderException.permanent(
              what,
              "GitHub rejected the request's content; the" + " errors above name the field",
              null);
      default ->
          response.status() >= 500
              ? ProviderException.retryable(
                  what, "GitHub had an internal error; try again later", null)
              : ProviderException.permanent(what, null);
    };
  }

  /**
   * GitHub's {@code message}, then each entry of {@code errors}, e.g. "tag_name already_exists".
   */
  static String describe(JsonNode body) {
    String message = body.path("message").asText("");
    List<String> errors = new ArrayList<>();
    for (JsonNode e : body.path("errors")) {
      if (e.isTextual()) {
        errors.add(e.asText());
      } else {
        StringBuilder b = new StringBuilder();
        append(b, e.path("resource").asText(""));
        append(b, e.path("field").asText(""));
        append(b, e.path("code").asText(""));
        append(b, e.path("message").asText(""));
        errors.add(b.toString());
      }
    }
    String text = message.isEmpty() ? "(no message)" : message;
    return errors.isEmpty() ? text : text + " " + errors;
  }

  private static void append(StringBuilder b, String part) {
    if (!part.isEmpty()) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(part);
    }
  }
}
