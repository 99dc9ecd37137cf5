package dev.mcpgate.core.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable view of a catalog: tools sorted by name (for cursors that stay valid when other
 * tools come and go) and indexed by name (for calls).
 */
public final class CatalogSnapshot {

  /** The empty catalog. */
  public static final CatalogSnapshot EMPTY = new CatalogSnapshot(new RegisteredTool[0]);

  private final RegisteredTool[] sorted;
  private final String[] names;
  private final Map<String, RegisteredTool> byName;

  private CatalogSnapshot(RegisteredTool[] sorted) {
    this.sorted = sorted;
    this.names = new String[sorted.length];
    this.byName = new HashMap<>(sorted.length * 2);
    for (int i = 0; i < sorted.length; i++) {
      names[i] = sorted[i].name();
      byName.put(names[i], sorted[i]);
    }
  }

  /**
   * A snapshot of the given tools, which must be in name order with unique names.
   *
   * @param tools the tools in name order
   * @return the snapshot
   */
  public static CatalogSnapshot of(Collection<RegisteredTool> tools) {
    return new CatalogSnapshot(tools.toArray(RegisteredTool[]::new));
  }

  /**
   * The tools as a mutable sorted map, to build the next snapshot from.
   *
   * @return a new map
   */
  public TreeMap<String, RegisteredTool> toMap() {
    TreeMap<String, RegisteredTool> map = new TreeMap<>();
    for (RegisteredTool tool : sorted) {
      map.put(tool.name(), tool);
    }
    return map;
  }

  /**
   * A tool by name.
   *
   * @param name the name
   * @return the tool, or null
   */
  public @Nullable RegisteredTool get(String name) {
    return byName.get(name);
  }

  /**
   * The number of tools.
   *
   * @return the count
   */
  public int size() {
    return sorted.length;
  }

  /**
   * The tool at a position in name order.
   *
   * @param index the position
   * @return the tool
   */
  public RegisteredTool at(int index) {
    return sorted[index];
  }

  /**
   * The position of the first tool whose name sorts after {@code name}.
   *
   * @param name a tool name, present or not
   * @return the position, possibly {@link #size()}
   */
  public int indexAfter(String name) {
    int found = Arrays.binarySearch(names, name);
    return found >= 0 ? found + 1 : -found - 1;
  }
}
