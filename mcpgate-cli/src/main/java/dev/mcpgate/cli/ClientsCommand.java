package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.CommandOutput;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.ClientKey;
import dev.mcpgate.control.Command.CreateClient;
import dev.mcpgate.control.Command.CreateProfile;
import dev.mcpgate.control.Command.IssueKey;
import dev.mcpgate.control.Command.RevokeClient;
import dev.mcpgate.control.Command.RevokeKey;
import dev.mcpgate.control.Command.RevokeProfile;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.Profile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcpgate clients ...}: the MCP callers in the store, their profiles (one per
 * environment) and their API keys. A key is printed once, when issued; the store keeps its hash.
 * A revocation is enforced by a running {@code serve} on the same store within its poll
 * interval.
 */
@Command(
    name = "clients",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke clients, their profiles and their API keys.",
    subcommands = {
      ClientsCommand.Create.class, ClientsCommand.ListAll.class, ClientsCommand.Revoke.class,
      ClientsCommand.AddProfile.class, ClientsCommand.RevokeProfileCommand.class,
      ClientsCommand.Issue.class, ClientsCommand.Keys.class, ClientsCommand.RevokeKeyCommand.class
    })
public final class ClientsCommand implements Runnable {

  @Spec private @Nullable CommandSpec spec;

  /** Creates the command; picocli fills in its options. */
  public ClientsCommand() {}

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  static String line(Client client) {
    return String.format(Locale.ROOT, "%-24s %-8s %s%s%s", client.meta().id(),
        client.revoked() ? "revoked" : "active", client.displayName(),
        client.tenant() == null ? "" : ", tenant " + client.tenant(),
        client.scopes().isEmpty() ? "" : ", scopes " + String.join(" ", client.scopes()));
  }

  static String line(Profile profile) {
    return "profile " + profile.meta().id() + (profile.revoked() ? " revoked" : " active");
  }

  static String line(ClientKey key) {
    return "key " + key.meta().id() + " of " + key.clientId() + "/" + key.profile()
        + (key.revoked() ? " revoked" : " active");
  }

  /** {@code mcpgate clients create ID [--name N] [--tenant T] [--scope S]...}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a client.")
  public static final class Create extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Option(names = "--name", paramLabel = "NAME", description = "Its display name.")
    private @Nullable String name;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Its tenant.")
    private @Nullable String tenant;

    @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope (repeatable).")
    private List<String> scopes = new ArrayList<>();

    /** Creates the command; picocli fills in its options. */
    public Create() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.outcome(control.apply(ACTOR,
              new CreateClient(id, name, tenant, new LinkedHashSet<>(scopes))),
          client -> List.of(line(client)));
    }
  }

  /** {@code mcpgate clients list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the clients, revoked ones included.")
  public static final class ListAll extends StoreCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.show(control.clients(), clients -> clients.isEmpty()
          ? List.of("no clients") : clients.stream().map(ClientsCommand::line).toList());
    }
  }

  /** {@code mcpgate clients revoke ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a client: none of its keys authenticates any more.")
  public static final class Revoke extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Revoke() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      long expected = control.clients().stream().filter(c -> c.meta().id().equals(id))
          .mapToLong(c -> c.meta().revision()).findFirst().orElse(1);
      return output.outcome(control.apply(ACTOR, new RevokeClient(id, expected)),
          client -> List.of(line(client)));
    }
  }

  /** {@code mcpgate clients add-profile ID PROFILE}. */
  @Command(name = "add-profile", mixinStandardHelpOptions = true,
      description = "Give a client a profile: the environment its keys authenticate for.")
  public static final class AddProfile extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile, such as"
        + " production.")
    private String profile = "";

    /** Creates the command; picocli fills in its options. */
    public AddProfile() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.outcome(control.apply(ACTOR, new CreateProfile(id, profile)),
          created -> List.of(line(created)));
    }
  }

  /** {@code mcpgate clients revoke-profile ID PROFILE}. */
  @Command(name = "revoke-profile", mixinStandardHelpOptions = true,
      description = "Revoke a client's profile: none of its keys authenticates any more.")
  public static final class RevokeProfileCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile.")
    private String profile = "";

    /** Creates the command; picocli fills in its options. */
    public RevokeProfileCommand() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      long expected = control.profiles(id).stream().filter(p -> p.name().equals(profile))
          .mapToLong(p -> p.meta().revision()).findFirst().orElse(1);
      return output.outcome(control.apply(ACTOR, new RevokeProfile(id, profile, expected)),
          revoked -> List.of(line(revoked)));
    }
  }

  /** {@code mcpgate clients issue-key ID PROFILE}: prints the key once. */
  @Command(name = "issue-key", mixinStandardHelpOptions = true,
      description = "Issue an API key for a client's profile and print it, the only time it is"
          + " shown.")
  public static final class Issue extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile.")
    private String profile = "";

    /** Creates the command; picocli fills in its options. */
    public Issue() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      return output.outcome(control.apply(ACTOR, new IssueKey(id, profile)),
          issued -> List.of(line(issued.key()),
              "key (shown once; the store keeps only its hash): " + issued.secret()));
    }
  }

  /** {@code mcpgate clients keys ID}. */
  @Command(name = "keys", mixinStandardHelpOptions = true,
      description = "List a client's keys (ids only: no key is ever shown again).")
  public static final class Keys extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Keys() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      List<ClientKey> keys = control.keys(id);
      return output.show(keys, all -> all.isEmpty()
          ? List.of("no keys") : all.stream().map(ClientsCommand::line).toList());
    }
  }

  /** {@code mcpgate clients revoke-key KEY_ID}. */
  @Command(name = "revoke-key", mixinStandardHelpOptions = true,
      description = "Revoke one API key.")
  public static final class RevokeKeyCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "KEY_ID",
        description = "The key's id (the part after mgk_ and before the next _).")
    private String keyId = "";

    /** Creates the command; picocli fills in its options. */
    public RevokeKeyCommand() {}

    @Override
    int run(ControlPlane control, CommandOutput output) {
      long expected = control.clients().stream()
          .flatMap(c -> control.keys(c.meta().id()).stream())
          .filter(k -> k.meta().id().equals(keyId))
          .mapToLong(k -> k.meta().revision()).findFirst().orElse(1);
      return output.outcome(control.apply(ACTOR, new RevokeKey(keyId, expected)),
          key -> List.of(line(key)));
    }
  }
}
