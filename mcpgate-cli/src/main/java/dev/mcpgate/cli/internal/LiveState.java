package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuditSink;
import dev.mcpgate.api.BucketStore;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyEngine;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.core.identity.Client;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.core.limits.BucketStores;
import dev.mcpgate.core.limits.RateLimiter;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a store-backed gateway that follow the store's snapshots: the client registry
 * (the file registers its clients, with their attributes and revocations, at start; every key,
 * the file's mirrored ones included, comes from the snapshot: new keys added by hash, and the
 * keys and clients the store no longer lists revoked, so a revocation reaches API keys and JWTs
 * alike) and the policy (the store's rules, every file rule included, then the file's default,
 * with the file's dry-run setting; swapped whole through one volatile field) and the store's rate
 * limits, the file's {@code limits.rate} included ({@link StoreLimits}, swapped the same way).
 * Requests read
 * only these in-memory structures, never the store. {@link #apply} and
 * {@link #reload} run on one thread at a time; the rest is thread-safe.
 */
final class LiveState {

  private static final Logger LOG = LoggerFactory.getLogger(LiveState.class);

  /** The file's policy: its default and dry-run setting apply; its rules come from the store. */
  private ServeConfig.PolicyConfig filePolicy;
  private final ClientRegistry registry = new ClientRegistry();
  /** The file's clients: the file registered them at start, the snapshot adds their keys. */
  private Set<String> fileClients;
  private volatile PolicyEngine policy;
  private List<PolicyRule> storeRules = List.of();
  /** The store's clients applied, with the ids of their keys applied. */
  private Map<String, Set<String>> applied = Map.of();

  /** The store's rate limits, swapped whole when a snapshot changes them. */
  private volatile StoreLimits limits;
  /** The buckets of the store's limits, shared by the successive {@link StoreLimits}. */
  private final BucketStore buckets = BucketStores.inMemory();

  /** The store's audit log: the data plane's events go there too, for the admin surfaces. */
  private final AuditSink storeAudit;

  LiveState(ServeConfig.PolicyConfig filePolicy, Set<String> fileClients,
      AuditSink storeAudit) {
    this.filePolicy = Objects.requireNonNull(filePolicy, "filePolicy");
    this.fileClients = Set.copyOf(fileClients);
    this.storeAudit = Objects.requireNonNull(storeAudit, "storeAudit");
    this.policy = engine(List.of());
    this.limits = new StoreLimits(List.of(), buckets);
  }

  /**
   * Takes a re-read file's policy and clients (SIGHUP); the next {@link #apply} serves them.
   *
   * @param filePolicy the file's {@code policy} section
   * @param fileClients the ids of its clients
   */
  void reload(ServeConfig.PolicyConfig filePolicy, Set<String> fileClients) {
    this.filePolicy = Objects.requireNonNull(filePolicy, "filePolicy");
    this.fileClients = Set.copyOf(fileClients);
    this.policy = engine(storeRules);
  }

  /** Where the data plane's audit events are stored (a bounded, non-blocking writer). */
  AuditSink storeAudit() {
    return storeAudit;
  }

  /** The registry the gateway authenticates API keys (and checks JWT revocation) with. */
  ClientRegistry registry() {
    return registry;
  }

  /** Decides with the store's rules and the file's default, as of the last snapshot applied. */
  PolicyEngine policy() {
    return new PolicyEngine() {
      @Override
      public PolicyDecision decide(PolicyRequest request) {
        return policy.decide(request);
      }
    };
  }

  /**
   * The limiter the gateway asks on every {@code tools/call}: the store's limits (the file's
   * {@code limits.rate} among them) as of the last snapshot applied.
   *
   * @return the limiter
   */
  RateLimiter rateLimiter() {
    return (caller, tool) -> limits.acquire(caller, tool);
  }

  /**
   * Brings the registry and the rules to a snapshot: revocations first, then additions.
   *
   * @param snapshot the snapshot
   * @return whether the rules changed (what callers may see may have changed)
   */
  boolean apply(ControlSnapshot snapshot) {
    Map<String, ControlSnapshot.SnapshotClient> clients = new HashMap<>();
    snapshot.clients().forEach(client -> clients.put(client.id(), client));
    Map<String, Set<String>> next = new HashMap<>();
    // Revoke what the store no longer lists: a revoked key, profile (its keys) or client.
    applied.forEach((clientId, keyIds) -> {
      ControlSnapshot.SnapshotClient client = clients.get(clientId);
      if (client == null) {
        registry.revokeClient(clientId);
        return;
      }
      Set<String> live = new HashSet<>();
      client.keys().forEach(key -> live.add(key.keyId()));
      keyIds.stream().filter(keyId -> !live.contains(keyId)).forEach(registry::revokeKey);
    });
    for (ControlSnapshot.SnapshotClient client : snapshot.clients()) {
      Set<String> known = applied.get(client.id());
      if (known == null && fileClients.contains(client.id())
          && registry.client(client.id()).isPresent()) {
        known = Set.of(); // registered by the file at start, with its attributes
      }
      if (known == null) {
        if (registry.client(client.id()).isPresent()) {
          LOG.warn("store client {} not served: the file (or an earlier store client) has that"
              + " id", client.id());
          continue;
        }
        registry.registerClient(Client.builder(client.id())
            .displayName(client.displayName())
            .tenant(client.tenant())
            .scopes(client.scopes().toArray(String[]::new))
            .build());
        known = Set.of();
      }
      Set<String> keyIds = new HashSet<>();
      for (ControlSnapshot.SnapshotKey key : client.keys()) {
        keyIds.add(key.keyId());
        if (!known.contains(key.keyId())) {
          try {
            registry.addKeyHash(client.id(), key.profile(), key.keyId(), key.sha256());
          } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.warn("store key {} of client {} not served: {}", key.keyId(), client.id(),
                e.getMessage());
          }
        }
      }
      next.put(client.id(), keyIds);
    }
    applied = next;
    if (!snapshot.limits().equals(limits.definitions())) {
      limits = new StoreLimits(snapshot.limits(), buckets);
      LOG.info("store rate limits applied: {}", snapshot.limits().size());
    }
    boolean rulesChanged = !snapshot.rules().equals(storeRules);
    if (rulesChanged) {
      storeRules = snapshot.rules();
      policy = engine(snapshot.rules());
    }
    return rulesChanged;
  }

  private PolicyEngine engine(List<PolicyRule> fromStore) {
    RulePolicyEngine.Builder engine = RulePolicyEngine.builder().dryRun(filePolicy.dryRun());
    rules(filePolicy, fromStore).forEach(engine::rule);
    return engine.build();
  }

  /**
   * The rules the data plane applies now, in order: the store's (every file rule among them),
   * then the file's default. The admin UI explains visibility with the same list.
   *
   * @param fromStore the store's rules
   * @return the rules
   */
  List<PolicyRule> effectiveRules(List<PolicyRule> fromStore) {
    return rules(filePolicy, fromStore);
  }

  /** The rules the data plane applies: the store's, then the file's default. */
  static List<PolicyRule> rules(ServeConfig.PolicyConfig filePolicy,
      List<PolicyRule> fromStore) {
    List<PolicyRule> rules = new java.util.ArrayList<>(fromStore);
    if (filePolicy.defaultAllow()) {
      rules.add(PolicyRule.allow(ServeConfig.DEFAULT_ALLOW_RULE)
          .description("policy.default: allow").build());
    }
    return rules;
  }
}
