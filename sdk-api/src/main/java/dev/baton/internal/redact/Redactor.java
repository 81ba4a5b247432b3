package dev.baton.internal.redact;

import dev.baton.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces every known secret with {@value #MASK} in text about to be printed, streamed, logged,
 * captured or put in an exception. The one set of redaction rules of every Baton module and the
 * {@code baton} command. Immutable and thread-safe; {@link #with} returns a new redactor.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A secret is registered once, as a {@link Secret}, and masked in every form it takes on the
 *       wire ({@link #forms(Secret)}): its value; its URL-encoded form (query strings, form
 *       bodies), with {@code +} and with {@code %20} for a space; for a multi-line value (a PEM
 *       key), each line on its own, since output is read and printed line by line. A user name and
 *       password pair is also masked as the base64 token of its HTTP Basic credentials ({@link
 *       #forms(String, Secret)}), so {@code Authorization: Basic dXNlcjpwYXNz} comes out as {@code
 *       Authorization: Basic ****}.
 *   <li>The value of a registered secret is masked whatever its length: it was declared secret. A
 *       derived form (a line, an encoding) shorter than {@value #MIN_FORM_LENGTH} characters is
 *       not, as such fragments carry next to nothing of the secret and masking them would wreck the
 *       output (a line {@code "=="}).
 *   <li>Inherited environment variables whose names mark them as credentials ({@code *TOKEN*},
 *       {@code *SECRET*}, {@code *PASSWORD*}, ...) are masked when {@link #withCredentialsFrom
 *       added}, if at least {@value #MIN_INHERITED_LENGTH} characters long: a name is only a guess,
 *       and {@code "1"} or {@code "true"} must survive.
 *   <li>Longest match first: every occurrence of every form is found in the original text and
 *       overlapping occurrences are merged into one {@value #MASK}, so a secret containing another,
 *       or two secrets overlapping, never leave a fragment in clear. Occurrences that only touch
 *       are masked one by one.
 * </ul>
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MASK = "****";

  /** Derived forms (lines, encodings) shorter than this are not masked. */
  public static final int MIN_FORM_LENGTH = 4;

  /** Inherited values shorter than this are not masked: "1" or "true" would wreck the output. */
  public static final int MIN_INHERITED_LENGTH = 8;

  /**
   * Names of inherited variables that hold a credential (GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY,
   * AWS_SESSION_TOKEN, DB_PASSWORD, ...).
   */
  private static final Pattern CREDENTIAL_NAME =
      Pattern.compile(
          "(?i).*(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_KEY|API_KEY|CREDENTIAL).*");

  private static final Pattern LINE_BREAK = Pattern.compile("\\R");
  private static final Redactor NONE = new Redactor(List.of());

  /** Every form of every secret, longest first. */
  private final List<String> forms;

  private Redactor(Collection<String> forms) {
    List<String> sorted = new ArrayList<>(new LinkedHashSet<>(forms));
    sorted.removeIf(String::isEmpty);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.forms = List.copyOf(sorted);
  }

  /** {@return a redactor that masks nothing} */
  public static Redactor none() {
    return NONE;
  }

  /**
   * @param secrets the secrets to mask
   * @return a redactor for them
   */
  public static Redactor of(Collection<Secret> secrets) {
    return NONE.with(secrets);
  }

  /**
   * @param secrets more secrets to mask
   * @return a redactor that masks these and everything this one masks
   */
  public Redactor with(Collection<Secret> secrets) {
    Set<String> all = new LinkedHashSet<>(forms);
    secrets.forEach(s -> all.addAll(forms(Objects.requireNonNull(s, "secret"))));
    return new Redactor(all);
  }

  /**
   * @param secret another secret to mask
   * @return a redactor that masks it and everything this one masks
   */
  public Redactor with(Secret secret) {
    return with(List.of(secret));
  }

  /**
   * @param username the user name of a credential pair (not itself masked)
   * @param password its password or token
   * @return a redactor that also masks the password and the pair's Basic credentials
   */
  public Redactor with(String username, Secret password) {
    Set<String> all = new LinkedHashSet<>(forms);
    all.addAll(forms(username, password));
    return new Redactor(all);
  }

  /**
   * Adds the values of variables in {@code environment} whose names mark them as credentials.
   *
   * @param environment the environment a child process gets, or this process's
   * @return a redactor that also masks those values
   */
  public Redactor withCredentialsFrom(Map<String, String> environment) {
    List<Secret> found = new ArrayList<>();
    environment.forEach(
        (name, value) -> {
          if (value != null
              && value.length() >= MIN_INHERITED_LENGTH
              && CREDENTIAL_NAME.matcher(name).matches()) {
            found.add(Secret.of(value));
          }
        });
    return with(found);
  }

  /**
   * @param text any text
   * @return the text with every form of every secret replaced by {@value #MASK}
   */
  public String redact(String text) {
    if (forms.isEmpty() || text.isEmpty()) {
      return text;
    }
    // [start, end) of every occurrence, found in the original text so that masking one secret
    // cannot hide or create an occurrence of another.
    List<int[]> hits = new ArrayList<>();
    for (String form : forms) {
      for (int i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) {
        hits.add(new int[] {i, i + form.length()});
      }
    }
    if (hits.isEmpty()) {
      return text;
    }
    hits.sort(Comparator.<int[]>comparingInt(h -> h[0]).thenComparingInt(h -> -h[1]));
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int i = 0;
    while (i < hits.size()) {
      int start = hits.get(i)[0];
      int end = hits.get(i)[1];
      for (i++; i < hits.size() && hits.get(i)[0] < end; i++) {
        end = Math.max(end, hits.get(i)[1]);
      }
      out.append(text, copied, start).append(MASK);
      copied = end;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * The forms to announce one by one to a masker that works on single lines, such as the GitHub
   * Actions runner's {@code ::add-mask::}: every form without a line break.
   *
   * @return the single-line forms, longest first
   */
  public List<String> singleLineForms() {
    return forms.stream().filter(f -> !LINE_BREAK.matcher(f).find()).toList();
  }

  /**
   * The forms a secret takes on the wire, as masked by {@link #redact}: the value; each line of a
   * multi-line value; the URL-encoded value (with {@code +} and with {@code %20} for a space).
   * Derived forms shorter than {@value #MIN_FORM_LENGTH} are left out.
   *
   * @param secret a secret
   * @return its forms, the value first, without duplicates
   */
  public static List<String> forms(Secret secret) {
    String value = secret.reveal();
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value);
    for (String line : LINE_BREAK.split(value)) {
      derived(forms, line.strip());
    }
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
    derived(forms, encoded);
    derived(forms, encoded.replace("+", "%20"));
    return List.copyOf(forms);
  }

  /**
   * The forms of a user name and password pair: those of the password, and the base64 token of the
   * HTTP Basic credentials {@code Basic base64(username:password)} (RFC 7617).
   *
   * @param username the user name (not itself a secret)
   * @param password the password or token
   * @return the forms
   */
  public static List<String> forms(String username, Secret password) {
    Objects.requireNonNull(username, "username");
    Set<String> forms = new LinkedHashSet<>(forms(password));
    derived(
        forms,
        Base64.getEncoder()
            .encodeToString((username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)));
    return List.copyOf(forms);
  }

  private static void derived(Set<String> forms, String form) {
    if (form.length() >= MIN_FORM_LENGTH) {
      forms.add(form);
    }
  }

  /** {@return the number of forms masked, for diagnostics (never the values)} */
  public int size() {
    return forms.size();
  }

  /** Never shows a secret: {@code Redactor[n forms]}. */
  @Override
  public String toString() {
    return "Redactor[" + forms.size() + " forms]";
  }
}
