package dev.mcpgate.cli;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.cli.internal.CommandOutput;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.Command.DeleteBinding;
import dev.mcpgate.control.Command.PutBinding;
import dev.mcpgate.control.ControlPlane;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate bindings put|list|delete}: upstream credential bindings, which hold secret
 * <em>references</em> ({@code env:NAME}, {@code file:NAME}), never a secret. Rotating a binding
 * is putting it again with the new reference.
 */
@Command(
    name = "bindings",
    mixinStandardHelpOptions = true,
    description = "Create, rotate, list and delete credential bindings (references only).",
    subcommands = {
      BindingsCommand.Put.class, BindingsCommand.ListAll.class, BindingsCommand.Delete.class
    })
public final class BindingsCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public BindingsCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  static String line(Binding binding) {
    CredentialBinding b = binding.binding();
    return String.format(Locale.ROOT, "%-24s %-12s %s%s revision %d (%s)", b.id(),
        b.kind().wireName(), b.secretRef(),
        b.profileRefs().isEmpty() ? "" : " profiles " + b.profileRefs(),
        binding.meta().revision(), binding.meta().owner().name().toLowerCase(Locale.ROOT));
  }

  /** {@code mcpgate bindings put ID --kind KIND --secret-ref REF}: creates or rotates. */
  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Create a binding, or rotate it: replace its reference and settings.")
  public static final class Put extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The binding's id.")
    private String id = "";

    @Option(names = "--kind", required = true, paramLabel = "KIND",
        description = "How the upstream is authenticated: bearer, basic, apiKey, oauth2, ...")
    private String kind = "";

    @Option(names = "--secret-ref", required = true, paramLabel = "REF",
        description = "Where the secret is read: env:NAME or file:NAME (never the secret).")
    private String secretRef = "";

    @Option(names = "--profile-ref", paramLabel = "PROFILE=REF",
        description = "Another reference for callers of one profile (repeatable).")
    private Map<String, String> profileRefs = new LinkedHashMap<>();

    @Option(names = "--setting", paramLabel = "NAME=VALUE",
        description = "A setting of the auth kind, such as in=header (repeatable).")
    private Map<String, String> settings = new LinkedHashMap<>();

    /** Creates the command; picocli fills in its options. */
    public Put() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      AuthKind authKind = AuthKind.fromWireName(kind);
      long expected = control.bindings().stream().filter(b -> b.meta().id().equals(id))
          .mapToLong(b -> b.meta().revision()).findFirst().orElse(0);
      return output.outcome(control.apply(ACTOR, new PutBinding(
              new CredentialBinding(id, authKind, secretRef, profileRefs, settings), expected)),
          binding -> List.of(line(binding)));
    }
  }

  /** {@code mcpgate bindings list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bindings.")
  public static final class ListAll extends StoreCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.show(control.bindings(), bindings -> bindings.isEmpty()
          ? List.of("no bindings") : bindings.stream().map(BindingsCommand::line).toList());
    }
  }

  /** {@code mcpgate bindings delete ID}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a binding.")
  public static final class Delete extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The binding's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Delete() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      long expected = control.bindings().stream().filter(b -> b.meta().id().equals(id))
          .mapToLong(b -> b.meta().revision()).findFirst().orElse(1);
      return output.outcome(control.apply(ACTOR, new DeleteBinding(id, expected)),
          binding -> List.of("deleted " + line(binding)));
    }
  }
}
