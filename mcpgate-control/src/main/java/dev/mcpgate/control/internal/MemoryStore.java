package dev.mcpgate.control.internal;

import dev.mcpgate.api.AuditEvent;
import dev.mcpgate.control.AuditQuery;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.ObjectKind;
import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.control.store.StoreTransaction;
import dev.mcpgate.control.store.StoredObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A store in memory. One lock serializes transactions; a write transaction stages its writes
 * and applies them when its work returns, so a failing one leaves nothing behind.
 */
public final class MemoryStore implements ControlStore {

  private record Key(ObjectKind kind, String id) {}

  private final Object lock = new Object();
  private final TreeMap<String, StoredObject> objects = new TreeMap<>();
  private final Map<String, byte[]> blobs = new HashMap<>();
  private final List<ChangeEvent> changes = new ArrayList<>();
  private final List<AuditEvent> audit = new ArrayList<>();
  private boolean closed;

  /** Creates an empty store. */
  public MemoryStore() {}

  private static String key(ObjectKind kind, String id) {
    return kind.name() + "\u0000" + id;
  }

  @Override
  public <R> R write(Function<StoreTransaction, R> work) {
    synchronized (lock) {
      checkOpen();
      Staged tx = new Staged(true);
      R result = work.apply(tx);
      tx.commit();
      return result;
    }
  }

  @Override
  public <R> R read(Function<StoreTransaction, R> work) {
    synchronized (lock) {
      checkOpen();
      return work.apply(new Staged(false));
    }
  }

  @Override
  public void appendAudit(List<AuditEvent> events) {
    synchronized (lock) {
      checkOpen();
      audit.addAll(events);
    }
  }

  @Override
  public List<AuditEvent> audit(AuditQuery query) {
    synchronized (lock) {
      checkOpen();
      List<AuditEvent> found = new ArrayList<>();
      for (int i = audit.size() - 1; i >= 0 && found.size() < query.limit(); i--) {
        AuditEvent event = audit.get(i);
        if (AuditMatch.matches(query, event)) {
          found.add(event);
        }
      }
      return found;
    }
  }

  @Override
  public long pruneAudit(Instant before, long keep) {
    synchronized (lock) {
      checkOpen();
      int size = audit.size();
      audit.removeIf(event -> event.time().isBefore(before));
      if (audit.size() > keep) {
        audit.subList(0, (int) (audit.size() - keep)).clear();
      }
      return size - audit.size();
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
  }

  /** A transaction: reads see the staged writes first. */
  private final class Staged implements StoreTransaction {
    private final boolean writable;
    private final Map<Key, Optional<StoredObject>> staged = new HashMap<>();
    private final Map<String, byte[]> stagedBlobs = new HashMap<>();
    private final List<ChangeEvent> stagedChanges = new ArrayList<>();

    Staged(boolean writable) {
      this.writable = writable;
    }

    @Override
    public Optional<StoredObject> find(ObjectKind kind, String id) {
      Optional<StoredObject> written = staged.get(new Key(kind, id));
      return written != null ? written : Optional.ofNullable(objects.get(key(kind, id)));
    }

    @Override
    public List<StoredObject> list(ObjectKind kind, @Nullable String parentId) {
      TreeMap<String, StoredObject> found = new TreeMap<>();
      objects.subMap(kind.name() + "\u0000", kind.name() + "\u0001").values()
          .forEach(object -> found.put(object.id(), object));
      staged.forEach((key, object) -> {
        if (key.kind() == kind) {
          if (object.isPresent()) {
            found.put(key.id(), object.get());
          } else {
            found.remove(key.id());
          }
        }
      });
      return found.values().stream()
          .filter(object -> parentId == null || parentId.equals(object.parentId()))
          .toList();
    }

    @Override
    public boolean insert(StoredObject object) {
      checkWritable();
      if (find(object.kind(), object.id()).isPresent()) {
        return false;
      }
      staged.put(new Key(object.kind(), object.id()), Optional.of(object));
      return true;
    }

    @Override
    public boolean replace(StoredObject object, long expectedRevision) {
      checkWritable();
      Optional<StoredObject> current = find(object.kind(), object.id());
      if (current.isEmpty() || current.get().revision() != expectedRevision) {
        return false;
      }
      staged.put(new Key(object.kind(), object.id()), Optional.of(object));
      return true;
    }

    @Override
    public boolean delete(ObjectKind kind, String id, long expectedRevision) {
      checkWritable();
      Optional<StoredObject> current = find(kind, id);
      if (current.isEmpty() || current.get().revision() != expectedRevision) {
        return false;
      }
      staged.put(new Key(kind, id), Optional.empty());
      return true;
    }

    @Override
    public void putBlob(String sha256, byte[] content) {
      checkWritable();
      stagedBlobs.put(sha256, content.clone());
    }

    @Override
    public Optional<byte[]> blob(String sha256) {
      byte[] content = stagedBlobs.getOrDefault(sha256, blobs.get(sha256));
      return Optional.ofNullable(content).map(byte[]::clone);
    }

    @Override
    public ChangeEvent appendChange(ChangeEvent change) {
      checkWritable();
      ChangeEvent numbered = change.withSequence(sequence() + 1);
      stagedChanges.add(numbered);
      return numbered;
    }

    @Override
    public List<ChangeEvent> changes(ChangeQuery query) {
      List<ChangeEvent> all = new ArrayList<>(changes);
      all.addAll(stagedChanges);
      List<ChangeEvent> found = new ArrayList<>();
      for (int i = all.size() - 1; i >= 0 && found.size() < query.limit(); i--) {
        ChangeEvent change = all.get(i);
        if (ChangeMatch.matches(query, change)) {
          found.add(change);
        }
      }
      return found;
    }

    @Override
    public long sequence() {
      return changes.size() + stagedChanges.size();
    }

    void commit() {
      staged.forEach((key, object) -> {
        if (object.isPresent()) {
          objects.put(key(key.kind(), key.id()), object.get());
        } else {
          objects.remove(key(key.kind(), key.id()));
        }
      });
      blobs.putAll(stagedBlobs);
      changes.addAll(stagedChanges);
    }

    private void checkWritable() {
      if (!writable) {
        throw new IllegalStateException("a read transaction cannot write");
      }
    }
  }

  /** Matches change events against a query, as the SQL stores do. */
  static final class ChangeMatch {
    private ChangeMatch() {}

    static boolean matches(ChangeQuery query, ChangeEvent change) {
      return change.sequence() > query.afterSequence()
          && (query.from() == null || !change.time().isBefore(query.from()))
          && (query.to() == null || change.time().isBefore(query.to()))
          && (query.kind() == null || query.kind() == change.kind())
          && (query.objectId() == null || query.objectId().equals(change.objectId()))
          && (query.actor() == null || query.actor().equals(change.actor()));
    }
  }

  /** Matches audit events against a query, as the SQL stores do. */
  static final class AuditMatch {
    private AuditMatch() {}

    static boolean matches(AuditQuery query, AuditEvent event) {
      return (query.from() == null || !event.time().isBefore(query.from()))
          && (query.to() == null || event.time().isBefore(query.to()))
          && (query.clientId() == null
              || Objects.equals(query.clientId(), event.caller().clientId()))
          && (query.tool() == null || Objects.equals(query.tool(), event.tool()))
          && (query.outcome() == null || Objects.equals(query.outcome(), event.outcome().jsonName()))
          && (query.source() == null || Objects.equals(query.source(), event.source()));
    }
  }
}
