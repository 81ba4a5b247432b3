package dev.baton.spi;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The outputs of a deployed stack (Terraform outputs), rendered as strings: strings as they are,
 * other values as compact JSON.
 *
 * @param values output name to value
 */
public record StackOutputs(Map<String, String> values) {
  /** The output that holds the environment's URL, as the reference component names it. */
  public static final String URL = "url";

  /**
   * Copies the map.
   *
   * @param values output name to value
   */
  public StackOutputs {
    values = Map.copyOf(values);
  }

  /** {@return outputs with no entries} */
  public static StackOutputs none() {
    return new StackOutputs(Map.of());
  }

  /**
   * @param name an output name
   * @return its value, when present
   */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * {@return the environment URL from the {@value #URL} output, when present and a valid absolute
   * URI}
   */
  public Optional<URI> url() {
    return get(URL)
        .flatMap(
            u -> {
              try {
                URI uri = URI.create(u);
                return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
              } catch (IllegalArgumentException e) {
                return Optional.empty();
              }
            });
  }
}
