package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminAnswer;
import dev.mcpgate.cli.internal.AdminRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpgate clients ...}: the MCP callers, their profiles (one per environment) and their
 * API keys. A key is printed once, when issued or rotated; the store keeps its hash. A
 * revocation is enforced by a running {@code serve} on the same store within its poll interval.
 */
@Command(
    name = "clients",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke clients, their profiles and their API keys.",
    subcommands = {
      ClientsCommand.ListAll.class, ClientsCommand.Show.class, ClientsCommand.Create.class,
      ClientsCommand.Update.class, ClientsCommand.Revoke.class, ClientsCommand.Profiles.class,
      ClientsCommand.AddProfile.class, ClientsCommand.RevokeProfileCommand.class,
      ClientsCommand.Issue.class, ClientsCommand.Register.class,
      ClientsCommand.Keys.class, ClientsCommand.Key.class, ClientsCommand.RevokeKeyCommand.class,
      ClientsCommand.RotateKey.class
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

  static AdminRequest get(String id) {
    return AdminRequest.get("getClient", "/clients/{client}", "client", id);
  }

  static AdminRequest getKey(String client, String key) {
    return AdminRequest.get("getKey", "/clients/{client}/keys/{key}", "client", client, "key",
        key);
  }

  static String line(JsonNode client) {
    return String.format(Locale.ROOT, "%-24s %-8s %s%s%s, revision %d",
        client.at("/meta/id").asString(),
        client.path("revoked").asBoolean() ? "revoked" : "active",
        client.path("displayName").asString(),
        client.path("tenant").isString() ? ", tenant " + client.path("tenant").asString() : "",
        client.path("scopes").isEmpty() ? ""
            : ", scopes " + SourcesCommand.join(client.path("scopes"), " "),
        client.at("/meta/revision").asLong());
  }

  static String profileLine(JsonNode profile) {
    return "profile " + profile.at("/meta/id").asString()
        + (profile.path("revoked").asBoolean() ? " revoked" : " active");
  }

  static String keyLine(JsonNode key) {
    return "key " + key.at("/meta/id").asString() + " of " + key.path("clientId").asString()
        + "/" + key.path("profile").asString()
        + (key.path("revoked").asBoolean() ? " revoked" : " active");
  }

  static List<String> issuedLines(JsonNode issued) {
    return List.of(keyLine(issued.path("key")),
        "key (shown once; the store keeps only its hash): " + issued.path("secret").asString());
  }

  /**
   * The client a key belongs to: the one named, or the one the back end finds by the key's id
   * alone ({@code GET /clients/-/keys/{key}}, one read however many clients there are).
   */
  static String owner(Session session, @Nullable String client, String key) {
    if (client != null) {
      return client;
    }
    return session.read(getKey("-", key)).path("clientId").asString();
  }

  /** {@code mcpgate clients list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the clients, revoked ones included.")
  @ApiOperation("listClients")
  public static final class ListAll extends AdminCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listClients", "/clients")),
          ClientsCommand::line, "no clients");
    }
  }

  /** {@code mcpgate clients show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a client.")
  @ApiOperation("getClient")
  public static final class Show extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Show() {}

    @Override
    int run(Session session) {
      return session.show(session.read(get(id)), c -> List.of(line(c)));
    }
  }

  /** {@code mcpgate clients create ID [--name N] [--tenant T] [--scope S]...}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a client.")
  @ApiOperation("createClient")
  public static final class Create extends ChangeCommand {
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
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("id", id);
      if (name != null) {
        body.put("displayName", name);
      }
      if (tenant != null) {
        body.put("tenant", tenant);
      }
      scopes.forEach(body.putArray("scopes")::add);
      return session.change(AdminRequest.change("createClient", "POST", "/clients", body), null,
          c -> List.of(line(c)));
    }
  }

  /**
   * {@code mcpgate clients update ID [--name N] [--tenant T | --no-tenant] [--scope S]...
   * [--no-scopes]}: an option left out keeps the client's current value.
   */
  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change a client's display name, tenant or scopes; an option left out keeps"
          + " the current value.")
  @ApiOperation("updateClient")
  public static final class Update extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Option(names = "--name", paramLabel = "NAME", description = "Its new display name.")
    private @Nullable String name;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Its new tenant.")
    private @Nullable String tenant;

    @Option(names = "--no-tenant", description = "Clear its tenant.")
    private boolean noTenant;

    @Option(names = "--scope", paramLabel = "SCOPE",
        description = "A scope (repeatable; replaces its scopes).")
    private List<String> scopes = new ArrayList<>();

    @Option(names = "--no-scopes", description = "Clear its scopes.")
    private boolean noScopes;

    /** Creates the command; picocli fills in its options. */
    public Update() {}

    @Override
    int run(Session session) {
      if (tenant != null && noTenant) {
        throw usage("--tenant and --no-tenant exclude each other");
      }
      if (!scopes.isEmpty() && noScopes) {
        throw usage("--scope and --no-scopes exclude each other");
      }
      AdminAnswer.Done current = session.done(get(id));
      JsonNode was = current.body() == null ? JsonNodeFactory.instance.objectNode()
          : current.body();
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("displayName", name != null ? name : was.path("displayName").asString());
      String newTenant = noTenant ? null : tenant != null ? tenant
          : was.path("tenant").isString() ? was.path("tenant").asString() : null;
      if (newTenant != null) {
        body.put("tenant", newTenant);
      }
      ArrayNode newScopes = body.putArray("scopes");
      if (!scopes.isEmpty()) {
        scopes.forEach(newScopes::add);
      } else if (!noScopes) {
        was.path("scopes").forEach(scope -> newScopes.add(scope.asString()));
      }
      Long expected = ifMatch();
      return session.change(AdminRequest.change("updateClient", "PUT", "/clients/{client}", body,
          "client", id), expected != null ? expected : current.revision(),
          c -> List.of(line(c)));
    }
  }

  /** {@code mcpgate clients revoke ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a client: none of its keys authenticates any more.")
  @ApiOperation("revokeClient")
  public static final class Revoke extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Revoke() {}

    @Override
    int run(Session session) {
      return session.change(AdminRequest.change("revokeClient", "POST", "/clients/{client}/revoke",
          null, "client", id), session.expect(get(id)), c -> List.of(line(c)));
    }
  }

  /** {@code mcpgate clients profiles ID}. */
  @Command(name = "profiles", mixinStandardHelpOptions = true,
      description = "List a client's profiles.")
  @ApiOperation("listProfiles")
  public static final class Profiles extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Profiles() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listProfiles",
          "/clients/{client}/profiles", "client", id)), ClientsCommand::profileLine,
          "no profiles");
    }
  }

  /** {@code mcpgate clients add-profile ID PROFILE}. */
  @Command(name = "add-profile", mixinStandardHelpOptions = true,
      description = "Give a client a profile: the environment its keys authenticate for.")
  @ApiOperation("createProfile")
  public static final class AddProfile extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Parameters(index = "1", paramLabel = "PROFILE",
        description = "The profile, such as production.")
    private String profile = "";

    /** Creates the command; picocli fills in its options. */
    public AddProfile() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("name", profile);
      return session.change(AdminRequest.change("createProfile", "POST",
          "/clients/{client}/profiles", body, "client", id), null,
          p -> List.of(profileLine(p)));
    }
  }

  /** {@code mcpgate clients revoke-profile ID PROFILE}. */
  @Command(name = "revoke-profile", mixinStandardHelpOptions = true,
      description = "Revoke a client's profile: none of its keys authenticates any more.")
  @ApiOperation("revokeProfile")
  public static final class RevokeProfileCommand extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile.")
    private String profile = "";

    /** Creates the command; picocli fills in its options. */
    public RevokeProfileCommand() {}

    @Override
    int run(Session session) {
      Long expected = ifMatch();
      if (expected == null) {
        expected = session.all(AdminRequest.get("listProfiles", "/clients/{client}/profiles",
                "client", id)).stream().filter(p -> p.path("name").asString().equals(profile))
            .map(p -> p.at("/meta/revision").asLong()).findFirst()
            .orElseThrow(() -> new Session.Failed(new AdminAnswer.Problem(404, "not-found",
                "client " + id + " has no profile " + profile, null)));
      }
      return session.change(AdminRequest.change("revokeProfile", "POST",
              "/clients/{client}/profiles/{profile}/revoke", null, "client", id, "profile",
              profile), expected, p -> List.of(profileLine(p)));
    }
  }

  /** {@code mcpgate clients issue-key ID PROFILE}: prints the key once. */
  @Command(name = "issue-key", mixinStandardHelpOptions = true,
      description = "Issue an API key for a client's profile and print it, the only time it is"
          + " shown.")
  @ApiOperation("issueKey")
  public static final class Issue extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile.")
    private String profile = "";

    /** Creates the command; picocli fills in its options. */
    public Issue() {}

    @Override
    int run(Session session) {
      return session.change(AdminRequest.change("issueKey", "POST",
              "/clients/{client}/profiles/{profile}/keys", null, "client", id, "profile",
              profile), null, ClientsCommand::issuedLines);
    }
  }

  /**
   * {@code mcpgate clients register-key ID PROFILE --key-id KEY_ID --sha256 HEX}: a key made
   * elsewhere, known here by its id and hash only (as {@code mcpgate hash-key} prints them).
   */
  @Command(name = "register-key", mixinStandardHelpOptions = true,
      description = "Register an API key made elsewhere by its id and SHA-256 (mcpgate hash-key"
          + " prints both); the key itself is never given.")
  @ApiOperation("registerKey")
  public static final class Register extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    @Parameters(index = "1", paramLabel = "PROFILE", description = "The profile.")
    private String profile = "";

    @Option(names = "--key-id", required = true, paramLabel = "KEY_ID",
        description = "The key's id: 16 lower-case hex digits.")
    private String keyId = "";

    @Option(names = "--sha256", required = true, paramLabel = "HEX",
        description = "The key's SHA-256: 64 lower-case hex digits.")
    private String sha256 = "";

    /** Creates the command; picocli fills in its options. */
    public Register() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("sha256", sha256);
      return session.change(AdminRequest.change("registerKey", "PUT",
              "/clients/{client}/profiles/{profile}/keys/{key}", body, "client", id, "profile",
              profile, "key", keyId), null, k -> List.of(keyLine(k)));
    }
  }

  /** {@code mcpgate clients keys ID}. */
  @Command(name = "keys", mixinStandardHelpOptions = true,
      description = "List a client's keys (ids only: no key is ever shown again).")
  @ApiOperation("listKeys")
  public static final class Keys extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The client's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Keys() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listKeys", "/clients/{client}/keys",
          "client", id)), ClientsCommand::keyLine, "no keys");
    }
  }

  /** {@code mcpgate clients key KEY_ID [--client ID]}. */
  @Command(name = "key", mixinStandardHelpOptions = true,
      description = "Show one key (its id, client, profile and state; never the key).")
  @ApiOperation("getKey")
  public static final class Key extends AdminCommand {
    @Parameters(index = "0", paramLabel = "KEY_ID", description = "The key's id.")
    private String keyId = "";

    @Option(names = "--client", paramLabel = "ID",
        description = "The key's client (default: found from the key's id).")
    private @Nullable String client;

    /** Creates the command; picocli fills in its options. */
    public Key() {}

    @Override
    int run(Session session) {
      return session.show(session.read(getKey(owner(session, client, keyId), keyId)),
          k -> List.of(keyLine(k)));
    }
  }

  /** {@code mcpgate clients revoke-key KEY_ID [--client ID]}. */
  @Command(name = "revoke-key", mixinStandardHelpOptions = true,
      description = "Revoke one API key.")
  @ApiOperation("revokeKey")
  public static final class RevokeKeyCommand extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "KEY_ID",
        description = "The key's id (the part after mgk_ and before the next _).")
    private String keyId = "";

    @Option(names = "--client", paramLabel = "ID",
        description = "The key's client (default: found from the key's id).")
    private @Nullable String client;

    /** Creates the command; picocli fills in its options. */
    public RevokeKeyCommand() {}

    @Override
    int run(Session session) {
      String owner = owner(session, client, keyId);
      return session.change(AdminRequest.change("revokeKey", "POST",
              "/clients/{client}/keys/{key}/revoke", null, "client", owner, "key", keyId),
          session.expect(getKey(owner, keyId)), k -> List.of(keyLine(k)));
    }
  }

  /** {@code mcpgate clients rotate-key KEY_ID [--client ID]}: prints the new key once. */
  @Command(name = "rotate-key", mixinStandardHelpOptions = true,
      description = "Issue a new key for the same profile and revoke the old one; prints the new"
          + " key, the only time it is shown.")
  @ApiOperation("rotateKey")
  public static final class RotateKey extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "KEY_ID", description = "The old key's id.")
    private String keyId = "";

    @Option(names = "--client", paramLabel = "ID",
        description = "The key's client (default: found from the key's id).")
    private @Nullable String client;

    /** Creates the command; picocli fills in its options. */
    public RotateKey() {}

    @Override
    int run(Session session) {
      String owner = owner(session, client, keyId);
      return session.change(AdminRequest.change("rotateKey", "POST",
              "/clients/{client}/keys/{key}/rotate", null, "client", owner, "key", keyId),
          session.expect(getKey(owner, keyId)), ClientsCommand::issuedLines);
    }
  }
}
