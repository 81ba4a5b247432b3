package dev.baton.github.internal;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code rel="next"} target of an RFC 8288 {@code Link} header, as GitHub sends it on
 * paginated lists: {@code <https://api.github.com/resource?page=2>; rel="next", <...>; rel="last"}.
 */
public final class LinkHeader {
  // One link-value: <URI-reference> followed by ;-separated parameters, up to the next comma that
  // starts another <...>. GitHub's URIs never contain '>' or unquoted commas.
  private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
  private static final Pattern REL =
      Pattern.compile("(?i)\\brel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,]+))");

  private LinkHeader() {}

  /**
   * @param header the header's value, or {@code null}
   * @return the next page's URI; empty on the last page or without a header
   * @throws IllegalArgumentException when the next link is not a valid URI
   */
  public static Optional<URI> next(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Matcher link = LINK.matcher(header);
    while (link.find()) {
      Matcher rel = REL.matcher(link.group(2));
      while (rel.find()) {
        String rels = rel.group(1) != null ? rel.group(1) : rel.group(2);
        for (String r : rels.trim().split("\\s+")) {
          if (r.equalsIgnoreCase("next")) {
            try {
              return Optional.of(new URI(link.group(1).trim()));
            } catch (java.net.URISyntaxException e) {
              throw new IllegalArgumentException(
                  "Link header's next URI \"" + link.group(1) + "\" is not a valid URI", e);
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
