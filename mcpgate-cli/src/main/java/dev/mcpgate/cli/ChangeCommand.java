package dev.mcpgate.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * A command that changes the control plane: {@code --dry-run} prints the change it would make
 * and changes nothing; {@code --if-match} names the object's revision as last read, so that a
 * change made meanwhile refuses this one (exit code 1, {@code stale-revision}) instead of being
 * overwritten. Without it, the command reads the current revision first.
 */
abstract class ChangeCommand extends AdminCommand {

  @Option(names = "--dry-run",
      description = "Print the change that would be made; change nothing.")
  private boolean dryRun;

  @Option(names = "--if-match", paramLabel = "REVISION",
      description = "Change only if the object is still at this revision (its ETag).")
  private @Nullable Long ifMatch;

  @Override
  boolean dryRun() {
    return dryRun;
  }

  @Override
  @Nullable Long ifMatch() {
    return ifMatch;
  }
}
