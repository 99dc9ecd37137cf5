package dev.mcpgate.core.internal.features;

import dev.mcpgate.core.completion.Completer;
import dev.mcpgate.core.prompts.Prompt;
import dev.mcpgate.core.prompts.PromptCatalog;
import dev.mcpgate.core.prompts.PromptHandler;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's {@link PromptCatalog}: prompts by name in an immutable sorted snapshot that
 * writes replace. Thread-safe.
 */
public final class PromptRegistry implements PromptCatalog {

  /** A prompt, its handler and its completer, if any. */
  record Entry(Prompt prompt, PromptHandler handler, @Nullable Completer completer) {}

  private volatile NavigableMap<String, Entry> prompts = Collections.emptyNavigableMap();
  private final ChangeListeners listeners;

  /**
   * An empty registry.
   *
   * @param listeners who hears of changes
   */
  public PromptRegistry(ChangeListeners listeners) {
    this.listeners = listeners;
  }

  @Override
  public void register(Prompt prompt, PromptHandler handler) {
    put(new Entry(Objects.requireNonNull(prompt, "prompt"),
        Objects.requireNonNull(handler, "handler"), null));
  }

  @Override
  public void register(Prompt prompt, PromptHandler handler, Completer completer) {
    put(new Entry(Objects.requireNonNull(prompt, "prompt"),
        Objects.requireNonNull(handler, "handler"),
        Objects.requireNonNull(completer, "completer")));
  }

  private void put(Entry entry) {
    synchronized (this) {
      TreeMap<String, Entry> next = new TreeMap<>(prompts);
      next.put(entry.prompt().name(), entry);
      prompts = Collections.unmodifiableNavigableMap(next);
    }
    listeners.listChanged();
  }

  @Override
  public boolean remove(String name) {
    synchronized (this) {
      if (!prompts.containsKey(name)) {
        return false;
      }
      TreeMap<String, Entry> next = new TreeMap<>(prompts);
      next.remove(name);
      prompts = Collections.unmodifiableNavigableMap(next);
    }
    listeners.listChanged();
    return true;
  }

  @Override
  public Optional<Prompt> find(String name) {
    Entry entry = prompts.get(name);
    return entry == null ? Optional.empty() : Optional.of(entry.prompt());
  }

  @Override
  public boolean isEmpty() {
    return prompts.isEmpty();
  }

  /**
   * Whether any prompt has a completer.
   *
   * @return true if one does
   */
  public boolean hasCompleter() {
    return prompts.values().stream().anyMatch(entry -> entry.completer() != null);
  }

  NavigableMap<String, Entry> prompts() {
    return prompts;
  }
}
