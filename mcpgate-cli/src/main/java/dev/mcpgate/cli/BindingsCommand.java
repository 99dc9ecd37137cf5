package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminRequest;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code mcpgate bindings ...}: upstream credential bindings, which hold secret
 * <em>references</em> ({@code env:NAME}, {@code file:NAME}), never a secret. Rotating a binding
 * replaces its reference and keeps its kind and settings.
 */
@Command(
    name = "bindings",
    mixinStandardHelpOptions = true,
    description = "Create, rotate, list and delete credential bindings (references only).",
    subcommands = {
      BindingsCommand.ListAll.class, BindingsCommand.Show.class, BindingsCommand.Put.class,
      BindingsCommand.Rotate.class, BindingsCommand.Delete.class
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

  static AdminRequest get(String id) {
    return AdminRequest.get("getBinding", "/bindings/{binding}", "binding", id);
  }

  static String line(JsonNode binding) {
    JsonNode b = binding.path("binding");
    return String.format(Locale.ROOT, "%-24s %-12s %s%s revision %d (%s)",
        b.path("id").asString(), kind(b.path("kind").asString()), b.path("secretRef").asString(),
        b.path("profileRefs").isEmpty() ? "" : " profiles " + refs(b.path("profileRefs")),
        binding.at("/meta/revision").asLong(),
        binding.at("/meta/owner").asString().toLowerCase(Locale.ROOT));
  }

  /** The kind as an operator types it, such as {@code apiKey}. */
  private static String kind(String name) {
    try {
      return dev.mcpgate.api.AuthKind.valueOf(name).wireName();
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  private static String refs(JsonNode refs) {
    StringBuilder out = new StringBuilder();
    refs.properties().forEach(e -> out.append(out.length() == 0 ? "" : ", ").append(e.getKey())
        .append('=').append(e.getValue().asString()));
    return out.toString();
  }

  /** {@code mcpgate bindings list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the bindings.")
  @ApiOperation("listBindings")
  public static final class ListAll extends AdminCommand {
    /** Creates the command; picocli fills in its options. */
    public ListAll() {}

    @Override
    int run(Session session) {
      return session.showAll(session.all(AdminRequest.get("listBindings", "/bindings")),
          BindingsCommand::line, "no bindings");
    }
  }

  /** {@code mcpgate bindings show ID}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a binding.")
  @ApiOperation("getBinding")
  public static final class Show extends AdminCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The binding's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Show() {}

    @Override
    int run(Session session) {
      return session.show(session.read(get(id)), b -> List.of(line(b)));
    }
  }

  /** {@code mcpgate bindings put ID --kind KIND --secret-ref REF}: creates or replaces. */
  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Create a binding, or replace its kind, reference and settings.")
  @ApiOperation("putBinding")
  public static final class Put extends ChangeCommand {
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
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("kind", kind);
      body.put("secretRef", secretRef);
      ObjectNode profiles = body.putObject("profileRefs");
      profileRefs.forEach(profiles::put);
      ObjectNode values = body.putObject("settings");
      settings.forEach(values::put);
      return session.change(AdminRequest.change("putBinding", "PUT", "/bindings/{binding}", body,
          "binding", id), session.expectIfExists(get(id)), b -> List.of(line(b)));
    }
  }

  /** {@code mcpgate bindings rotate ID --secret-ref REF}. */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Point a binding at a new secret reference, keeping its kind and settings.")
  @ApiOperation("rotateBinding")
  public static final class Rotate extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The binding's id.")
    private String id = "";

    @Option(names = "--secret-ref", required = true, paramLabel = "REF",
        description = "The new reference: env:NAME or file:NAME (never the secret).")
    private String secretRef = "";

    @Option(names = "--profile-ref", paramLabel = "PROFILE=REF",
        description = "Replace the per-profile references with these (repeatable).")
    private @Nullable Map<String, String> profileRefs;

    /** Creates the command; picocli fills in its options. */
    public Rotate() {}

    @Override
    int run(Session session) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("secretRef", secretRef);
      if (profileRefs != null) {
        ObjectNode profiles = body.putObject("profileRefs");
        profileRefs.forEach(profiles::put);
      }
      return session.change(AdminRequest.change("rotateBinding", "POST",
              "/bindings/{binding}/rotate", body, "binding", id), session.expect(get(id)),
          b -> List.of(line(b)));
    }
  }

  /** {@code mcpgate bindings delete ID}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a binding.")
  @ApiOperation("deleteBinding")
  public static final class Delete extends ChangeCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The binding's id.")
    private String id = "";

    /** Creates the command; picocli fills in its options. */
    public Delete() {}

    @Override
    int run(Session session) {
      return session.change(AdminRequest.change("deleteBinding", "DELETE", "/bindings/{binding}",
          null, "binding", id), session.expect(get(id)), b -> List.of());
    }
  }
}
