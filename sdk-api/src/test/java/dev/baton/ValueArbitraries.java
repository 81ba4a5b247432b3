package dev.baton;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of valid values, built from each grammar rather than by filtering parse results,
 * so a round-trip property fails if parse rejects something the grammar allows.
 */
final class ValueArbitraries {

  static final String LOWER_HEX = "0123456789abcdef";
  static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  static final String ALNUM = LOWER_ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private ValueArbitraries() {}

  static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings().withChars(alphabet).ofMinLength(min).ofMaxLength(max);
  }

  static Arbitrary<Digest> digests() {
    Arbitrary<Digest> sha256 = chars(LOWER_HEX, 64, 64).map(hex -> new Digest("sha256", hex));
    Arbitrary<Digest> sha512 = chars(LOWER_HEX, 128, 128).map(hex -> new Digest("sha512", hex));
    // algorithm ::= algorithm-component (algorithm-separator algorithm-component)*
    Arbitrary<String> algorithm = Combinators.combine(
            chars(LOWER_ALNUM, 1, 8),
            Combinators.combine(chars("+._-", 1, 1), chars(LOWER_ALNUM, 1, 8))
                .as(String::concat).list().ofMaxSize(3))
        .as((head, tail) -> head + String.join("", tail))
        .filter(a -> !a.equals("sha256") && !a.equals("sha512"));
    Arbitrary<Digest> other = Combinators.combine(algorithm, chars(ALNUM + "=_-", 1, 80))
        .as(Digest::new);
    return Arbitraries.oneOf(List.of(sha256, sha512, other));
  }

  static Arbitrary<String> tagStrings() {
    return Combinators.combine(chars(ALNUM + "_", 1, 1), chars(ALNUM + "_.-", 0, 127))
        .as(String::concat);
  }

  static Arbitrary<Tag> tags() {
    return tagStrings().map(Tag::new);
  }

  static Arbitrary<CommitSha> commitShas() {
    return chars("0123456789abcdefABCDEF", 40, 40).map(CommitSha::new);
  }

  static Arbitrary<SemanticVersion> semanticVersions() {
    Arbitrary<Integer> part = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    return Combinators.combine(part, part, part).as(SemanticVersion::new);
  }

  static Arbitrary<ReleaseVersion> releaseVersions() {
    Arbitrary<ReleaseVersion> semantic = Combinators.combine(
            Arbitraries.of("", "v", "V", "release-"), semanticVersions())
        .as((prefix, version) -> new ReleaseVersion(prefix + version));
    return Arbitraries.oneOf(List.of(semantic, tagStrings().map(ReleaseVersion::new)));
  }

  static Arbitrary<EnvironmentName> environmentNames() {
    return Combinators.combine(chars(LOWER_ALNUM, 1, 1), chars(LOWER_ALNUM + "_-", 0, 62))
        .as((first, rest) -> new EnvironmentName(first + rest));
  }

  static Arbitrary<StackName> stackNames() {
    Arbitrary<String> first = Combinators.combine(chars(ALNUM, 1, 1), chars(ALNUM + "._-", 0, 20))
        .as(String::concat);
    Arbitrary<String> segment = chars(ALNUM + "._-", 1, 20).filter(s -> !s.equals(".."));
    return Combinators.combine(first, segment.list().ofMaxSize(5))
        .as((head, tail) -> tail.isEmpty() ? head : head + "/" + String.join("/", tail))
        .filter(s -> s.length() <= 128)
        .map(StackName::new);
  }

  /** domain := host [':' port-number], in each of the forms reference.go allows. */
  static Arbitrary<String> registries() {
    // domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    Arbitrary<String> component = Combinators.combine(
            chars(ALNUM, 1, 1), chars(ALNUM + "-", 0, 8), chars(ALNUM, 1, 1))
        .as((a, middle, z) -> a + middle + z);
    Arbitrary<String> domainName = component.list().ofMinSize(2).ofMaxSize(4)
        .map(parts -> String.join(".", parts));
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    Arbitrary<String> ipv4 = Combinators.combine(octet, octet, octet, octet)
        .as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
    // Bracketed hex and colons; at least one ':' (without one Docker reads it as a path).
    Arbitrary<String> ipv6 = chars("0123456789abcdefABCDEF", 0, 4).list().ofMinSize(2).ofMaxSize(8)
        .map(groups -> "[" + String.join(":", groups) + "]");
    // An upper-case single label is a registry by Docker's rule.
    Arbitrary<String> upperLabel = component
        .filter(c -> !c.equals(c.toLowerCase(Locale.ROOT)));
    Arbitrary<String> host = Arbitraries.oneOf(List.of(domainName, ipv4, ipv6, upperLabel,
        Arbitraries.of("localhost", "docker.io", "index.docker.io", "ghcr.io")));
    Arbitrary<String> port = Arbitraries.integers().between(0, 65535).map(p -> ":" + p)
        .injectNull(0.5);
    return Combinators.combine(host, port).as((h, p) -> p == null ? h : h + p);
  }

  /** path := path-component ['/' path-component]*, separators [._] | __ | [-]+. */
  static Arbitrary<String> repositories() {
    Arbitrary<String> alnum = chars(LOWER_ALNUM, 1, 8);
    Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "--", "---");
    Arbitrary<String> component = Combinators.combine(
            alnum, Combinators.combine(separator, alnum).as(String::concat).list().ofMaxSize(3))
        .as((head, tail) -> head + String.join("", tail));
    return component.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
  }

  static Arbitrary<ImageReference> imageReferences() {
    return Combinators.combine(
            registries(), repositories(), tags().injectNull(0.5), digests().injectNull(0.5))
        .as((registry, repository, tag, digest) -> {
          ImageReference ref = ImageReference.of(registry, repository);
          ref = tag == null ? ref : ref.withTag(tag);
          return digest == null ? ref : ref.withDigest(digest);
        });
  }
}
