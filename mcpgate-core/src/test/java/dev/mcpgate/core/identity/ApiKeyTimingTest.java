package dev.mcpgate.core.identity;

import static dev.mcpgate.testkit.TestRequest.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The time a wrong key takes does not tell where it is wrong: no early exit on the secret.
 * Measured (interleaved batches, medians compared) and checked structurally (one {@link
 * MessageDigest#isEqual} of two 32-byte digests on every path).
 */
class ApiKeyTimingTest {

  private static final int BATCH = 64;
  private static final int ROUNDS = 400;
  /** Generous: a 2-core machine shared with other builds; the true difference is zero. */
  private static final double THRESHOLD = 0.25;

  private static ClientRegistry registryWith(String key) {
    ClientRegistry registry = new ClientRegistry();
    registry.registerClient(Client.builder("billing-service").build());
    registry.addKey("billing-service", "production", key);
    return registry;
  }

  @Test
  void aWrongFirstByteAndAWrongLastByteTakeTheSameTime() {
    String key = ClientRegistry.generateKey();
    ApiKeyIdentityResolver resolver = ApiKeyIdentityResolver.of(registryWith(key));
    InboundRequest wrongFirst = bearer(TimingKeys.wrongFirst(key));
    InboundRequest wrongLast = bearer(TimingKeys.wrongLast(key));
    assertThat(resolver.resolve(wrongFirst)).isInstanceOf(IdentityResult.Rejected.class);
    assertThat(resolver.resolve(wrongLast)).isInstanceOf(IdentityResult.Rejected.class);

    double[] medians = medianNanosPerCall(resolver, wrongFirst, wrongLast);
    double difference = relativeDifference(medians[0], medians[1]);
    System.out.printf("wrong first byte %.0f ns, wrong last byte %.0f ns, difference %.1f%%%n",
        medians[0], medians[1], difference * 100);

    assertThat(difference)
        .as("wrong first %.0f ns vs wrong last %.0f ns", medians[0], medians[1])
        .isLessThan(THRESHOLD);
  }

  @Test
  void theMeasurementSeesADifferenceWhereThereIsOne() {
    // The same harness, between a key rejected before hashing (wrong length) and one rejected
    // after: if it cannot see this, a pass of the test above would mean nothing.
    String key = ClientRegistry.generateKey();
    ApiKeyIdentityResolver resolver = ApiKeyIdentityResolver.of(registryWith(key));

    double[] medians = medianNanosPerCall(
        resolver, bearer(key.substring(0, key.length() - 1)), bearer(TimingKeys.wrongLast(key)));

    assertThat(relativeDifference(medians[0], medians[1])).isGreaterThan(THRESHOLD);
  }

  @Test
  void everyPathComparesTwo32ByteDigestsWithMessageDigestIsEqualOnce() throws IOException {
    String key = ClientRegistry.generateKey();
    List<int[]> comparisons = new ArrayList<>();
    ApiKeyIdentityResolver resolver = ApiKeyIdentityResolver.builder(registryWith(key))
        .build((stored, presented) -> {
          comparisons.add(new int[] {stored.length, presented.length});
          return MessageDigest.isEqual(stored, presented);
        });

    for (String presented : List.of(key, TimingKeys.wrongFirst(key), TimingKeys.wrongLast(key),
        ClientRegistry.generateKey())) {
      comparisons.clear();
      resolver.resolve(bearer(presented));
      assertThat(comparisons).as("comparisons").hasSize(1);
      assertThat(comparisons.get(0)).containsExactly(32, 32);
    }

    String source = Files.readString(
        Path.of("src/main/java/dev/mcpgate/core/identity/ApiKeyIdentityResolver.java"));
    assertThat(source)
        .contains("return build(MessageDigest::isEqual);")
        .doesNotContain("Arrays.equals")
        .doesNotContain("key.equals(");
  }

  /** Medians of per-call time over interleaved batches, the order alternating per round. */
  private static double[] medianNanosPerCall(
      ApiKeyIdentityResolver resolver, InboundRequest a, InboundRequest b) {
    for (int i = 0; i < 10_000; i++) {
      resolver.resolve(a);
      resolver.resolve(b);
    }
    double[] timesA = new double[ROUNDS];
    double[] timesB = new double[ROUNDS];
    int sink = 0;
    for (int round = 0; round < ROUNDS; round++) {
      boolean aFirst = round % 2 == 0;
      for (int turn = 0; turn < 2; turn++) {
        InboundRequest request = (turn == 0) == aFirst ? a : b;
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
          sink += resolver.resolve(request).hashCode();
        }
        double perCall = (System.nanoTime() - start) / (double) BATCH;
        if (request == a) {
          timesA[round] = perCall;
        } else {
          timesB[round] = perCall;
        }
      }
    }
    assertThat(sink).isNotEqualTo(42); // keeps the calls from being optimized away
    return new double[] {median(timesA), median(timesB)};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double relativeDifference(double x, double y) {
    return Math.abs(x - y) / Math.min(x, y);
  }
}
