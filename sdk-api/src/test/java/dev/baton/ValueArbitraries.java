package dev.baton;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;

/**
 * Generators of valid values, built from each grammar rather than by filtering parse results, so a
 * round-trip property fails if parse rejects something the grammar allows. Built on QuickTheories,
 * so a failing value shrinks and the reported seed replays it.
 */
final class ValueArbitraries {

  static final String LOWER_HEX = "0123456789abcdef";
  static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String ALNUM = LOWER_ALNUM + UPPER;

  private ValueArbitraries() {}

  /** Strings of {@code min} to {@code max} characters, each from {@code alphabet}. */
  static Gen<String> chars(String alphabet, int min, int max) {
    Gen<Character> c = arbitrary().pick(alphabet.chars().mapToObj(i -> (char) i).toList());
    return lists()
        .of(c)
        .ofSizeBetween(min, max)
        .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  /** One of the generators, chosen at random for each value. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<T>... gens) {
    List<Gen<T>> choices = new ArrayList<>();
    for (Gen<T> gen : gens) {
      choices.add(gen);
    }
    return arbitrary().pick(choices).flatMap(gen -> gen);
  }

  /** The generator's values, or null at the given rate (0 to 100 per cent). */
  static <T> Gen<T> orNull(Gen<T> gen, int percentNull) {
    return gen.toOptionals(percentNull).map(value -> value.orElse(null));
  }

  static Gen<Digest> digests() {
    Gen<Digest> sha256 = chars(LOWER_HEX, 64, 64).map(hex -> new Digest("sha256", hex));
    Gen<Digest> sha512 = chars(LOWER_HEX, 128, 128).map(hex -> new Digest("sha512", hex));
    // algorithm ::= algorithm-component (algorithm-separator algorithm-component)*
    Gen<String> separated = chars("+._-", 1, 1).zip(chars(LOWER_ALNUM, 1, 8), String::concat);
    Gen<String> algorithm =
        chars(LOWER_ALNUM, 1, 8)
            .zip(
                lists().of(separated).ofSizeBetween(0, 3),
                (head, tail) -> head + String.join("", tail))
            .assuming(a -> !a.equals("sha256") && !a.equals("sha512"));
    Gen<Digest> other = algorithm.zip(chars(ALNUM + "=_-", 1, 80), Digest::new);
    return oneOf(sha256, sha512, other);
  }

  static Gen<String> tagStrings() {
    return chars(ALNUM + "_", 1, 1).zip(chars(ALNUM + "_.-", 0, 127), String::concat);
  }

  static Gen<Tag> tags() {
    return tagStrings().map(Tag::new);
  }

  static Gen<CommitSha> commitShas() {
    return chars("0123456789abcdefABCDEF", 40, 40).map(CommitSha::new);
  }

  static Gen<SemanticVersion> semanticVersions() {
    Gen<Integer> part = integers().between(0, Integer.MAX_VALUE);
    return part.zip(part, part, SemanticVersion::new);
  }

  static Gen<ReleaseVersion> releaseVersions() {
    Gen<ReleaseVersion> semantic =
        arbitrary()
            .pick("", "v", "V", "release-")
            .zip(semanticVersions(), (prefix, version) -> new ReleaseVersion(prefix + version));
    return oneOf(semantic, tagStrings().map(ReleaseVersion::new));
  }

  static Gen<EnvironmentName> environmentNames() {
    return chars(LOWER_ALNUM, 1, 1)
        .zip(chars(LOWER_ALNUM + "_-", 0, 62), (first, rest) -> new EnvironmentName(first + rest));
  }

  static Gen<StackName> stackNames() {
    Gen<String> first = chars(ALNUM, 1, 1).zip(chars(ALNUM + "._-", 0, 20), String::concat);
    Gen<String> segment = chars(ALNUM + "._-", 1, 20).assuming(s -> !s.equals(".."));
    return first
        .zip(
            lists().of(segment).ofSizeBetween(0, 5),
            (head, tail) -> tail.isEmpty() ? head : head + "/" + String.join("/", tail))
        .assuming(s -> s.length() <= 128)
        .map(StackName::new);
  }

  /** domain := host [':' port-number], in each of the forms reference.go allows. */
  static Gen<String> registries() {
    // domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    Gen<String> component =
        chars(ALNUM, 1, 1)
            .zip(chars(ALNUM + "-", 0, 8), chars(ALNUM, 1, 1), (a, middle, z) -> a + middle + z);
    Gen<String> domainName =
        lists().of(component).ofSizeBetween(2, 4).map(parts -> String.join(".", parts));
    Gen<Integer> octet = integers().between(0, 255);
    Gen<String> ipv4 =
        octet.zip(octet, octet, octet, (a, b, c, d) -> a + "." + b + "." + c + "." + d);
    // Bracketed hex and colons; at least one ':' (without one Docker reads it as a path).
    Gen<String> ipv6 =
        lists()
            .of(chars("0123456789abcdefABCDEF", 0, 4))
            .ofSizeBetween(2, 8)
            .map(groups -> "[" + String.join(":", groups) + "]");
    // An upper-case single label is a registry by Docker's rule: a component with an upper-case
    // letter put in at any place that keeps it a component.
    Gen<String> upperLabel =
        component.zip(
            chars(UPPER, 1, 1),
            integers().between(0, 10),
            (c, upper, at) -> {
              int i = Math.min(at, c.length());
              return c.substring(0, i) + upper + c.substring(i);
            });
    Gen<String> host =
        oneOf(
            domainName,
            ipv4,
            ipv6,
            upperLabel,
            arbitrary().pick("localhost", "docker.io", "index.docker.io", "ghcr.io"));
    Gen<String> port = orNull(integers().between(0, 65535).map(p -> ":" + p), 50);
    return host.zip(port, (h, p) -> p == null ? h : h + p);
  }

  /** path := path-component ['/' path-component]*, separators [._] | __ | [-]+. */
  static Gen<String> repositories() {
    Gen<String> alnum = chars(LOWER_ALNUM, 1, 8);
    Gen<String> separator = arbitrary().pick(".", "_", "__", "-", "--", "---");
    Gen<String> component =
        alnum.zip(
            lists().of(separator.zip(alnum, String::concat)).ofSizeBetween(0, 3),
            (head, tail) -> head + String.join("", tail));
    return lists().of(component).ofSizeBetween(1, 4).map(parts -> String.join("/", parts));
  }

  static Gen<ImageReference> imageReferences() {
    return registries()
        .zip(
            repositories(),
            orNull(tags(), 50),
            orNull(digests(), 50),
            (registry, repository, tag, digest) -> {
              ImageReference ref = ImageReference.of(registry, repository);
              ref = tag == null ? ref : ref.withTag(tag);
              return digest == null ? ref : ref.withDigest(digest);
            });
  }
}
