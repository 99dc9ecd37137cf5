package dev.mcpgate.core.identity;

import dev.mcpgate.api.CallerContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients an enterprise issued client ids to, and their credentials per profile: the
 * control-plane object behind {@link ApiKeyIdentityResolver} and {@link
 * MutualTlsIdentityResolver}, and the revocation list any other resolver can consult through
 * {@link #revoked(CallerContext)}.
 *
 * <p>A client (such as {@code billing-service}) has one or more <em>profiles</em>, named after
 * the environment they are for ({@code sandbox}, {@code production}), and each profile holds any
 * number of API keys, so that keys can be rotated without downtime. A caller authenticated with a
 * key gets the key's profile as its {@linkplain CallerContext#environment() environment}.
 *
 * <h2>Keys</h2>
 *
 * <p>Keys are made by {@link #generateKey()}: {@code mgk_<id>_<secret>}, where the id is 64
 * random bits shown in listings and audit events and the secret is 256 random bits. The registry
 * keeps only the SHA-256 of each key. A fast hash is enough, and right, for a 256-bit random
 * secret: nobody can search that space, so a slow key-derivation function (PBKDF2, scrypt,
 * Argon2) would add no protection to a leaked hash and would cost tens of milliseconds on every
 * request, turning authentication into a lever for denial of service. That argument holds only
 * for random keys, so the registry refuses human-chosen ones: {@link #addKey} accepts only what
 * {@link #generateKey()} makes.
 *
 * <h2>Revocation</h2>
 *
 * <p>Revoking a key, a profile or a client takes effect before the call returns: the next
 * request with a revoked credential fails. A revoked client stays known (so that it is still
 * revoked for every resolver that asks); a revoked profile stays revoked until {@link
 * #reinstateProfile(String, String)}. A revoked key's id can never be added again.
 *
 * <p>Thread-safe. Reads (every request) take no lock; changes are serialized, and the listeners
 * registered with {@link #onChange(Consumer)} see them in order, on the changing thread, after
 * the change is visible. This implementation keeps its state in memory: a deployment that needs
 * it durable stores what the listeners report (never a key: keys are returned once, by {@link
 * #generateKey()}, and only their hashes, {@link #hashKey(String)}, should be kept) and replays
 * it at start-up with {@link #registerClient(Client)} and {@link #addKeyHash}.
 */
public final class ClientRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

  /** What changed in a registry; delivered to {@link #onChange(Consumer)} listeners. */
  public sealed interface Change {

    /**
     * The client the change concerns.
     *
     * @return its id
     */
    String clientId();

    /**
     * A client was registered.
     *
     * @param clientId the client's id
     */
    record ClientRegistered(String clientId) implements Change {}

    /**
     * A key was added to a profile.
     *
     * @param key the key's description (never the key)
     */
    record KeyAdded(IssuedKey key) implements Change {
      @Override
      public String clientId() {
        return key.clientId();
      }
    }

    /**
     * A key was revoked, on its own or with its profile or client.
     *
     * @param key the key's description
     */
    record KeyRevoked(IssuedKey key) implements Change {
      @Override
      public String clientId() {
        return key.clientId();
      }
    }

    /**
     * A profile was revoked: every credential of the client for it.
     *
     * @param clientId the client's id
     * @param profile the profile
     */
    record ProfileRevoked(String clientId, String profile) implements Change {}

    /**
     * A revoked profile was reinstated.
     *
     * @param clientId the client's id
     * @param profile the profile
     */
    record ProfileReinstated(String clientId, String profile) implements Change {}

    /**
     * A client was revoked: every credential of it, for every profile.
     *
     * @param clientId the client's id
     */
    record ClientRevoked(String clientId) implements Change {}
  }

  /** A client and its revocation state; replaced as a whole on change. */
  private record ClientState(Client client, boolean revoked, Set<String> revokedProfiles) {
    boolean admits(String profile) {
      return !revoked && !revokedProfiles.contains(profile);
    }
  }

  private final Clock clock;
  private final Map<String, ClientState> clients = new ConcurrentHashMap<>();
  private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();
  private final Set<String> revokedKeyIds = new HashSet<>();
  private final List<Consumer<? super Change>> listeners = new CopyOnWriteArrayList<>();
  private final Object writeLock = new Object();

  /** An empty registry stamping keys with the system clock (UTC). */
  public ClientRegistry() {
    this(Clock.systemUTC());
  }

  /**
   * An empty registry.
   *
   * @param clock the clock that stamps {@link IssuedKey#issuedAt()}
   */
  public ClientRegistry(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A new API key: {@code mgk_} followed by a 16-hex-digit id (64 random bits, not secret), an
   * underscore and 43 characters of unpadded base64url (256 random bits from {@link
   * java.security.SecureRandom}). Hand it to the client once, {@linkplain #addKey add} it, and
   * keep nothing but its id.
   *
   * @return a new key, 64 characters
   */
  public static String generateKey() {
    return KeyFormat.generate();
  }

  /**
   * The hash the registry keeps of a key: SHA-256 of its UTF-8 bytes. For provisioning pipelines
   * that store hashes and restore them with {@link #addKeyHash}.
   *
   * @param key a key from {@link #generateKey()}
   * @return 32 bytes
   * @throws IllegalArgumentException if {@code key} is not one {@link #generateKey()} makes
   */
  public static byte[] hashKey(String key) {
    requireGenerated(key);
    return KeyFormat.hash(key);
  }

  /**
   * The id of a key: the non-secret part between {@code mgk_} and the second underscore.
   *
   * @param key a key from {@link #generateKey()}
   * @return its id, 16 hex digits
   * @throws IllegalArgumentException if {@code key} is not one {@link #generateKey()} makes
   */
  public static String keyIdOf(String key) {
    requireGenerated(key);
    return Objects.requireNonNull(KeyFormat.idOf(key));
  }

  /**
   * Registers a client.
   *
   * @param client the client
   * @throws IllegalArgumentException if a client with the same id is registered, revoked or not
   */
  public void registerClient(Client client) {
    Objects.requireNonNull(client, "client");
    synchronized (writeLock) {
      if (clients.containsKey(client.id())) {
        throw new IllegalArgumentException("client " + client.id() + " is already registered");
      }
      clients.put(client.id(), new ClientState(client, false, Set.of()));
      publish(new Change.ClientRegistered(client.id()));
    }
  }

  /**
   * Adds an API key to a client's profile; the profile comes into being with its first
   * credential. The registry keeps the key's hash only.
   *
   * @param clientId the client's id
   * @param profile the profile, such as {@code sandbox} or {@code production}
   * @param key a key from {@link #generateKey()}
   * @return the key's id, for listings and {@link #revokeKey(String)}
   * @throws IllegalArgumentException if the key is not one {@link #generateKey()} makes (keys
   *     chosen by people are refused: see the class description), the client is unknown, the
   *     profile blank, or the key's id already added or revoked
   * @throws IllegalStateException if the client or the profile is revoked
   */
  public String addKey(String clientId, String profile, String key) {
    requireGenerated(key);
    String keyId = Objects.requireNonNull(KeyFormat.idOf(key));
    add(clientId, profile, keyId, KeyFormat.hash(key));
    return keyId;
  }

  /**
   * Adds a key by its id and hash, as kept by a durable store: the way to restore a registry
   * without ever holding the keys.
   *
   * @param clientId the client's id
   * @param profile the profile
   * @param keyId the key's id, {@link #keyIdOf(String)}
   * @param sha256 the key's hash, {@link #hashKey(String)}
   * @throws IllegalArgumentException if the id is not 16 lower-case hex digits, the hash not 32
   *     bytes, the client unknown, the profile blank, or the id already added or revoked
   * @throws IllegalStateException if the client or the profile is revoked
   */
  public void addKeyHash(String clientId, String profile, String keyId, byte[] sha256) {
    Objects.requireNonNull(keyId, "keyId");
    if (!KeyFormat.isKeyId(keyId)) {
      throw new IllegalArgumentException("a key id is " + KeyFormat.ID_CHARS + " lower-case hex digits");
    }
    if (sha256.length != KeyFormat.HASH_BYTES) {
      throw new IllegalArgumentException("a key's SHA-256 has " + KeyFormat.HASH_BYTES + " bytes");
    }
    add(clientId, profile, keyId, sha256);
  }

  private void add(String clientId, String profile, String keyId, byte[] hash) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(profile, "profile");
    if (profile.isBlank()) {
      throw new IllegalArgumentException("client " + clientId + ": a profile name must not be blank");
    }
    synchronized (writeLock) {
      ClientState state = requireClient(clientId);
      if (state.revoked()) {
        throw new IllegalStateException("client " + clientId + " is revoked");
      }
      if (state.revokedProfiles().contains(profile)) {
        throw new IllegalStateException("profile " + profile + " of client " + clientId
            + " is revoked; reinstate it first (reinstateProfile)");
      }
      if (keys.containsKey(keyId) || revokedKeyIds.contains(keyId)) {
        throw new IllegalArgumentException("key " + keyId + " was added before; generate a new key");
      }
      IssuedKey issued = new IssuedKey(keyId, clientId, profile, clock.instant());
      keys.put(keyId, new StoredKey(issued, hash));
      publish(new Change.KeyAdded(issued));
    }
  }

  /**
   * Revokes one key. The next request presenting it is rejected.
   *
   * @param keyId the key's id
   * @return whether a key with that id was active
   */
  public boolean revokeKey(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    synchronized (writeLock) {
      StoredKey removed = keys.remove(keyId);
      if (removed == null) {
        return false;
      }
      revokedKeyIds.add(keyId);
      publish(new Change.KeyRevoked(removed.issued));
      return true;
    }
  }

  /**
   * Revokes a profile of a client: its keys, the client certificates mapped to it, and (through
   * {@link #revoked(CallerContext)}) any other credential of the client for that environment.
   *
   * @param clientId the client's id
   * @param profile the profile
   * @throws IllegalArgumentException if the client is unknown
   */
  public void revokeProfile(String clientId, String profile) {
    Objects.requireNonNull(profile, "profile");
    synchronized (writeLock) {
      ClientState state = requireClient(clientId);
      Set<String> revokedProfiles = new HashSet<>(state.revokedProfiles());
      revokedProfiles.add(profile);
      clients.put(clientId, new ClientState(state.client(), state.revoked(), Set.copyOf(revokedProfiles)));
      revokeKeysWhere(key -> key.clientId().equals(clientId) && key.profile().equals(profile));
      publish(new Change.ProfileRevoked(clientId, profile));
    }
  }

  /**
   * Lets a revoked profile authenticate again. Its revoked keys stay revoked; add new ones. Any
   * other credential for it that has not expired (a JWT issued before the revocation) becomes
   * acceptable again: reinstate after such tokens have expired.
   *
   * @param clientId the client's id
   * @param profile the profile
   * @return whether the profile was revoked
   * @throws IllegalArgumentException if the client is unknown
   * @throws IllegalStateException if the client is revoked
   */
  public boolean reinstateProfile(String clientId, String profile) {
    Objects.requireNonNull(profile, "profile");
    synchronized (writeLock) {
      ClientState state = requireClient(clientId);
      if (state.revoked()) {
        throw new IllegalStateException("client " + clientId + " is revoked");
      }
      if (!state.revokedProfiles().contains(profile)) {
        return false;
      }
      Set<String> revokedProfiles = new HashSet<>(state.revokedProfiles());
      revokedProfiles.remove(profile);
      clients.put(clientId, new ClientState(state.client(), state.revoked(), Set.copyOf(revokedProfiles)));
      publish(new Change.ProfileReinstated(clientId, profile));
      return true;
    }
  }

  /**
   * Revokes a client: every key of every profile, every certificate mapped to it, and (through
   * {@link #revoked(CallerContext)}) every other credential naming its client id. Final: the
   * client stays registered as revoked, and its id cannot be registered again.
   *
   * @param clientId the client's id
   * @return whether the client was active
   * @throws IllegalArgumentException if the client is unknown
   */
  public boolean revokeClient(String clientId) {
    synchronized (writeLock) {
      ClientState state = requireClient(clientId);
      if (state.revoked()) {
        return false;
      }
      clients.put(clientId, new ClientState(state.client(), true, state.revokedProfiles()));
      revokeKeysWhere(key -> key.clientId().equals(clientId));
      publish(new Change.ClientRevoked(clientId));
      return true;
    }
  }

  private void revokeKeysWhere(Predicate<IssuedKey> which) {
    List<StoredKey> doomed = new ArrayList<>();
    for (StoredKey key : keys.values()) {
      if (which.test(key.issued)) {
        doomed.add(key);
      }
    }
    doomed.sort(Comparator.comparing(key -> key.issued.keyId()));
    for (StoredKey key : doomed) {
      keys.remove(key.issued.keyId());
      revokedKeyIds.add(key.issued.keyId());
      publish(new Change.KeyRevoked(key.issued));
    }
  }

  /**
   * Whether a caller authenticated by any resolver has been revoked here since: its client is
   * revoked, its client's profile named by {@linkplain CallerContext#environment() environment}
   * is revoked, or (for {@code apiKey} callers) its key is no longer active. A JWT resolver calls
   * this after verifying a token, including one it took from its cache.
   *
   * <p>A caller whose client id this registry does not know is not revoked here: the registry
   * answers only for its own clients. Lock-free; a few map lookups.
   *
   * @param caller an authenticated caller
   * @return true if the caller must be refused
   */
  public boolean revoked(CallerContext caller) {
    String clientId = caller.clientId();
    if (clientId == null) {
      return false;
    }
    ClientState state = clients.get(clientId);
    if (state == null) {
      return false;
    }
    String environment = caller.environment();
    if (state.revoked() || environment != null && state.revokedProfiles().contains(environment)) {
      return true;
    }
    if ("apiKey".equals(caller.authMethod())) {
      String keyId = caller.tokenId();
      StoredKey key = keyId == null ? null : keys.get(keyId);
      return key == null || !key.issued.clientId().equals(clientId);
    }
    return false;
  }

  /**
   * A client that may authenticate for a profile: registered, not revoked, profile not revoked.
   *
   * @return the client, or null
   */
  @Nullable Client admitted(String clientId, String profile) {
    ClientState state = clients.get(clientId);
    return state != null && state.admits(profile) ? state.client() : null;
  }

  /** An active key by id, hash included; for the resolvers of this package. */
  @Nullable StoredKey storedKey(String keyId) {
    return keys.get(keyId);
  }

  /**
   * A registered client, revoked or not.
   *
   * @param clientId the client's id
   * @return the client, if registered
   */
  public Optional<Client> client(String clientId) {
    ClientState state = clients.get(clientId);
    return state == null ? Optional.empty() : Optional.of(state.client());
  }

  /**
   * Every registered client, revoked ones included.
   *
   * @return a snapshot, ordered by id
   */
  public List<Client> clients() {
    return clients.values().stream()
        .map(ClientState::client)
        .sorted(Comparator.comparing(Client::id))
        .toList();
  }

  /**
   * Whether a client is revoked.
   *
   * @param clientId the client's id
   * @return true if it is registered and revoked
   */
  public boolean isRevoked(String clientId) {
    ClientState state = clients.get(clientId);
    return state != null && state.revoked();
  }

  /**
   * The revoked profiles of a client.
   *
   * @param clientId the client's id
   * @return the profiles, empty for an unknown client
   */
  public Set<String> revokedProfiles(String clientId) {
    ClientState state = clients.get(clientId);
    return state == null ? Set.of() : state.revokedProfiles();
  }

  /**
   * A client's active keys: ids, profiles and dates, never the keys or their hashes.
   *
   * @param clientId the client's id
   * @return a snapshot, ordered by profile, then issue time, then id
   */
  public List<IssuedKey> keys(String clientId) {
    return keys.values().stream()
        .map(key -> key.issued)
        .filter(key -> key.clientId().equals(clientId))
        .sorted(Comparator.comparing(IssuedKey::profile)
            .thenComparing(IssuedKey::issuedAt)
            .thenComparing(IssuedKey::keyId))
        .toList();
  }

  /**
   * An active key's description.
   *
   * @param keyId the key's id
   * @return the description, if the key is active
   */
  public Optional<IssuedKey> key(String keyId) {
    StoredKey key = keys.get(keyId);
    return key == null ? Optional.empty() : Optional.of(key.issued);
  }

  /**
   * Runs a listener after every change, on the changing thread, in order. Use it to invalidate
   * caches that hold authenticated callers, or to persist the registry.
   *
   * @param listener the listener; must be fast and should not throw (what it throws is logged
   *     and does not undo the change)
   */
  public void onChange(Consumer<? super Change> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Stops running a listener.
   *
   * @param listener a listener passed to {@link #onChange(Consumer)}
   */
  public void removeOnChange(Consumer<? super Change> listener) {
    listeners.remove(listener);
  }

  private void publish(Change change) {
    for (Consumer<? super Change> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("a client registry listener failed on {}", change, e);
      }
    }
  }

  private ClientState requireClient(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    ClientState state = clients.get(clientId);
    if (state == null) {
      throw new IllegalArgumentException("no client " + clientId + " is registered");
    }
    return state;
  }

  private static void requireGenerated(String key) {
    Objects.requireNonNull(key, "key");
    if (!KeyFormat.isWellFormed(key)) {
      // Never echo the key: it may be a real credential pasted in the wrong place.
      throw new IllegalArgumentException("not a key made by ClientRegistry.generateKey(): keys "
          + "chosen by people are refused, since only a random 256-bit key may be kept as a "
          + "plain SHA-256 hash");
    }
  }

  /**
   * Counts only: never a key, a hash or a client's attributes.
   *
   * @return such as {@code ClientRegistry[clients=3, keys=5]}
   */
  @Override
  public String toString() {
    return "ClientRegistry[clients=" + clients.size() + ", keys=" + keys.size() + "]";
  }
}
