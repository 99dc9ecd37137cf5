package dev.mcpgate.control.store;

import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.ObjectKind;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One transaction on a {@link ControlStore}: reads see its own writes; everything it wrote
 * commits together or not at all. Used by one thread, only within the work passed to {@link
 * ControlStore#write} or {@link ControlStore#read}; writing in a read transaction throws {@link
 * IllegalStateException}.
 */
public interface StoreTransaction {

  /**
   * Reads one object.
   *
   * @param kind its kind
   * @param id its id
   * @return the object, or empty
   */
  Optional<StoredObject> find(ObjectKind kind, String id);

  /**
   * Reads the objects of a kind, by id.
   *
   * @param kind the kind
   * @param parentId only those belonging to this object, or null for all
   * @return the objects, sorted by id
   */
  List<StoredObject> list(ObjectKind kind, @Nullable String parentId);

  /**
   * Adds an object.
   *
   * @param object the object, at revision 1
   * @return false when an object of that kind and id exists (nothing written)
   */
  boolean insert(StoredObject object);

  /**
   * Replaces an object if its stored revision is the one expected (compare and set).
   *
   * @param object the new state, whose revision is {@code expectedRevision + 1}
   * @param expectedRevision the revision it replaces
   * @return false when the stored revision differs or the object is gone (nothing written)
   */
  boolean replace(StoredObject object, long expectedRevision);

  /**
   * Deletes an object if its stored revision is the one expected.
   *
   * @param kind its kind
   * @param id its id
   * @param expectedRevision the revision it must have
   * @return false when the stored revision differs or it is gone
   */
  boolean delete(ObjectKind kind, String id, long expectedRevision);

  /**
   * Keeps bytes under their SHA-256; keeping the same bytes twice keeps them once.
   *
   * @param sha256 the lowercase hex SHA-256 of {@code content}
   * @param content the bytes
   */
  void putBlob(String sha256, byte[] content);

  /**
   * Reads bytes kept by {@link #putBlob}.
   *
   * @param sha256 their hash
   * @return the bytes, or empty
   */
  Optional<byte[]> blob(String sha256);

  /**
   * Appends a change event; it takes the next global sequence number, which is also the
   * store's new {@link #sequence()}.
   *
   * @param change the event (its sequence is ignored)
   * @return the event with its sequence
   */
  ChangeEvent appendChange(ChangeEvent change);

  /**
   * Reads change events.
   *
   * @param query which
   * @return the events, newest first
   */
  List<ChangeEvent> changes(ChangeQuery query);

  /**
   * The store's global revision: the sequence of the last change committed, 0 for none.
   *
   * @return the sequence
   */
  long sequence();
}
