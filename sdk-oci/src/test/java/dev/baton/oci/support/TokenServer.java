package dev.baton.oci.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.baton.testkit.servers.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker token server (the {@code auth.token} realm of distribution), per the token spec shipped
 * with distribution ({@code docs/spec/auth/token.md}), as measured against it: {@code GET
 * /token?service=&scope=…} with Basic credentials answers an ES256 JWT whose header's {@code kid}
 * is the libtrust key id of the key in the certificate the registry trusts.
 *
 * <p>The key and self-signed certificate come from the JDK's own {@code keytool}; the signature
 * from {@code SHA256withECDSAinP1363Format}, which gives the raw r‖s form JWS wants.
 */
public final class TokenServer implements AutoCloseable {
  /** The registry's {@code auth.token.service}. */
  public static final String SERVICE = "baton-test-registry";

  /** The registry's {@code auth.token.issuer}. */
  public static final String ISSUER = "baton-test-issuer";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoopbackHttpServer server;
  private final Path dir;
  private final PrivateKey key;
  private final String kid;
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger expiresIn = new AtomicInteger(300);

  private TokenServer(LoopbackHttpServer server, Path dir, PrivateKey key, String kid) {
    this.server = server;
    this.dir = dir;
    this.key = key;
    this.kid = kid;
  }

  /**
   * @return a started token server on 127.0.0.1 with no users yet
   */
  public static TokenServer start() {
    try {
      Path dir = Files.createTempDirectory("baton-token-");
      Path store = dir.resolve("token.p12");
      Path cert = dir.resolve("cert.pem");
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      run(
          keytool,
          "-genkeypair",
          "-alias",
          "token",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-sigalg",
          "SHA256withECDSA",
          "-dname",
          "CN=baton-test-token",
          "-validity",
          "2",
          "-storetype",
          "PKCS12",
          "-keystore",
          store.toString(),
          "-storepass",
          "changeit",
          "-keypass",
          "changeit");
      run(
          keytool,
          "-exportcert",
          "-rfc",
          "-alias",
          "token",
          "-keystore",
          store.toString(),
          "-storepass",
          "changeit",
          "-file",
          cert.toString());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, "changeit".toCharArray());
      }
      PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
      PublicKey pub = ks.getCertificate("token").getPublicKey();
      LoopbackHttpServer server = LoopbackHttpServer.start();
      TokenServer t = new TokenServer(server, dir, key, libtrustKeyId(pub));
      server.context("/token", t::handle);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param user a user name
   * @param password its password
   * @param actions the most it is granted on any repository ({@code pull}, {@code push})
   * @return this
   */
  public TokenServer user(String user, String password, String... actions) {
    passwords.put(user, password);
    allowed.put(user, Set.of(actions));
    return this;
  }

  /**
   * @param seconds the {@code expires_in} of tokens issued from now on
   */
  public void expiresIn(int seconds) {
    expiresIn.set(seconds);
  }

  /**
   * @return the realm URL for the registry's config
   */
  public String realm() {
    return server.uri().resolve("/token").toString();
  }

  /**
   * @return the PEM certificate the registry must trust
   */
  public Path certificate() {
    return dir.resolve("cert.pem");
  }

  /**
   * @return the query string of every token request so far
   */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    requests.add(URLDecoder.decode(query, StandardCharsets.UTF_8));
    String user = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
    if (user == null) {
      send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}");
      return;
    }
    ArrayNode access = JSON.createArrayNode();
    for (String param : query.split("&")) {
      if (!param.startsWith("scope=")) {
        continue;
      }
      String scope = URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8);
      int first = scope.indexOf(':');
      int last = scope.lastIndexOf(':');
      Set<String> granted = new TreeSet<>(List.of(scope.substring(last + 1).split(",")));
      granted.retainAll(allowed.get(user));
      ObjectNode entry = access.addObject();
      entry.put("type", scope.substring(0, first));
      entry.put("name", scope.substring(first + 1, last));
      granted.forEach(entry.putArray("actions")::add);
    }
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = JSON.createObjectNode();
    claims
        .put("iss", ISSUER)
        .put("sub", user)
        .put("aud", SERVICE)
        .put("exp", now + 300)
        .put("nbf", now - 5)
        .put("iat", now)
        .put("jti", UUID.randomUUID().toString());
    claims.set("access", access);
    String token = sign(claims);
    ObjectNode body = JSON.createObjectNode();
    body.put("token", token)
        .put("access_token", token)
        .put("expires_in", expiresIn.get())
        .put("issued_at", Instant.ofEpochSecond(now).toString());
    send(ex, 200, JSON.writeValueAsString(body));
  }

  private String authenticate(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String pair =
        new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    String user = pair.substring(0, colon);
    return pair.substring(colon + 1).equals(passwords.get(user)) ? user : null;
  }

  private String sign(ObjectNode claims) throws IOException {
    ObjectNode header =
        JSON.createObjectNode().put("typ", "JWT").put("alg", "ES256").put("kid", kid);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(JSON.writeValueAsBytes(header))
            + '.'
            + b64.encodeToString(JSON.writeValueAsBytes(claims));
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + '.' + b64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /**
   * libtrust's key id: base32 of the first 30 bytes of sha256(DER SubjectPublicKeyInfo), unpadded,
   * in colon-separated groups of four (libtrust {@code util.go keyIDEncode}).
   */
  static String libtrustKeyId(PublicKey key) throws GeneralSecurityException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder b32 = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < 30; i++) {
      buffer = (buffer << 8) | (hash[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        b32.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < b32.length(); i += 4) {
      out.append(i == 0 ? "" : ":").append(b32, i, i + 4);
    }
    return out.toString();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    try {
      Files.deleteIfExists(dir.resolve("token.p12"));
      Files.deleteIfExists(dir.resolve("cert.pem"));
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // harmless leftovers in the temp directory
    }
  }
}
