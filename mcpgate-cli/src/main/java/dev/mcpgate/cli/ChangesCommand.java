package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.CommandOutput;
import dev.mcpgate.control.ChangeEvent;
import dev.mcpgate.control.ChangeQuery;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ObjectKind;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcpgate changes}: the control plane's change log, newest first: who changed which
 * object through which surface, its revision before and after, and what changed.
 */
@Command(name = "changes", mixinStandardHelpOptions = true,
    description = "Show the change log, newest first.")
public final class ChangesCommand extends StoreCommand {

  @Option(names = "--limit", paramLabel = "N", description = "How many (default 50).")
  private int limit = 50;

  @Option(names = "--kind", paramLabel = "KIND",
      description = "Only this kind of object: source, revision, review, selection, binding,"
          + " client, profile, key, rule, limit, operator.")
  private @Nullable ObjectKind kind;

  @Option(names = "--object", paramLabel = "ID", description = "Only this object.")
  private @Nullable String objectId;

  @Option(names = "--actor", paramLabel = "ID", description = "Only this actor's changes.")
  private @Nullable String actor;

  @Option(names = "--after", paramLabel = "SEQUENCE",
      description = "Only changes after this sequence number.")
  private long after;

  /** Creates the command; picocli fills in its options. */
  public ChangesCommand() {}

  @Override
  int run(ControlPlane control, CommandOutput output) {
    List<ChangeEvent> changes = control.changes(
        new ChangeQuery(null, null, kind, objectId, actor, after, limit));
    return output.show(changes, all -> all.isEmpty() ? List.of("no changes")
        : all.stream().map(ChangesCommand::line).toList());
  }

  static String line(ChangeEvent change) {
    return String.format(Locale.ROOT, "%6d %s %-5s %-16s %-9s %-28s %d->%d %s", change.sequence(),
        change.time(), change.surface().name().toLowerCase(Locale.ROOT), change.actor(),
        change.kind().name().toLowerCase(Locale.ROOT), change.objectId(), change.revisionBefore(),
        change.revisionAfter(), change.summary());
  }
}
