package dev.baton.atmos.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces every known secret value with {@value #MASK} in text that is about to be streamed,
 * logged, captured or put in an exception. Longer secrets are replaced first, so a secret that
 * contains another is masked whole. Immutable and thread-safe.
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MASK = "****";

  /**
   * Inherited variables whose names say they hold a credential (GITHUB_TOKEN,
   * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, DB_PASSWORD, ...). Their values are masked too, so a
   * token the CI runner exports cannot leak through atmos's or Terraform's output.
   */
  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_KEY|API_KEY|CREDENTIAL).*");
  /** Shorter inherited values are not masked: "1" or "true" would wreck the output. */
  private static final int MIN_INHERITED_LENGTH = 8;

  private final List<String> secrets;

  private Redactor(Collection<String> secrets) {
    List<String> sorted = new ArrayList<>(new LinkedHashSet<>(secrets));
    sorted.removeIf(String::isEmpty);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  /**
   * @param secrets the values to mask
   * @return a redactor for them
   */
  public static Redactor of(Collection<String> secrets) {
    return new Redactor(secrets);
  }

  /** A redactor that masks nothing. */
  public static Redactor none() {
    return new Redactor(List.of());
  }

  /**
   * Adds the values of variables in {@code environment} whose names mark them as credentials.
   *
   * @param environment the environment a child process gets
   * @return a redactor that also masks those values
   */
  public Redactor withCredentialsFrom(Map<String, String> environment) {
    Set<String> all = new LinkedHashSet<>(secrets);
    environment.forEach((name, value) -> {
      if (value != null && value.length() >= MIN_INHERITED_LENGTH
          && SECRET_NAME.matcher(name).matches()) {
        all.add(value);
      }
    });
    return new Redactor(all);
  }

  /**
   * @param text any text
   * @return the text with every secret replaced by {@value #MASK}
   */
  public String redact(String text) {
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /** The number of values masked, for diagnostics (never the values). */
  public int size() {
    return secrets.size();
  }

  @Override
  public String toString() {
    return "Redactor[" + secrets.size() + " secrets]";
  }
}
