package dev.mcpgate.cli.internal;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates MCP callers by API key: {@code Authorization: Bearer <key>} or {@code X-Api-Key:
 * <key>}. Only SHA-256 hashes of the keys are held; the presented key is hashed and compared with
 * every client's hash in constant time ({@link MessageDigest#isEqual}), without stopping at the
 * first match, so the time taken says nothing about which client or how much of a hash matched.
 *
 * <p>No key: {@link IdentityResult#unauthenticated()} (401 with a challenge). A key no client has:
 * {@link IdentityResult#invalid(String)} (401 {@code invalid_token}). Immutable and thread-safe.
 */
public final class ApiKeyClients implements IdentityResolver {

  /** The header read when there is no {@code Authorization: Bearer}. */
  public static final String API_KEY_HEADER = "X-Api-Key";

  private static final int MAX_KEY_CHARS = 4096;

  private final List<Client> clients;
  private final BiPredicate<byte[], byte[]> equalHashes;

  /**
   * A client and the SHA-256 of its key.
   *
   * @param caller the context a caller presenting the key gets
   * @param keyHash the key's SHA-256, 32 bytes
   */
  public record Client(CallerContext caller, byte[] keyHash) {
    /** Validates and copies the hash. */
    public Client {
      Objects.requireNonNull(caller, "caller");
      if (keyHash.length != 32) {
        throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
      }
      keyHash = keyHash.clone();
    }

    @Override
    public byte[] keyHash() {
      return keyHash.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Client c && c.caller.equals(caller)
          && MessageDigest.isEqual(c.keyHash, keyHash);
    }

    @Override
    public int hashCode() {
      return caller.hashCode();
    }

    @Override
    public String toString() {
      return "Client[" + caller.clientId() + "]";
    }
  }

  /**
   * A resolver for clients, comparing hashes with {@link MessageDigest#isEqual}.
   *
   * @param clients the clients
   */
  public ApiKeyClients(List<Client> clients) {
    this(clients, MessageDigest::isEqual);
  }

  /**
   * A resolver with a given hash comparison, for tests that observe the comparisons.
   *
   * @param clients the clients
   * @param equalHashes compares a client's hash with the presented key's; must be constant-time
   */
  ApiKeyClients(List<Client> clients, BiPredicate<byte[], byte[]> equalHashes) {
    this.clients = List.copyOf(clients);
    this.equalHashes = Objects.requireNonNull(equalHashes, "equalHashes");
  }

  /**
   * The caller context for a configured client.
   *
   * @param entry the client's configuration
   * @return its context: client id, environment, tenant, scopes, auth method {@code apiKey}
   */
  public static CallerContext callerOf(ServeConfig.ClientEntry entry) {
    return CallerContext.builder()
        .clientId(entry.id())
        .environment(entry.environment())
        .tenant(entry.tenant())
        .scopes(entry.scopes())
        .authMethod("apiKey")
        .tokenId("apiKey:" + entry.id())
        .build();
  }

  @Override
  public IdentityResult resolve(InboundRequest request) {
    String key = presentedKey(request);
    if (key == null) {
      return IdentityResult.unauthenticated();
    }
    if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
      return IdentityResult.invalid("malformed API key");
    }
    byte[] presented = sha256(key);
    Client match = null;
    for (Client client : clients) {
      // Every hash is compared, whatever matched before: no early exit to time.
      if (equalHashes.test(client.keyHash, presented) && match == null) {
        match = client;
      }
    }
    return match == null
        ? IdentityResult.invalid("unknown API key")
        : new IdentityResult.Authenticated(match.caller());
  }

  private static @Nullable String presentedKey(InboundRequest request) {
    String authorization = request.header("Authorization");
    if (authorization != null) {
      String value = authorization.strip();
      if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        return value.substring(7).strip();
      }
    }
    String header = request.header(API_KEY_HEADER);
    return header == null ? null : header.strip();
  }

  /**
   * The SHA-256 of a key's UTF-8 bytes.
   *
   * @param key the key
   * @return 32 bytes
   */
  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The SHA-256 of a key as lower-case hex, as written in {@code apiKeyHash}.
   *
   * @param key the key
   * @return 64 hex digits
   */
  public static String sha256Hex(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  /**
   * The clients' ids, for messages.
   *
   * @return the ids
   */
  public Set<String> clientIds() {
    return Set.copyOf(clients.stream().map(c -> Objects.requireNonNullElse(
        c.caller().clientId(), "")).toList());
  }

  @Override
  public String toString() {
    return "ApiKeyClients" + clientIds();
  }
}
