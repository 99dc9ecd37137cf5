package dev.mcpgate.core.credentials;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.api.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Secrets that expire and are renewed on demand — access tokens, login sessions — cached per
 * binding id, caller reference and settings.
 *
 * <p>A cached secret is reused until {@code expirySkew} before it expires; one without an expiry
 * until it is invalidated. For one key at most one renewal runs at a time: concurrent callers wait
 * for it and share its outcome, the secret or the failure. A failure is not cached: the next caller
 * renews again.
 *
 * <p>Thread-safe. Waiting for a renewal blocks the calling thread.
 */
final class RenewableSecretCache {

  /** Obtains a new secret for a binding and caller. Called with the key's lock held. */
  @FunctionalInterface
  interface Renewal {
    CredentialResolution renew(CredentialBinding binding, CallerContext caller);
  }

  private final Clock clock;
  private final Duration expirySkew;
  private final Renewal renewal;
  private final ConcurrentMap<Key, Slot> slots = new ConcurrentHashMap<>();

  /**
   * A cache that renews with {@code renewal}.
   *
   * @throws IllegalArgumentException if {@code expirySkew} is negative
   */
  RenewableSecretCache(Clock clock, Duration expirySkew, Renewal renewal) {
    if (expirySkew.isNegative()) {
      throw new IllegalArgumentException("expirySkew must not be negative, was " + expirySkew);
    }
    this.clock = clock;
    this.expirySkew = expirySkew;
    this.renewal = renewal;
  }

  /**
   * The cached secret if it is fresh, else the outcome of a renewal: this caller's own, or one that
   * failed while this caller waited for it.
   *
   * @throws InterruptedException if interrupted while waiting for another caller's renewal
   */
  CredentialResolution resolve(CredentialBinding binding, CallerContext caller)
      throws InterruptedException {
    Slot slot = slots.computeIfAbsent(Key.of(binding, caller), key -> new Slot());
    Secret cached = slot.secret;
    if (fresh(cached)) {
      return CredentialResolution.resolved(cached);
    }
    long seen = slot.renewals;
    slot.lock.lockInterruptibly();
    try {
      cached = slot.secret;
      if (fresh(cached)) {
        return CredentialResolution.resolved(cached);
      }
      CredentialResolution failure = slot.failure;
      if (slot.renewals != seen && failure != null) {
        // A renewal failed while this caller waited for it: share its outcome rather than renew
        // once more per waiting caller, against an endpoint that is failing (or an account that
        // locks after too many failed logins).
        return failure;
      }
      CredentialResolution renewed = renewal.renew(binding, caller);
      if (renewed instanceof CredentialResolution.Resolved resolved) {
        slot.secret = resolved.secret();
        slot.failure = null;
      } else {
        slot.failure = renewed;
      }
      slot.renewals = slot.renewals + 1;
      return renewed;
    } finally {
      slot.lock.unlock();
    }
  }

  /** Forgets the cached secret of a binding for a caller, whatever it is. */
  void invalidate(CredentialBinding binding, CallerContext caller) {
    Slot slot = slots.get(Key.of(binding, caller));
    if (slot != null) {
      slot.secret = null;
    }
  }

  /** Forgets the cached secret of a binding for a caller only if it is still {@code rejected}. */
  void invalidate(CredentialBinding binding, CallerContext caller, Secret rejected) {
    Slot slot = slots.get(Key.of(binding, caller));
    if (slot != null) {
      slot.lock.lock();
      try {
        if (rejected.equals(slot.secret)) {
          slot.secret = null;
        }
      } finally {
        slot.lock.unlock();
      }
    }
  }

  /** How many keys the cache holds a slot for. */
  int size() {
    return slots.size();
  }

  private boolean fresh(@Nullable Secret secret) {
    if (secret == null) {
      return false;
    }
    Instant expiresAt = secret.expiresAt();
    return expiresAt == null || clock.instant().plus(expirySkew).isBefore(expiresAt);
  }

  /** What a secret is cached for: the binding, the caller's reference and the settings. */
  private record Key(String bindingId, String ref, Map<String, String> settings) {
    static Key of(CredentialBinding binding, CallerContext caller) {
      return new Key(binding.id(), binding.secretRefFor(caller), binding.settings());
    }
  }

  /**
   * One key's cached secret and the lock that lets one renewal run at a time. {@code renewals}
   * counts completed renewals, so a caller that waited can tell one finished; {@code failure} is
   * the outcome of the last one if it failed. Both are written under the lock.
   */
  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    volatile @Nullable Secret secret;
    volatile long renewals;
    volatile @Nullable CredentialResolution failure;
  }
}
