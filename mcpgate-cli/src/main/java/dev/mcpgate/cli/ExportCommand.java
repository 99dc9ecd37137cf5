package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.StoreAccess;
import dev.mcpgate.cli.internal.StoreExport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mcpgate export}: writes the store's live state as a configuration file, with secret
 * references and key hashes only; each source's served description is written beside it under
 * {@code sources/}. {@code apply -f} of the result on an empty store, then {@code diff -f},
 * shows no drift.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write the control plane's live state as a configuration file (YAML):"
        + " secret references and key hashes only, descriptions under sources/ beside it.",
        "Exit code 0: written; 1: the store failed; 2: a usage problem."})
public final class ExportCommand extends DeclarativeCommand {

  @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
      description = "Where to write (default: standard output, descriptions under ./sources/).")
  private @Nullable Path target;

  /** Creates the command; picocli fills in its options. */
  public ExportCommand() {}

  @Override
  @Nullable Path file() {
    return null;
  }

  @Override
  int run(StoreAccess access, PrintWriter out, PrintWriter err, boolean json) throws Exception {
    Path dir = target == null ? Path.of(".")
        : Objects.requireNonNullElse(target.toAbsolutePath().getParent(), Path.of("."));
    StoreExport.Exported exported =
        StoreExport.export(access.control(), access.settings().environment(), dir);
    if (target == null) {
      out.print(exported.yaml());
    } else {
      Files.writeString(target, exported.yaml(), StandardCharsets.UTF_8);
      out.println("wrote " + target + " and " + exported.descriptions().size()
          + " descriptions under " + dir.resolve("sources"));
    }
    exported.skipped().forEach(line -> err.println("mcpgate: not exported: " + line));
    return 0;
  }
}
