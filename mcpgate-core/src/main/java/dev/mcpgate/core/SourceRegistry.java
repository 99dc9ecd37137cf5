package dev.mcpgate.core;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The sources a gateway knows and their approval and selection state, read by the first two
 * runtime gates on every request.
 *
 * <p>Thread-safe. A change is visible to the next request, and listeners registered with
 * {@link #onChange(Runnable)} run after it (the transport uses this to tell clients that the
 * tool list changed).
 */
public final class SourceRegistry {

  private final Map<String, Source> sources = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  SourceRegistry() {}

  /**
   * Adds a source or replaces the one with the same id.
   *
   * @param source the source
   */
  public void put(Source source) {
    Objects.requireNonNull(source, "source");
    sources.put(source.id(), source);
    listeners.forEach(Runnable::run);
  }

  /**
   * Removes a source; its tools stop being served.
   *
   * @param id the source's id
   * @return whether it was present
   */
  public boolean remove(String id) {
    boolean removed = sources.remove(id) != null;
    if (removed) {
      listeners.forEach(Runnable::run);
    }
    return removed;
  }

  /**
   * A source by id.
   *
   * @param id the source's id
   * @return the source, if known
   */
  public Optional<Source> find(String id) {
    return Optional.ofNullable(sources.get(id));
  }

  /** A source by id, or null: for the engine's hot paths, without an Optional. */
  @Nullable Source get(String id) {
    return sources.get(id);
  }

  /**
   * Every known source.
   *
   * @return a snapshot, in no particular order
   */
  public Collection<Source> all() {
    return List.copyOf(sources.values());
  }

  /**
   * Runs a listener after every change.
   *
   * @param listener the listener; must be fast and must not throw
   */
  public void onChange(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Stops running a listener.
   *
   * @param listener a listener passed to {@link #onChange(Runnable)}
   */
  public void removeOnChange(Runnable listener) {
    listeners.remove(listener);
  }
}
