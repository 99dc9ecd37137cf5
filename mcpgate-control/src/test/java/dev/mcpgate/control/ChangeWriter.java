package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The child process of {@link DurabilityTest}: creates clients {@code c0, c1, ...} as fast as
 * the store commits them, and prints {@code ack cN} after each commit returned, until killed.
 */
public final class ChangeWriter {

  private ChangeWriter() {}

  /**
   * Runs until killed.
   *
   * @param args the store's JDBC URL
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ControlStore store = ControlStore.jdbc(args[0], null, null);
    ControlPlane control = ControlPlane.builder(store).build();
    Actor actor = Actor.local(Surface.CLI);
    out.println("ready");
    for (int i = 0; ; i++) {
      Outcome<Client> outcome = control.apply(actor,
          new Command.CreateClient("c" + i, null, null, Set.of()));
      if (!outcome.applied()) {
        out.println("refused " + outcome);
        System.exit(2);
      }
      out.println("ack c" + i);
    }
  }
}
