package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.control.store.ControlStore;
import dev.mcpgate.control.store.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store SPI's contract, which every {@link ControlStore} must honour (each implementation's
 * test extends this class): transactions are atomic, compare-and-set is exact, writers are
 * serialized so sequences follow commits.
 */
abstract class ControlStoreContract {

  ControlStore store;

  abstract ControlStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  static StoredObject object(String id, long revision, String body) {
    return new StoredObject(ObjectKind.CLIENT, id, null, revision, body, null);
  }

  static ChangeEvent change(String id) {
    return new ChangeEvent(0, Instant.parse("2026-12-07T00:00:00Z"), "t", Surface.API,
        ObjectKind.CLIENT, id, 0, 1, "created " + id);
  }

  @Test
  void anInsertOfAnExistingObjectWritesNothing() {
    assertThat(store.<Boolean>write(tx -> tx.insert(object("a", 1, "{\"v\":1}")))).isTrue();
    assertThat(store.<Boolean>write(tx -> tx.insert(object("a", 1, "{\"v\":2}")))).isFalse();
    assertThat(store.read(tx -> tx.find(ObjectKind.CLIENT, "a")).orElseThrow().body())
        .isEqualTo("{\"v\":1}");
  }

  @Test
  void replaceAndDeleteHappenOnlyAtTheExpectedRevision() {
    store.write(tx -> tx.insert(object("a", 1, "{}")));

    assertThat(store.<Boolean>write(tx -> tx.replace(object("a", 3, "{\"v\":3}"), 2))).isFalse();
    assertThat(store.<Boolean>write(tx -> tx.replace(object("a", 2, "{\"v\":2}"), 1))).isTrue();
    assertThat(store.<Boolean>write(tx -> tx.delete(ObjectKind.CLIENT, "a", 1))).isFalse();
    assertThat(store.<Boolean>write(tx -> tx.delete(ObjectKind.CLIENT, "a", 2))).isTrue();
    assertThat(store.<Optional<StoredObject>>read(tx -> tx.find(ObjectKind.CLIENT, "a"))).isEmpty();
  }

  @Test
  void aWriteThatThrowsLeavesNothingBehind() {
    assertThatThrownBy(() -> store.write(tx -> {
      tx.insert(object("a", 1, "{}"));
      tx.putBlob("00", new byte[] {1});
      tx.appendChange(change("a"));
      throw new IllegalStateException("abandon");
    })).hasMessage("abandon");

    assertThat(store.<Optional<StoredObject>>read(tx -> tx.find(ObjectKind.CLIENT, "a"))).isEmpty();
    assertThat(store.<Optional<byte[]>>read(tx -> tx.blob("00"))).isEmpty();
    assertThat(store.<Long>read(tx -> tx.sequence())).isZero();
  }

  @Test
  void aTransactionReadsItsOwnWritesAndListsByParentInIdOrder() {
    store.write(tx -> {
      tx.insert(new StoredObject(ObjectKind.PROFILE, "c/b", "c", 1, "{}", new byte[] {9}));
      tx.insert(new StoredObject(ObjectKind.PROFILE, "c/a", "c", 1, "{}", null));
      tx.insert(new StoredObject(ObjectKind.PROFILE, "d/a", "d", 1, "{}", null));
      assertThat(tx.list(ObjectKind.PROFILE, "c")).extracting(StoredObject::id)
          .containsExactly("c/a", "c/b");
      return null;
    });

    assertThat(store.<List<StoredObject>>read(tx -> tx.list(ObjectKind.PROFILE, null)))
        .extracting(StoredObject::id).containsExactly("c/a", "c/b", "d/a");
    assertThat(store.read(tx -> tx.find(ObjectKind.PROFILE, "c/b")).orElseThrow().secretHash())
        .containsExactly(9);
  }

  @Test
  void blobsAreKeptOnceByTheirHash() {
    store.write(tx -> {
      tx.putBlob("ab", new byte[] {1, 2});
      tx.putBlob("ab", new byte[] {1, 2});
      return null;
    });

    assertThat(store.read(tx -> tx.blob("ab")).orElseThrow()).containsExactly(1, 2);
  }

  @Test
  void changesTakeConsecutiveSequencesAndAreReadNewestFirst() {
    store.write(tx -> tx.appendChange(change("a")));
    ChangeEvent second = store.write(tx -> tx.appendChange(change("b")));

    assertThat(second.sequence()).isEqualTo(2);
    assertThat(store.<List<ChangeEvent>>read(tx -> tx.changes(ChangeQuery.latest(10))))
        .extracting(ChangeEvent::objectId).containsExactly("b", "a");
    ChangeQuery afterFirst = new ChangeQuery(null, null, null, null, null, 1, 10);
    assertThat(store.<List<ChangeEvent>>read(tx -> tx.changes(afterFirst)))
        .extracting(ChangeEvent::objectId).containsExactly("b");
  }

  @Test
  void aReadTransactionCannotWrite() {
    assertThatThrownBy(() -> store.read(tx -> tx.insert(object("a", 1, "{}"))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentWritersAreSerializedSoOnlyOneCompareAndSetWins() throws Exception {
    store.write(tx -> tx.insert(object("a", 1, "{}")));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int n = i;
        results.add(threads.submit(() -> {
          start.await();
          return store.write(tx -> {
            boolean won = tx.replace(object("a", 2, "{\"by\":" + n + "}"), 1);
            if (won) {
              tx.appendChange(change("a"));
            }
            return won;
          });
        }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> result : results) {
        winners += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(store.<Long>read(tx -> tx.sequence())).isEqualTo(1);
    } finally {
      threads.shutdownNow();
    }
  }
}
