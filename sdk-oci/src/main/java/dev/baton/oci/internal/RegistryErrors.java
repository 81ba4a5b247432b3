package dev.baton.oci.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.AccessDeniedException;
import dev.baton.BatonException;
import dev.baton.Hints;
import dev.baton.NotFoundException;
import dev.baton.ProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a registry's error answer into a typed {@link BatonException}. Error bodies follow the
 * distribution spec: {@code {"errors":[{"code":"MANIFEST_UNKNOWN","message":"…","detail":…}]}}.
 */
public final class RegistryErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_TEXT = 300;
  private static final String ECR_ACCESS =
      "Amazon ECR takes its credentials from an IAM role:"
          + " check that the role's trust policy includes this repository (GitHub OIDC subject) and"
          + " that the role may use the ECR repository";

  private RegistryErrors() {}

  /**
   * @param body the response body, possibly empty or not JSON
   * @return {@code CODE: message} for each error in the body, or a short excerpt of a non-JSON
   *     body; empty when there is nothing useful
   */
  public static List<String> describe(byte[] body) {
    List<String> out = new ArrayList<>();
    if (body == null || body.length == 0) {
      return out;
    }
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      for (JsonNode e : errors) {
        String code = e.path("code").asText("");
        String message = e.path("message").asText("");
        JsonNode detail = e.path("detail");
        String d = detail.isMissingNode() || detail.isNull() ? "" : " " + clip(detail.toString());
        out.add((code + (message.isEmpty() ? "" : ": " + message) + d).trim());
      }
      if (!out.isEmpty()) {
        return out;
      }
    } catch (IOException notJson) {
      // fall through to the raw excerpt
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (!text.isEmpty()) {
      out.add(clip(text));
    }
    return out;
  }

  /**
   * @param site what the request was about
   * @param action what was being done, e.g. {@code "pushing the manifest"}
   * @param status the HTTP status
   * @param body the response body
   * @return the exception to throw: access denied for 401/403, not found for 404, retryable for 429
   *     and 5xx, a plain provider failure otherwise
   */
  public static BatonException failure(
      RequestSubject site, String action, int status, byte[] body) {
    List<String> errors = describe(body);
    String message =
        action
            + " failed ("
            + site.describe()
            + "): HTTP "
            + status
            + (errors.isEmpty() ? "" : " " + String.join("; ", errors));
    if (status == 401 || status == 403) {
      return new AccessDeniedException(message, accessHint(site.host()), null);
    }
    if (status == 404) {
      return new NotFoundException(message, Hints.IMAGE_NOT_FOUND, null);
    }
    return RetryPolicy.isRetryableStatus(status)
        ? ProviderException.retryable(
            message, "the registry is overloaded or failing; try again later", null)
        : ProviderException.permanent(
            message, "the registry rejected the request; see the error codes above", null);
  }

  /**
   * @param host the registry host
   * @return what to check when the registry refuses access
   */
  public static String accessHint(String host) {
    String base =
        "the registry denies access: check the credentials the CredentialsProvider gives"
            + " for "
            + host
            + " and that they may pull (and, to tag, push) this repository";
    // Amazon ECR's OCI endpoint: the credentials come from an IAM role.
    return host.contains(".dkr.ecr.") ? base + "; " + ECR_ACCESS : base;
  }

  private static String clip(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
  }
}
