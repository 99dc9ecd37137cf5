package dev.mcpgate.servlet.internal;

import dev.mcpgate.core.McpSession;
import dev.mcpgate.core.Ticker;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The live sessions of one transport: issues ids, bounds their number, expires idle ones.
 * Thread-safe.
 */
final class SessionRegistry {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
  private final long idleNanos;
  private final int max;
  private final Ticker ticker;

  SessionRegistry(long idleNanos, int max, Ticker ticker) {
    this.idleNanos = idleNanos;
    this.max = max;
    this.ticker = ticker;
  }

  /** A new session id: 256 random bits, base64url, visible ASCII only. */
  static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether a session can be added, sweeping expired ones first if the registry is full. */
  boolean hasRoom() {
    if (sessions.size() < max) {
      return true;
    }
    sweep(ticker.read());
    return sessions.size() < max;
  }

  void add(SessionState state) {
    sessions.put(state.session.id(), state);
  }

  /** The live session with this id, or null if unknown, closed or expired (then removed). */
  @Nullable SessionState find(String id, long nowNanos) {
    SessionState state = sessions.get(id);
    if (state == null) {
      return null;
    }
    if (state.session.isClosed() || expired(state, nowNanos)) {
      remove(id);
      return null;
    }
    return state;
  }

  @Nullable SessionState remove(String id) {
    SessionState state = sessions.remove(id);
    if (state != null) {
      state.close();
    }
    return state;
  }

  void sweep(long nowNanos) {
    for (Iterator<SessionState> it = sessions.values().iterator(); it.hasNext(); ) {
      SessionState state = it.next();
      if (state.session.isClosed() || expired(state, nowNanos)) {
        it.remove();
        state.close();
      }
    }
  }

  void forEach(java.util.function.Consumer<SessionState> action) {
    sessions.values().forEach(action);
  }

  int size() {
    return sessions.size();
  }

  void closeAll() {
    sessions.values().forEach(SessionState::close);
    sessions.clear();
  }

  private boolean expired(SessionState state, long nowNanos) {
    McpSession session = state.session;
    return nowNanos - session.lastUsedNanos() > idleNanos;
  }
}
