package dev.mcpgate.core.internal.features;

import dev.mcpgate.core.completion.Completer;
import dev.mcpgate.core.resources.Resource;
import dev.mcpgate.core.resources.ResourceCatalog;
import dev.mcpgate.core.resources.ResourceReader;
import dev.mcpgate.core.resources.ResourceTemplate;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's {@link ResourceCatalog}: resources by URI and templates by their text, each in
 * an immutable sorted snapshot that writes replace. Thread-safe.
 */
public final class ResourceRegistry implements ResourceCatalog {

  /** A resource and its reader. */
  record Entry(Resource resource, ResourceReader reader) {}

  /** A template, its reader and its completer, if any. */
  record TemplateEntry(ResourceTemplate template, ResourceReader reader,
      @Nullable Completer completer) {}

  private volatile NavigableMap<String, Entry> resources = Collections.emptyNavigableMap();
  private volatile NavigableMap<String, TemplateEntry> templates =
      Collections.emptyNavigableMap();
  private final ChangeListeners listeners;

  /**
   * An empty registry.
   *
   * @param listeners who hears of changes
   */
  public ResourceRegistry(ChangeListeners listeners) {
    this.listeners = listeners;
  }

  @Override
  public void register(Resource resource, ResourceReader reader) {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(reader, "reader");
    synchronized (this) {
      TreeMap<String, Entry> next = new TreeMap<>(resources);
      next.put(resource.uri(), new Entry(resource, reader));
      resources = Collections.unmodifiableNavigableMap(next);
    }
    listeners.listChanged();
  }

  @Override
  public void register(ResourceTemplate template, ResourceReader reader) {
    put(new TemplateEntry(template, Objects.requireNonNull(reader, "reader"), null));
  }

  @Override
  public void register(ResourceTemplate template, ResourceReader reader, Completer completer) {
    put(new TemplateEntry(template, Objects.requireNonNull(reader, "reader"),
        Objects.requireNonNull(completer, "completer")));
  }

  private void put(TemplateEntry entry) {
    Objects.requireNonNull(entry.template(), "template");
    synchronized (this) {
      TreeMap<String, TemplateEntry> next = new TreeMap<>(templates);
      next.put(entry.template().uriTemplate().toString(), entry);
      templates = Collections.unmodifiableNavigableMap(next);
    }
    listeners.listChanged();
  }

  @Override
  public boolean remove(String uriOrTemplate) {
    boolean removed = false;
    synchronized (this) {
      if (resources.containsKey(uriOrTemplate)) {
        TreeMap<String, Entry> next = new TreeMap<>(resources);
        next.remove(uriOrTemplate);
        resources = Collections.unmodifiableNavigableMap(next);
        removed = true;
      }
      if (templates.containsKey(uriOrTemplate)) {
        TreeMap<String, TemplateEntry> next = new TreeMap<>(templates);
        next.remove(uriOrTemplate);
        templates = Collections.unmodifiableNavigableMap(next);
        removed = true;
      }
    }
    if (removed) {
      listeners.listChanged();
    }
    return removed;
  }

  @Override
  public Optional<Resource> find(String uri) {
    Entry entry = resources.get(uri);
    return entry == null ? Optional.empty() : Optional.of(entry.resource());
  }

  @Override
  public boolean isEmpty() {
    return resources.isEmpty() && templates.isEmpty();
  }

  @Override
  public void updated(String uri) {
    listeners.updated(Objects.requireNonNull(uri, "uri"));
  }

  /**
   * Whether any template has a completer.
   *
   * @return true if one does
   */
  public boolean hasCompleter() {
    return templates.values().stream().anyMatch(entry -> entry.completer() != null);
  }

  NavigableMap<String, Entry> resources() {
    return resources;
  }

  NavigableMap<String, TemplateEntry> templates() {
    return templates;
  }
}
