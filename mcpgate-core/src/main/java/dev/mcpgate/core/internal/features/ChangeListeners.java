package dev.mcpgate.core.internal.features;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who hears of a registry's changes: list changes (no argument) and updates of one resource (its
 * URI). Listeners run on the changing thread and must be quick. Thread-safe.
 */
public final class ChangeListeners {

  private final List<Runnable> listChanged = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> updated = new CopyOnWriteArrayList<>();

  /**
   * Adds a listener for list changes.
   *
   * @param listener the listener
   */
  public void onListChanged(Runnable listener) {
    listChanged.add(listener);
  }

  /**
   * Adds a listener for updates of a resource.
   *
   * @param listener gets the resource's URI
   */
  public void onUpdated(Consumer<String> listener) {
    updated.add(listener);
  }

  void listChanged() {
    listChanged.forEach(Runnable::run);
  }

  void updated(String uri) {
    updated.forEach(listener -> listener.accept(uri));
  }
}
