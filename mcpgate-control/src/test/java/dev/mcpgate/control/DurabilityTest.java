package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.control.store.ControlStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing changes is killed with {@code kill -9}; every change it acknowledged is
 * in the store afterwards, and the store is consistent: each object has its change event and
 * each change event its object.
 */
class DurabilityTest {

  private static final int ACKS_BEFORE_KILL = 150;

  @TempDir Path directory;

  @Test
  void everyAcknowledgedChangeSurvivesKillNineOnSqlite() throws Exception {
    killWhileWritingAndCheck("jdbc:sqlite:" + directory.resolve("mcpgate.db"));
  }

  @Test
  void everyAcknowledgedChangeSurvivesKillNineOnPostgres() throws Exception {
    killWhileWritingAndCheck(PostgresDatabase.freshSchemaUrl());
  }

  private void killWhileWritingAndCheck(String url) throws Exception {
    // Migrate first, so that the child spends its life writing changes.
    ControlStore.jdbc(url, null, null).close();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Process child = new ProcessBuilder(java, "-cp", classpath, ChangeWriter.class.getName(), url)
        .redirectError(directory.resolve("child.err").toFile())
        .start();
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("ready");
      while (acknowledged.size() < ACKS_BEFORE_KILL) {
        acknowledged.add(acknowledgement(lines.readLine()));
      }
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      // What the child printed before it died was acknowledged too.
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("ack ")) {
          acknowledged.add(acknowledgement(line));
        }
      }
    }
    assertThat(child.exitValue()).isEqualTo(128 + 9);

    try (ControlStore store = ControlStore.jdbc(url, null, null);
        ControlPlane control = ControlPlane.builder(store).build()) {
      Set<String> clients = control.clients().stream().map(client -> client.meta().id())
          .collect(Collectors.toSet());
      assertThat(clients).containsAll(acknowledged);
      List<ChangeEvent> changes = control.changes(ChangeQuery.latest(10_000));
      assertThat(changes).hasSize(clients.size());
      assertThat(changes.stream().map(ChangeEvent::objectId).collect(Collectors.toSet()))
          .isEqualTo(clients);
      assertThat(control.sequence()).isEqualTo(clients.size());
      // The store takes changes again after the crash.
      assertThat(control.apply(Actor.local(Surface.CLI),
          new Command.CreateClient("after", null, null, Set.of())).applied()).isTrue();
    }
  }

  private static String acknowledgement(String line) throws IOException {
    if (line == null || !line.startsWith("ack ")) {
      throw new IOException("the writer stopped early: " + line);
    }
    return line.substring("ack ".length());
  }
}
