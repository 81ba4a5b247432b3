package dev.baton;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A container image reference, {@code registry/repository[:tag][@digest]}, parsed by the Docker
 * reference grammar (distribution/reference {@code reference.go}) and normalised the way {@code
 * docker pull} normalises Docker Hub names ({@code normalize.go}).
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("nginx:1.25");
 * ref.registry();     // "docker.io"
 * ref.repository();   // "library/nginx"
 * ref.tag();          // Optional[1.25]
 * ref.toString();     // "docker.io/library/nginx:1.25"
 * }</pre>
 *
 * <p>A reference never defaults to {@code latest}: with neither tag nor digest, both are empty. Tag
 * and digest may both be present. Instances are immutable, equality covers all four parts, and
 * {@code parse(ref.toString()).equals(ref)} always holds.
 */
public final class ImageReference {

  // reference.go, rule by rule; each is implemented by the constant or step that names it.
  //   reference        := name [ ":" tag ] [ "@" digest ]
  //   name             := [domain '/'] remote-name
  //   domain           := host [':' port-number]
  //   host             := domain-name | IPv4address | \[ IPv6address \]   ; rfc3986 appendix-A
  //   domain-name      := domain-component ['.' domain-component]*
  //   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
  //   port-number      := /[0-9]+/
  //   path             := path-component ['/' path-component]*
  //   path-component   := alpha-numeric [separator alpha-numeric]*
  //   alpha-numeric    := /[a-z0-9]+/
  //   separator        := /[_.]|__|[-]+/                  (as compiled in regexp.go)
  //   tag              := /[\w][\w.-]{0,127}/             -> Tag
  //   digest           := algorithm ":" encoded           -> Digest (OCI image-spec grammar)

  // domain; as in regexp.go, an IPv4address matches as a domain-name, and an IPv6address is
  // any run of hex digits and colons in brackets.
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"; // domain-component
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*" // domain-name
              + "|\\[[a-fA-F0-9:]+\\])" // | \[ IPv6address \]
              + "(?::[0-9]+)?"); // [':' port-number]
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"); // path-component
  private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}"); // never a name
  private static final int NAME_TOTAL_LENGTH_MAX = 255; // of the normalised name, as Docker does
  private static final String DOCKER_HUB = "docker.io";
  private static final String EXPECTED = "expected [registry/]repository[:tag][@digest]";

  private final String registry;
  private final String repository;
  private final Tag tag; // null when absent; Optional is for the accessor only
  private final Digest digest; // null when absent

  private ImageReference(String registry, String repository, Tag tag, Digest digest) {
    this.registry = checkRegistry(Objects.requireNonNull(registry, "registry"));
    this.repository =
        checkRepository(this.registry, Objects.requireNonNull(repository, "repository"));
    int length = this.registry.length() + 1 + this.repository.length();
    if (length > NAME_TOTAL_LENGTH_MAX) {
      throw new IllegalArgumentException(
          "name \""
              + this.registry
              + '/'
              + this.repository
              + "\" is "
              + length
              + " characters; at most "
              + NAME_TOTAL_LENGTH_MAX
              + " are allowed");
    }
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * Parses a reference as {@code docker pull} would, normalising Docker Hub names.
   *
   * @param text e.g. {@code nginx}, {@code ghcr.io/org/app:1.2.3} or {@code app@sha256:<hex>}
   * @return the reference
   * @throws IllegalArgumentException if {@code text} is null or invalid, quoting it
   */
  public static ImageReference parse(String text) {
    ValueText.require(text, "image reference", "[registry/]repository[:tag][@digest]");
    return wrapping(text, () -> parseValid(text));
  }

  /**
   * Parses like {@link #parse(String)}, but never throws.
   *
   * @param text the reference, may be null
   * @return the reference, or empty if {@code text} is null or invalid
   */
  public static Optional<ImageReference> tryParse(String text) {
    return ValueText.tryParse(text, ImageReference::parse);
  }

  /**
   * A repository without tag or digest, normalised like {@link #parse(String)}.
   *
   * @param registry e.g. {@code ghcr.io} or {@code localhost:5000}; like Docker, it must contain
   *     '.' or ':', be {@code localhost} or have upper case, else it would read as a path
   * @param repository e.g. {@code team/app}
   * @return the reference
   * @throws IllegalArgumentException if either part is invalid
   */
  public static ImageReference of(String registry, String repository) {
    return wrapping(
        registry + '/' + repository, () -> new ImageReference(registry, repository, null, null));
  }

  /**
   * @return the registry, e.g. {@code docker.io}, {@code 127.0.0.1:5000} or {@code ghcr.io}
   */
  public String registry() {
    return registry;
  }

  /**
   * @return the repository path, e.g. {@code library/nginx} or {@code team/app}
   */
  public String repository() {
    return repository;
  }

  /**
   * @return the tag, or empty if the reference names none (there is no implicit latest)
   */
  public Optional<Tag> tag() {
    return Optional.ofNullable(tag);
  }

  /**
   * @return the digest, or empty if the reference is not pinned
   */
  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /**
   * @return true if a digest is present, so the reference names immutable content
   */
  public boolean isPinned() {
    return digest != null;
  }

  /**
   * @param newTag the tag
   * @return this reference with {@code newTag}, keeping any digest
   */
  public ImageReference withTag(Tag newTag) {
    return new ImageReference(registry, repository, Objects.requireNonNull(newTag, "tag"), digest);
  }

  /**
   * @param newDigest the digest
   * @return this reference pinned to {@code newDigest}, keeping any tag
   */
  public ImageReference withDigest(Digest newDigest) {
    Objects.requireNonNull(newDigest, "digest");
    return new ImageReference(registry, repository, tag, newDigest);
  }

  /**
   * @return this reference without its digest, keeping any tag
   */
  public ImageReference withoutDigest() {
    return new ImageReference(registry, repository, tag, null);
  }

  /**
   * @return this reference without its tag, keeping any digest
   */
  public ImageReference withoutTag() {
    return new ImageReference(registry, repository, null, digest);
  }

  /**
   * @param newRepository a repository in the same registry, e.g. {@code team/other-app}
   * @return a reference to {@code newRepository} with this tag and digest
   * @throws IllegalArgumentException if {@code newRepository} is invalid
   */
  public ImageReference withRepository(String newRepository) {
    return wrapping(
        registry + '/' + newRepository,
        () -> new ImageReference(registry, newRepository, tag, digest));
  }

  /**
   * @return {@code registry/repository}, with neither tag nor digest
   */
  public ImageReference repositoryOnly() {
    return new ImageReference(registry, repository, null, null);
  }

  /**
   * The host serving the registry API: Docker Hub's names say {@code docker.io}, but its API is at
   * {@code registry-1.docker.io}.
   *
   * @return e.g. {@code registry-1.docker.io} or {@code ghcr.io}
   */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  /** Equal when registry, repository, tag and digest are all equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ImageReference other
        && registry.equals(other.registry)
        && repository.equals(other.repository)
        && Objects.equals(tag, other.tag)
        && Objects.equals(digest, other.digest);
  }

  /** A hash of registry, repository, tag and digest. */
  @Override
  public int hashCode() {
    return Objects.hash(registry, repository, tag, digest);
  }

  /**
   * @return the normalised wire form {@code registry/repository[:tag][@digest]}
   */
  @Override
  public String toString() {
    return registry
        + '/'
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }

  private static ImageReference parseValid(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException(EXPECTED);
    }
    if (IMAGE_ID.matcher(text).matches()) {
      throw new IllegalArgumentException("a 64-hex string is an image ID, not a repository name");
    }
    // name := [domain '/'] remote-name, split as normalize.go's splitDockerDomain does
    int slash = text.indexOf('/');
    boolean hasDomain = slash >= 0 && looksLikeDomain(text.substring(0, slash));
    String domain = hasDomain ? text.substring(0, slash) : DOCKER_HUB;
    String rest = hasDomain ? text.substring(slash + 1) : text;
    // reference := name [":" tag] ["@" digest]: only the digest follows '@', and with the
    // domain (and its port) gone, the first ':' can only start the tag.
    int at = rest.indexOf('@');
    Digest digest = at < 0 ? null : Digest.parse(rest.substring(at + 1));
    String name = at < 0 ? rest : rest.substring(0, at);
    int colon = name.indexOf(':');
    Tag tag = colon < 0 ? null : new Tag(name.substring(colon + 1));
    return new ImageReference(domain, colon < 0 ? name : name.substring(0, colon), tag, digest);
  }

  // normalize.go: the first component is a domain only if it contains '.' or ':', is
  // "localhost", or has upper case (which no repository path can have).
  private static boolean looksLikeDomain(String component) {
    return component.contains(".")
        || component.contains(":")
        || component.equals("localhost")
        || !component.equals(component.toLowerCase(Locale.ROOT));
  }

  private static String checkRegistry(String registry) {
    if (!DOMAIN.matcher(registry).matches()) {
      throw refused(
          "registry",
          registry,
          "be a host name, IPv4 address or [IPv6] address, with an optional :port");
    }
    if (!looksLikeDomain(registry)) {
      throw refused(
          "registry",
          registry,
          "contain '.' or ':' or be \"localhost\", or Docker reads it as a Docker Hub repository"
              + " path");
    }
    return registry.equals("index.docker.io") ? DOCKER_HUB : registry; // normalize.go legacy name
  }

  /** The refusal of one part of a reference: {@code PART "VALUE" must RULE}. */
  private static IllegalArgumentException refused(String part, String value, String rule) {
    return new IllegalArgumentException(part + " \"" + value + "\" must " + rule);
  }

  private static String checkRepository(String registry, String repository) {
    // path := path-component ['/' path-component]*
    for (String component : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw refused(
            "repository path component",
            component,
            "be lowercase letters and digits, separated by '.', '_', '__' or dashes"
                + " ([a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)");
      }
    }
    // normalize.go: Docker Hub's official images live under library/
    boolean official = registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0;
    return official ? "library/" + repository : repository;
  }

  // parse, of and withRepository quote the whole reference they were given, then the bad part.
  private static ImageReference wrapping(String input, Supplier<ImageReference> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw ValueText.invalid("image reference", input, e.getMessage(), e);
    }
  }
}
