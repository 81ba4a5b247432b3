package dev.baton.oci.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235 §4.1): {@code
 * Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"}.
 *
 * <p>Registries send either {@code Basic} (htpasswd, ECR) or {@code Bearer} (the Docker token flow:
 * GHCR, Docker Hub, Harbor, distribution with {@code auth.token}). A header may hold several
 * challenges, and a response several headers; {@link #parseAll} reads them all.
 *
 * @param scheme the scheme in lower case ({@code basic}, {@code bearer})
 * @param params the auth-params, keys in lower case, values unquoted
 */
public record Challenge(String scheme, Map<String, String> params) {
  /**
   * Copies the parameters.
   *
   * @param scheme the scheme in lower case ({@code basic}, {@code bearer})
   * @param params the auth-params, keys in lower case, values unquoted
   */
  public Challenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  /** {@return the {@code realm} parameter: the token endpoint for Bearer, a label for Basic} */
  public Optional<String> realm() {
    return Optional.ofNullable(params.get("realm"));
  }

  /** {@return the {@code service} parameter a token request must repeat} */
  public Optional<String> service() {
    return Optional.ofNullable(params.get("service"));
  }

  /**
   * The {@code scope} parameter: space-separated {@code type:name:actions} entries, e.g. {@code
   * "repository:prod/app:pull,push repository:team/app:pull"} for a mount.
   *
   * @return the parsed entries, unparseable ones skipped; empty when there is no scope
   */
  public List<Scope> scopes() {
    String raw = params.get("scope");
    List<Scope> out = new ArrayList<>();
    if (raw != null) {
      for (String part : raw.trim().split("\\s+")) {
        Scope.tryParse(part).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * {@return the {@code error} parameter, e.g. {@code insufficient_scope} or {@code invalid_token}}
   */
  public Optional<String> error() {
    return Optional.ofNullable(params.get("error"));
  }

  /** {@return whether this is a {@code Basic} challenge} */
  public boolean isBasic() {
    return scheme.equals("basic");
  }

  /** {@return whether this is a {@code Bearer} challenge} */
  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  /**
   * Parses every challenge in the given header values. Unparseable fragments are skipped: a
   * registry that sends garbage is treated as sending no challenge, which the caller reports.
   *
   * @param headerValues the values of every {@code WWW-Authenticate} header of one response
   * @return the challenges in order
   */
  public static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> out = new ArrayList<>();
    for (String value : headerValues) {
      new Parser(value).parseInto(out);
    }
    return out;
  }

  /** A hand-written tokenizer: auth-params may hold commas and spaces inside quoted strings. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    void parseInto(List<Challenge> out) {
      String scheme = null;
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        skip(" \t,");
        if (i >= s.length()) {
          break;
        }
        String token = token();
        if (token.isEmpty()) {
          i++; // a stray character: skip it rather than loop forever
          continue;
        }
        skip(" \t");
        if (i < s.length() && s.charAt(i) == '=' && scheme != null) {
          i++;
          skip(" \t");
          params.put(token.toLowerCase(Locale.ROOT), value());
        } else {
          // A token not followed by '=' starts a new challenge (or is a token68 we ignore).
          if (scheme != null) {
            out.add(new Challenge(scheme, params));
            params = new LinkedHashMap<>();
          }
          scheme = token;
        }
      }
      if (scheme != null) {
        out.add(new Challenge(scheme, params));
      }
    }

    private String token() {
      int start = i;
      while (i < s.length() && " \t,=\"".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(start, i);
    }

    private String value() {
      if (i < s.length() && s.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length() && s.charAt(i) != '"') {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            c = s.charAt(i++);
          }
          b.append(c);
        }
        i++; // closing quote
        return b.toString();
      }
      return token();
    }

    private void skip(String chars) {
      while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }
  }
}
