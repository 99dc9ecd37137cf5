package dev.mcpgate.admin.ui.internal;

import dev.mcpgate.control.Actor;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** One operator's login: who, the CSRF token of its forms, when it started and was last used. */
final class Session {

  final String id;
  final Actor actor;
  final String csrf;
  final Instant created;
  private final AtomicReference<Instant> lastSeen;
  private final AtomicReference<@Nullable String> flash = new AtomicReference<>();

  Session(String id, Actor actor, String csrf, Instant created) {
    this.id = id;
    this.actor = actor;
    this.csrf = csrf;
    this.created = created;
    this.lastSeen = new AtomicReference<>(created);
  }

  Instant lastSeen() {
    return lastSeen.get();
  }

  void seen(Instant at) {
    lastSeen.set(at);
  }

  /** Leaves a message for the next page this session sees. */
  void flash(String message) {
    flash.set(message);
  }

  /** The message left for this page, once. */
  @Nullable String takeFlash() {
    return flash.getAndSet(null);
  }
}
