package dev.mcpgate.core;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.internal.CatalogSnapshot;
import dev.mcpgate.core.internal.RegisteredTool;
import dev.mcpgate.core.internal.SchemaCompiler;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tools a gateway serves, in name order. Registering checks the definition (its schemas
 * must compile) and prepares what {@code tools/list} and {@code tools/call} need, so serving a
 * tool costs no parsing.
 *
 * <p>Thread-safe. Reads see an immutable snapshot; writes replace it, so a reader never sees a
 * half-applied change and a large catalog is best changed in one {@link #registerAll} call.
 * The catalog keeps its own copy of each definition (equal to the one registered), made for a
 * whole registration in name order: a listing reads the definitions in that order.
 */
public final class ToolCatalog {

  private final SchemaCompiler schemas;
  private volatile CatalogSnapshot snapshot = CatalogSnapshot.EMPTY;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  ToolCatalog(SchemaCompiler schemas) {
    this.schemas = schemas;
  }

  /**
   * Registers a tool, replacing one with the same name.
   *
   * @param definition the tool's definition
   * @param handler what runs it
   * @throws IllegalArgumentException if a schema is not valid JSON or not a valid JSON Schema
   */
  public void register(ToolDefinition definition, ToolHandler handler) {
    registerAll(Map.of(definition, handler));
  }

  /**
   * Registers several tools in one change.
   *
   * @param tools definitions and their handlers
   * @throws IllegalArgumentException if a schema is not valid; nothing is registered then
   */
  public void registerAll(Map<ToolDefinition, ToolHandler> tools) {
    List<RegisteredTool> prepared =
        tools.entrySet().stream()
            .map(entry -> RegisteredTool.prepare(entry.getKey(), entry.getValue(), schemas))
            .sorted(Comparator.comparing(RegisteredTool::name))
            .map(RegisteredTool::relocated)
            .toList();
    synchronized (this) {
      TreeMap<String, RegisteredTool> next = snapshot.toMap();
      prepared.forEach(tool -> next.put(tool.name(), tool));
      snapshot = CatalogSnapshot.of(next.values());
    }
    listeners.forEach(Runnable::run);
  }

  /** Tells listeners that what callers see changed without a registration, as a source did. */
  void changed() {
    listeners.forEach(Runnable::run);
  }

  /**
   * Removes tools by name; names not present are ignored.
   *
   * @param names the tools to remove
   * @return how many were removed
   */
  public int remove(Collection<String> names) {
    int removed;
    synchronized (this) {
      TreeMap<String, RegisteredTool> next = snapshot.toMap();
      removed = 0;
      for (String name : names) {
        removed += next.remove(name) != null ? 1 : 0;
      }
      if (removed > 0) {
        snapshot = CatalogSnapshot.of(next.values());
      }
    }
    if (removed > 0) {
      listeners.forEach(Runnable::run);
    }
    return removed;
  }

  /**
   * A tool's definition by name.
   *
   * @param name the tool's name
   * @return the definition, if registered
   */
  public Optional<ToolDefinition> find(String name) {
    RegisteredTool tool = snapshot.get(name);
    return tool == null ? Optional.empty() : Optional.of(tool.definition());
  }

  /**
   * How many tools are registered.
   *
   * @return the count
   */
  public int size() {
    return snapshot.size();
  }

  /**
   * Adds a listener run after every change, for {@code notifications/tools/list_changed}.
   * Listeners run on the thread that made the change and must be quick.
   *
   * @param listener the listener
   */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener added with {@link #onChange(Runnable)}, such as a transport's when it is
   * shut down.
   *
   * @param listener the listener
   * @return true if it was registered
   */
  public boolean removeOnChange(Runnable listener) {
    return listeners.remove(listener);
  }

  CatalogSnapshot snapshot() {
    return snapshot;
  }
}
